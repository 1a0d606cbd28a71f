/**
 * `st2help [pack] [keyword] [--limit N] [--offset N]`: the aliases this person may run.
 */
import { AliasLimitError } from '../aliases/index.js';
import type { Bot } from '../core/bot.js';
import type { Command } from '../core/command.js';
import { CommandError } from '../core/errors.js';
import { aliasAclKey, aliasSampleText } from './alias-command.js';
import type { AliasCatalog } from './catalog.js';

/** Default page size of `st2help`. */
export const HELP_PAGE_SIZE = 50;

/** Parsed `st2help` arguments. */
export interface HelpArgs {
  readonly words: string[];
  readonly limit: number;
  readonly offset: number;
}

/** Parse `[pack] [keyword] [--limit N] [--offset N]`; throws CommandError on a bad flag. */
export function parseHelpArgs(args: string): HelpArgs {
  const tokens = args.split(/\s+/).filter(Boolean);
  const words: string[] = [];
  let limit = HELP_PAGE_SIZE;
  let offset = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] ?? '';
    const m = /^--(limit|offset)(?:=(.*))?$/.exec(t);
    if (!m) {
      words.push(t);
      continue;
    }
    const raw = m[2] ?? tokens[++i];
    const n = Number(raw);
    if (raw === undefined || !Number.isInteger(n) || n < (m[1] === 'limit' ? 1 : 0)) {
      throw new CommandError(
        `--${m[1]} needs a whole number${m[1] === 'limit' ? ' of at least 1' : ''}.`,
      );
    }
    if (m[1] === 'limit') limit = n;
    else offset = n;
  }
  return { words, limit, offset };
}

/** Build the `st2help` command. */
export function helpCommand(bot: Bot, catalog: AliasCatalog, aliasWord: string): Command {
  const name = `${aliasWord || 'st2'}help`;
  return {
    name,
    aclKey: `st2:${name}`,
    summary: 'list the StackStorm commands you may run',
    usage: '[pack] [keyword] [--limit N] [--offset N]',
    run(ctx) {
      const { words, limit, offset } = parseHelpArgs(ctx.args);
      const index = catalog.index;
      const packs = new Set(index.all().map((a) => a.pack.toLowerCase()));
      const [first, ...restWords] = words;
      const pack = first && packs.has(first.toLowerCase()) ? first : undefined;
      const keyword = (pack ? restWords : words).join(' ') || undefined;
      let page;
      try {
        page = index.help({
          pack,
          filter: keyword,
          limit,
          offset,
          include: (a) => ctx.may(aliasAclKey(a), aliasSampleText(a, aliasWord)),
        });
      } catch (error) {
        if (error instanceof AliasLimitError)
          throw new CommandError(error.message, { cause: error });
        throw error;
      }
      const p = bot.addressing.prefix;
      const cmd = aliasWord ? `${p}${aliasWord} ` : p;
      if (page.available === 0) {
        if (!catalog.loaded)
          return 'I could not load the StackStorm commands yet; try again in a moment.';
        return `No StackStorm commands${pack ? ` in pack ${pack}` : ''}${keyword ? ` match "${keyword}"` : ''} that you may run.`;
      }
      const lines: string[] = [];
      let shown = 0;
      for (const group of page.groups) {
        lines.push(`${group.pack}:`);
        for (const e of group.entries) {
          shown++;
          lines.push(`  ${cmd}${e.display}${e.description ? ` — ${e.description}` : ''}`);
        }
      }
      if (offset > 0 || offset + shown < page.available) {
        lines.push(
          `Showing ${offset + 1}–${offset + shown} of ${page.available}.` +
            (offset + shown < page.available
              ? ` Next: ${p}${name} ${words.join(' ')}${words.length ? ' ' : ''}--offset ${offset + shown}`
              : ''),
        );
      }
      return lines.join('\n');
    },
  };
}

/**
 * `stormbot lint DIR` and `stormbot match --packs DIR "<command>"`: the offline alias tools over
 * pack folders (`src/aliases` does the work; this prints it). With `--json` both print JSON
 * lines, one object per finding or per command (their keys are a contract: docs/aliases.md).
 */
import { createInterface } from 'node:readline';
import { aliasRef } from '../aliases/candidates.js';
import {
  AliasIndex,
  AliasLimitError,
  AliasParseError,
  lintPacks,
  loadPackAliases,
  type AliasMatch,
  type AliasParameters,
  type LintFinding,
} from '../aliases/index.js';
import { normalizeChatText } from '../core/chat-text.js';
import { toError } from '../core/errors.js';
import { defineCommand, UsageError } from './args.js';
import type { CliIo } from './io.js';

function findingLine(f: LintFinding): string {
  const where = f.file || '(packs)';
  const alias = f.alias ? ` ${f.alias}` : '';
  const format = f.format !== null ? ` ${JSON.stringify(f.format)}` : '';
  return `${where}: ${f.severity} [${f.kind}]${alias}${format}: ${f.message}\n`;
}

/** One finding as a `lint --json` line. */
function findingJson(f: LintFinding): string {
  const { file, alias, format, kind, message, severity } = f;
  return `${JSON.stringify({ file, alias, format, kind, message, severity })}\n`;
}

function plural(n: number, word: string): string {
  if (n === 1) return `${n} ${word}`;
  return `${n} ${word}${/(s|x|ch|sh)$/.test(word) ? 'es' : 's'}`;
}

/** The `lint` subcommand: exit 1 when there are errors, 0 otherwise. */
export const lint = defineCommand({
  options: { json: { type: 'boolean' } },
  positionals: true,
  async run({ values, positionals }, io) {
    const [dir, ...more] = positionals;
    if (dir === undefined || more.length > 0) throw new UsageError('lint takes one packs folder');
    const report = await lintPacks(dir).catch((e: unknown) => {
      throw new UsageError(toError(e).message);
    });
    if (values.json) {
      for (const f of report.findings) io.out.write(findingJson(f));
    } else {
      for (const f of report.findings) io.out.write(findingLine(f));
      io.out.write(
        `${plural(report.aliases, 'alias')}, ${plural(report.formats, 'format')}: ${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')}\n`,
      );
    }
    return report.errors > 0 ? 1 : 0;
  },
});

function paramLines(p: AliasParameters, indent: string): string {
  const keys = Object.keys(p);
  if (keys.length === 0) return `${indent}(none)\n`;
  return keys
    .map((k) => `${indent}${k}: ${p[k] === null ? '(unset)' : JSON.stringify(p[k])}\n`)
    .join('');
}

function describe(result: AliasMatch, suggestions: string[]): string {
  switch (result.kind) {
    case 'match': {
      let text = `match: ${aliasRef(result.alias)} -> action ${result.alias.action_ref}\n`;
      text += `format: ${result.representation}\n`;
      if (result.rawDisplay !== null && result.rawDisplay !== result.representation) {
        text += `display: ${result.rawDisplay}\n`;
      }
      if (result.multiple) {
        text += `match_multiple: ${plural(result.parametersList.length, 'execution')}\n`;
        result.parametersList.forEach((p, i) => {
          text += `execution ${i + 1}:\n${paramLines(p, '  ')}`;
        });
      } else {
        text += `parameters:\n${paramLines(result.parameters, '  ')}`;
      }
      if (result.parametersError)
        text += `st2 would refuse to run it: ${result.parametersError.message}\n`;
      if (result.alsoMatched?.length) {
        text +=
          `also fits (st2 refuses the command as ambiguous; matching.ambiguous: longest runs the format above):\n` +
          result.alsoMatched.map((c) => `  ${aliasRef(c.alias)}: ${c.representation}\n`).join('');
      }
      return text;
    }
    case 'ambiguous':
      return (
        `ambiguous: ${result.message}\n` +
        result.candidates.map((c) => `  ${aliasRef(c.alias)}: ${c.representation}\n`).join('')
      );
    case 'disabled':
      return `disabled: only the disabled alias ${aliasRef(result.alias)} matches (${result.representation})\n`;
    case 'no_match':
      return (
        `no match: ${result.message}\n` +
        (suggestions.length > 0
          ? `did you mean:\n${suggestions.map((s) => `  ${s}\n`).join('')}`
          : '')
      );
  }
}

/** One command's outcome as a `match --json` line. */
interface MatchLine {
  command: string;
  status: 'match' | 'ambiguous' | 'none' | 'error';
  alias: string | null;
  format: string | null;
  parameters: AliasParameters;
  /** The matching aliases; for `none`, the suggested ones. */
  candidates: string[];
}

function unique(refs: string[]): string[] {
  return [...new Set(refs)];
}

/**
 * Match one command, its quotes and spaces made plain as the bot does with chat text: the
 * outcome, the suggestions, and as a JSON line (which shows the command as given).
 */
function matchOne(
  index: AliasIndex,
  given: string,
):
  | { result: AliasMatch; suggestions: string[]; line: MatchLine }
  | { error: string; line: MatchLine } {
  const command = normalizeChatText(given);
  const line: MatchLine = {
    command: given,
    status: 'error',
    alias: null,
    format: null,
    parameters: {},
    candidates: [],
  };
  let result: AliasMatch;
  try {
    result = index.match(command);
  } catch (e) {
    if (e instanceof AliasParseError)
      return { error: `st2 would answer with an internal error: ${e.message}`, line };
    if (e instanceof AliasLimitError) return { error: e.message, line };
    throw e;
  }
  const suggested = result.kind === 'no_match' ? index.suggest(command) : [];
  const suggestions = suggested.map((s) => `${s.display} (${aliasRef(s.alias)})`);
  switch (result.kind) {
    case 'match':
      Object.assign(line, {
        status: 'match',
        alias: aliasRef(result.alias),
        format: result.representation,
        parameters: result.parameters,
        candidates: unique(
          [result.alias, ...(result.alsoMatched ?? []).map((c) => c.alias)].map(aliasRef),
        ),
      });
      break;
    case 'ambiguous':
      line.status = 'ambiguous';
      line.candidates = unique(result.candidates.map((c) => aliasRef(c.alias)));
      break;
    default:
      // st2 does not see disabled aliases: for it, nothing matches.
      line.status = 'none';
      line.candidates = unique(suggested.map((s) => aliasRef(s.alias)));
  }
  return { result, suggestions, line };
}

function jsonLine(line: MatchLine): string {
  return `${JSON.stringify(line)}\n`;
}

/** `match --json` without a command: every line of standard input, packs loaded once. */
async function matchLines(index: AliasIndex, io: CliIo): Promise<number> {
  const lines = createInterface({ input: io.in ?? process.stdin, crlfDelay: Infinity });
  for await (const command of lines) {
    const one = matchOne(index, command);
    if ('error' in one) io.err.write(`${JSON.stringify(command)}: ${one.error}\n`);
    io.out.write(jsonLine(one.line));
  }
  return 0;
}

/**
 * The `match` subcommand: exit 0 when one alias matches, 1 otherwise; with `--json` and no
 * command, one line per command read from standard input, exit 0. `--ambiguous longest` applies
 * the bot's `matching.ambiguous: longest` rule.
 */
export const match = defineCommand({
  options: { packs: { type: 'string' }, json: { type: 'boolean' }, ambiguous: { type: 'string' } },
  positionals: true,
  async run({ values, positionals }, io) {
    if (values.packs === undefined || (positionals.length === 0 && !values.json))
      throw new UsageError(
        'match takes --packs DIR and a command, or --json to read commands from standard input',
      );
    const ambiguous = values.ambiguous ?? 'refuse';
    if (ambiguous !== 'refuse' && ambiguous !== 'longest')
      throw new UsageError('--ambiguous takes refuse or longest (as matching.ambiguous)');
    const loaded = await loadPackAliases(values.packs, { actions: false }).catch((e: unknown) => {
      throw new UsageError(toError(e).message);
    });
    const warnings = loaded.problems.map((p) => `${p.file}: ${p.message}`);
    const index = new AliasIndex(loaded.aliases, { invalidFormats: 'skip', ambiguous });
    for (const p of index.problems()) {
      warnings.push(
        `${aliasRef(p.alias)} format ${JSON.stringify(p.representation)} does not compile (${p.error.message}); st2 answers every match with an internal error while it is enabled`,
      );
    }
    const notes = values.json ? io.err : io.out;
    for (const w of warnings) notes.write(`warning: ${w}\n`);
    if (positionals.length === 0) return matchLines(index, io);
    const one = matchOne(index, positionals.join(' '));
    if (values.json) {
      if ('error' in one) io.err.write(`error: ${one.error}\n`);
      io.out.write(jsonLine(one.line));
    } else {
      io.out.write(
        'error' in one ? `error: ${one.error}\n` : describe(one.result, one.suggestions),
      );
    }
    return one.line.status === 'match' ? 0 : 1;
  },
});

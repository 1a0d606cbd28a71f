/**
 * The matching approach of hubot-stackstorm, re-implemented from its documented behaviour (our
 * own code) as a benchmark baseline: every format becomes one native regular expression
 * (`{{ name = default }}` an optional lazy capture, `{{ name }}` a lazy capture, the rest of the
 * format used as a regular expression, anchored at both ends, trailing `key=value` pairs
 * allowed, case-insensitive), and a command is tested against them in registration order; the
 * first that matches wins. No ambiguity check, no st2 semantics: only its cost is compared.
 */
import type { ActionAlias } from '../src/stackstorm/model.js';
import { listCandidates } from '../src/aliases/index.js';

const OPTIONAL = /\s*{{\s*[^\s}=]+\s*=\s*(?:{[^}]*}|[^}]*?)\s*}}/g;
const REQUIRED = /{{\s*[^\s}]+\s*}}/g;
const PAIRS = String.raw`(?:\s+\S+=(?:"[^"]*"|'[^']*'|{[^}]*}|\S+))*`;

/** One format as the hubot-style scan compiles it, or null when it is not a valid expression. */
export function hubotRegex(format: string): RegExp | null {
  const body = format
    .replace(OPTIONAL, String.raw`(?:\s+([\s\S]*?))?`)
    .replace(REQUIRED, String.raw`\s*([\s\S]+?)\s*`);
  try {
    return new RegExp(String.raw`^\s*${body}${PAIRS}\s*$`, 'i');
  } catch {
    return null;
  }
}

/** A matcher: the first alias (and format) whose expression matches the command, or null. */
export function createHubotMatcher(
  aliases: readonly ActionAlias[],
): (command: string) => { alias: ActionAlias; format: string } | null {
  const entries: { alias: ActionAlias; format: string; re: RegExp }[] = [];
  for (const alias of aliases) {
    if (alias.enabled === false) continue;
    for (const c of listCandidates(alias)) {
      const re = c.representation === '' ? null : hubotRegex(c.representation);
      if (re) entries.push({ alias, format: c.representation, re });
    }
  }
  return (command) => {
    for (const e of entries) if (e.re.test(command)) return { alias: e.alias, format: e.format };
    return null;
  };
}

/**
 * Alias help with st2's `/actionalias/help` semantics (docs/reference/st2-api.md §3.4), grouped by pack.
 */
import { normaliseFormat } from './candidates.js';
import { AliasLimitError, AliasParseError } from './errors.js';
import { CodeText, PyRegex, PyRegexError } from './pyre/index.js';
import type { ActionAlias } from '../stackstorm/model.js';
import type { HelpOptions, HelpPage } from './types.js';

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A case-insensitive test for the filter: st2's regex search, or plain text if invalid. */
function filterTest(filter: string | undefined, strict: boolean): (display: string) => boolean {
  if (!filter) return () => true;
  let re: PyRegex;
  try {
    re = PyRegex.compile(filter, { ignoreCase: true });
  } catch (e) {
    if (!(e instanceof PyRegexError)) throw e;
    if (strict) throw new AliasParseError('invalid_format', `re.error: ${e.message}`);
    const needle = filter.toLowerCase();
    return (d) => d.toLowerCase().includes(needle);
  }
  return (d) => {
    try {
      return re.search(new CodeText(d)) !== null;
    } catch (e) {
      if (PyRegex.isBudgetError(e)) {
        throw new AliasLimitError('too_complex', 'The help filter is too complex to search with');
      }
      throw e;
    }
  };
}

/** Whether 0-based entry `i` is inside st2's offset/limit window. */
function inWindow(i: number, offset: number, limit: number): boolean {
  if (offset > 0 && limit > 0) return i >= offset && i < offset + limit;
  if (offset > 0) return i >= offset;
  if (limit > 0) return i < limit;
  return true;
}

/**
 * One help entry per format with display text, for enabled aliases sorted by pack then name,
 * filtered by pack, `include` and the filter; `available` counts before paging.
 */
export function buildHelp(aliases: readonly ActionAlias[], options: HelpOptions = {}): HelpPage {
  const limit = Math.max(0, Math.trunc(options.limit ?? 0));
  const offset = Math.max(0, Math.trunc(options.offset ?? 0));
  const test = filterTest(options.filter, options.strictFilter === true);
  const sorted = aliases
    .filter((a) => a.enabled !== false)
    .filter((a) => options.pack === undefined || options.pack === '' || a.pack === options.pack)
    .filter((a) => !options.include || options.include(a))
    .sort((a, b) => compare(a.pack, b.pack) || compare(a.name, b.name));
  const groups: HelpPage['groups'] = [];
  let available = 0;
  for (const alias of sorted) {
    for (const f of Array.isArray(alias.formats) ? alias.formats : []) {
      const { display } = normaliseFormat(f);
      if (!display || !test(display)) continue;
      const i = available++;
      if (!inWindow(i, offset, limit)) continue;
      let group = groups[groups.length - 1];
      if (group?.pack !== alias.pack) {
        group = { pack: alias.pack, entries: [] };
        groups.push(group);
      }
      group.entries.push({ alias, display, description: alias.description ?? '' });
    }
  }
  return { available, groups };
}

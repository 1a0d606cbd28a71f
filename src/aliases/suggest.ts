/**
 * "Did you mean": the formats closest to a command that matched nothing, by leading words and
 * edit distance.
 */
import { normaliseFormat } from './candidates.js';
import type { ActionAlias } from '../stackstorm/model.js';

interface Entry {
  alias: ActionAlias;
  display: string;
  /** Lower-cased literal words the display starts with. */
  head: string[];
}

const NOT_LITERAL = /[{}<>[\]()\\|^$*+?]/;

function words(s: string): string[] {
  return s
    .trim()
    .split(/\s+/u)
    .filter((w) => w !== '');
}

/** Levenshtein distance, giving up (returning `limit + 1`) once it must exceed `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      cur.push(v);
      best = Math.min(best, v);
    }
    if (best > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/**
 * How far `cmd` is from the literal `head` (plus `extra`), or null when too far: any shared
 * leading word makes it a candidate, otherwise the edit distance must stay within a third of
 * the head's length.
 */
function score(
  cmd: readonly string[],
  head: readonly string[],
  extra = 0,
): { d: number; lead: number } | null {
  let lead = 0;
  while (lead < head.length && cmd[lead] === head[lead]) lead++;
  const headText = head.join(' ');
  const limit = Math.max(1, Math.floor(headText.length / 3));
  const d = editDistance(
    cmd.slice(0, head.length).join(' '),
    headText,
    lead > 0 ? Infinity : limit,
  );
  return lead > 0 || d <= limit ? { d: d + extra, lead } : null;
}

/** Precomputed literal heads of every enabled alias's displayed formats. */
export class Suggester {
  private readonly entries: Entry[] = [];

  constructor(aliases: readonly ActionAlias[]) {
    for (const alias of aliases) {
      if (alias.enabled === false) continue;
      for (const f of Array.isArray(alias.formats) ? alias.formats : []) {
        const { display, representations } = normaliseFormat(f);
        const text = display ?? representations[0];
        if (!text) continue;
        const head: string[] = [];
        for (const w of words(text)) {
          if (NOT_LITERAL.test(w)) break;
          head.push(w.toLowerCase());
        }
        if (head.length > 0) {
          this.entries.push({ alias, display: text, head });
        }
      }
    }
  }

  /**
   * Up to `max` suggestions, closest first. A command may also lack the first word of a head
   * of three words or more (`list actions` for `st2 list actions`), at the cost of one edit; a
   * single remaining word would suggest too much.
   */
  suggest(command: string, max = 3): { alias: ActionAlias; display: string }[] {
    const cmd = words(command.toLowerCase());
    if (cmd.length === 0 || max <= 0) return [];
    const scored: { e: Entry; d: number; lead: number; order: number }[] = [];
    this.entries.forEach((e, order) => {
      const best = [score(cmd, e.head), e.head.length > 2 ? score(cmd, e.head.slice(1), 1) : null]
        .filter((s) => s !== null)
        .sort((x, y) => x.d - y.d || y.lead - x.lead)[0];
      if (best) scored.push({ e, ...best, order });
    });
    scored.sort((x, y) => x.d - y.d || y.lead - x.lead || x.order - y.order);
    const out: { alias: ActionAlias; display: string }[] = [];
    const seen = new Set<string>();
    for (const s of scored) {
      if (seen.has(s.e.display)) continue;
      seen.add(s.e.display);
      out.push({ alias: s.e.alias, display: s.e.display });
      if (out.length >= max) break;
    }
    return out;
  }
}

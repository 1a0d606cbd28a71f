/**
 * The candidates of one matching pass, filed by the literal words their formats require
 * (`required-words.ts`): each format under its rarest key (one key per branch alternative when
 * the words sit in a branch), in flat hash tables. A command is split into tokens once; its
 * tokens, runs of tokens and token starts are looked up, and only the formats found there (and
 * the few that require no word) are verified, in scan order.
 */
import { copyCandidate, type CompiledCandidate, type Hit } from './match-core.js';
import { matchTail, searchWhole, shapeResult, tailStart, type PreparedCommand } from './parser.js';
import {
  foldUnit,
  MAX_GRAM,
  prefixLengths,
  type Requirement,
  type WordKey,
} from './required-words.js';
import { isPySpace } from './pyre/index.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SPACE = 32;
/** Candidate numbers stay below this (they share one float with a 32-bit hash when sorted). */
export const ID_SPAN = 0x20_0000;

/** FNV-1a over the UTF-16 units of a text (the lookup computes the same while it reads). */
export function hashWord(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** The three tables a key can be in. */
const WORDS = 0;
const FOLDED = 1;
const PREFIXES = 2;

function tableOf(key: WordKey): number {
  return key.mode === 'prefix' ? PREFIXES : key.folded ? FOLDED : WORDS;
}

/** One key as a number: table and hash (distinct keys may share one; that only adds candidates). */
function keyCode(key: WordKey): number {
  return tableOf(key) * 0x1_0000_0000 + (hashWord(key.text) >>> 0);
}

/** Key frequencies: how many candidates could be filed under each key. */
export type KeyCounts = Map<number, number>;

function countKeys(reqs: readonly Requirement[], counts: KeyCounts): void {
  for (const r of reqs) {
    if (r.t === 'key') {
      const code = keyCode(r.key);
      counts.set(code, (counts.get(code) ?? 0) + 1);
    } else for (const alt of r.alts) countKeys(alt, counts);
  }
}

/** The cheapest set of keys one of which every match has, or null (the format needs no word). */
function choose(
  reqs: readonly Requirement[],
  counts: KeyCounts,
): { codes: number[]; cost: number } | null {
  let best: { codes: number[]; cost: number } | null = null;
  for (const r of reqs) {
    let option: { codes: number[]; cost: number } | null;
    if (r.t === 'key') {
      const code = keyCode(r.key);
      option = { codes: [code], cost: counts.get(code) ?? 0 };
    } else {
      option = { codes: [], cost: 0 };
      for (const alt of r.alts) {
        const o = choose(alt, counts);
        if (!o) {
          option = null;
          break;
        }
        option.codes.push(...o.codes);
        option.cost += o.cost;
      }
    }
    if (option && (!best || option.cost < best.cost)) best = option;
  }
  return best;
}

/** Where each candidate is filed: its key codes, or null for the bucket every command tries. */
export type Filing = readonly number[] | null;

/**
 * Key choices made for earlier indexes, reused by the next one: an index rebuilt after a small
 * change files its unchanged formats where they were (any required key gives the same answers;
 * the rarest only makes lookups cheaper).
 */
export class FilingMemo {
  readonly counts: KeyCounts = new Map();
  private readonly chosen = new Map<CompiledCandidate['compiled'], Filing>();

  /** Choose keys for candidates: frequencies counted over them (and earlier ones). */
  file(candidates: readonly CompiledCandidate[]): Filing[] {
    const fresh = candidates.filter((c) => c.compiled && !this.chosen.has(c.compiled));
    for (const c of fresh) if (c.compiled) countKeys(c.compiled.required.reqs, this.counts);
    for (const c of fresh) {
      const cf = c.compiled;
      if (!cf || this.chosen.has(cf)) continue;
      this.chosen.set(cf, choose(cf.required.reqs, this.counts)?.codes ?? null);
    }
    return candidates.map((c) => (c.compiled ? (this.chosen.get(c.compiled) ?? null) : null));
  }

  /**
   * The memo for an index built from this one's, which uses `live` candidates: this one, shared,
   * until it holds more than twice as many formats; then a fresh one (removed formats let go).
   */
  forNext(live: number): FilingMemo {
    return this.chosen.size <= 2 * live + 1024 ? this : new FilingMemo();
  }
}

/** Hash → ascending candidate numbers, in one open-addressed table over flat arrays. */
class Buckets {
  /** Per slot: hash, first and end position in `ids` (end 0: free). */
  private readonly slots: Int32Array;
  private readonly mask: number;
  readonly ids: Int32Array;
  readonly size: number;
  /** Set by {@link find}: the range of `ids` found. */
  from = 0;
  to = 0;

  constructor(pairs: readonly number[]) {
    // pairs: hash (unsigned), candidate number, alternately; sorted as one number each.
    const count = pairs.length / 2;
    const keys = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      keys[i] = (pairs[2 * i] ?? 0) * ID_SPAN + (pairs[2 * i + 1] ?? 0);
    }
    keys.sort();
    this.ids = new Int32Array(count);
    const hashes: number[] = [];
    const ends: number[] = [];
    let n = 0;
    for (let i = 0; i < count; i++) {
      const k = keys[i] ?? 0;
      const hash = Math.floor(k / ID_SPAN);
      const id = k - hash * ID_SPAN;
      if (hashes.length === 0 || hashes[hashes.length - 1] !== hash) {
        hashes.push(hash);
        ends.push(n);
      } else if (this.ids[n - 1] === id) continue;
      this.ids[n++] = id;
      ends[ends.length - 1] = n;
    }
    this.size = hashes.length;
    let size = 16;
    while (size < hashes.length * 2) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size * 3);
    let from = 0;
    hashes.forEach((hash, g) => {
      const to = ends[g] ?? 0;
      this.put(hash | 0, from, to);
      from = to;
    });
  }

  private put(hash: number, from: number, to: number): void {
    let s = mix(hash) & this.mask;
    while ((this.slots[s * 3 + 2] ?? 0) !== 0) s = (s + 1) & this.mask;
    this.slots[s * 3] = hash;
    this.slots[s * 3 + 1] = from;
    this.slots[s * 3 + 2] = to;
  }

  /** Whether candidates are filed under `hash`; their range is then in `from`/`to`. */
  find(hash: number): boolean {
    const slots = this.slots;
    const mask = this.mask;
    for (let s = mix(hash) & mask; ; s = (s + 1) & mask) {
      const to = slots[s * 3 + 2] ?? 0;
      if (to === 0) return false;
      if (slots[s * 3] === hash) {
        this.from = slots[s * 3 + 1] ?? 0;
        this.to = to;
        return true;
      }
    }
  }
}

/** Whether `str` contains one text of every group. */
function containsAll(str: string, groups: readonly (readonly string[])[]): boolean {
  for (const group of groups) {
    let any = false;
    for (const text of group) {
      if (str.includes(text)) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  return true;
}

function mix(h: number): number {
  let x = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  x ^= x >>> 13;
  return x;
}

/**
 * One pass's candidates, indexed. {@link hits} gives exactly what trying every candidate in scan
 * order gives (st2's full scan): a candidate not looked at lacks a word every match of its format
 * has, so it cannot fit.
 */
export class CandidateIndex {
  private readonly all: CompiledCandidate[];
  /** Candidates filed under no key, ascending. */
  private readonly generic: Int32Array;
  private readonly tables: Buckets[];
  /** Prefix-key lengths present (`1` at each length). */
  private readonly prefixLengths: Uint8Array;
  /** Per candidate, the number of the last lookup that found it. */
  private readonly seen: Uint32Array;
  private lookups = 0;
  private found = new Int32Array(64);
  private readonly tokenStarts: number[] = [];
  private readonly tokenEnds: number[] = [];

  constructor(candidates: readonly CompiledCandidate[], filings: readonly Filing[]) {
    // Copies made one after the other, so the candidates read together sit together.
    this.all = candidates.map(copyCandidate);
    const pairs: number[][] = [[], [], []];
    const generic: number[] = [];
    candidates.forEach((c, id) => {
      if (!c.compiled) return;
      const codes = filings[id];
      if (!codes || id >= ID_SPAN) {
        generic.push(id);
        return;
      }
      for (const code of codes) {
        const table = Math.floor(code / 0x1_0000_0000);
        pairs[table]?.push(code % 0x1_0000_0000, id);
      }
    });
    const lengths = new Set<number>();
    for (const c of candidates) if (c.compiled) prefixLengths(c.compiled.required.reqs, lengths);
    this.generic = Int32Array.from(generic);
    this.tables = pairs.map((p) => new Buckets(p));
    this.prefixLengths = new Uint8Array(Math.max(0, ...lengths) + 1);
    for (const l of lengths) this.prefixLengths[l] = 1;
    this.seen = new Uint32Array(candidates.length);
  }

  private grow(need: number): void {
    if (need <= this.found.length) return;
    const bigger = new Int32Array(Math.max(this.found.length * 2, need));
    bigger.set(this.found);
    this.found = bigger;
  }

  /** Add a table's range, skipping candidates already found; returns the new count. */
  private addRange(n: number, table: Buckets): number {
    const { from, to, ids } = table;
    this.grow(n + to - from);
    const stamp = this.lookups;
    for (let r = from; r < to; r++) {
      const id = ids[r] ?? 0;
      if (this.seen[id] === stamp) continue;
      this.seen[id] = stamp;
      this.found[n++] = id;
    }
    return n;
  }

  /** Split the stream into tokens (maximal runs of non-whitespace units). */
  private tokenize(str: string): number {
    const starts = this.tokenStarts;
    const ends = this.tokenEnds;
    let count = 0;
    let i = 0;
    const len = str.length;
    for (;;) {
      while (i < len && isPySpace(str.charCodeAt(i))) i++;
      if (i >= len) break;
      const s = i;
      while (i < len && !isPySpace(str.charCodeAt(i))) i++;
      starts[count] = s;
      ends[count] = i;
      count++;
    }
    return count;
  }

  /** Look up runs of 1 to 3 tokens in a table, units folded or not. */
  private lookupRuns(n: number, str: string, count: number, table: Buckets, fold: boolean): number {
    if (table.size === 0) return n;
    for (let t = 0; t < count; t++) {
      let h = FNV_OFFSET;
      for (let g = 0; g < MAX_GRAM && t + g < count; g++) {
        if (g > 0) h = Math.imul(h ^ SPACE, FNV_PRIME);
        const end = this.tokenEnds[t + g] ?? 0;
        for (let i = this.tokenStarts[t + g] ?? 0; i < end; i++) {
          const c = str.charCodeAt(i);
          h = Math.imul(h ^ (fold ? foldUnit(c) : c), FNV_PRIME);
        }
        if (table.find(h)) n = this.addRange(n, table);
      }
    }
    return n;
  }

  private lookupPrefixes(n: number, str: string, count: number): number {
    const table = this.tables[PREFIXES];
    if (!table || table.size === 0) return n;
    const lengths = this.prefixLengths;
    for (let t = 0; t < count; t++) {
      const start = this.tokenStarts[t] ?? 0;
      const end = Math.min(this.tokenEnds[t] ?? 0, start + lengths.length - 1);
      let h = FNV_OFFSET;
      for (let i = start; i < end; i++) {
        h = Math.imul(h ^ str.charCodeAt(i), FNV_PRIME);
        if (lengths[i - start + 1] === 1 && table.find(h)) n = this.addRange(n, table);
      }
    }
    return n;
  }

  /** The candidates that could fit, ascending (scan order), in `found`; returns how many. */
  private lookup(cmd: PreparedCommand): number {
    this.lookups = (this.lookups + 1) >>> 0;
    if (this.lookups === 0) {
      this.seen.fill(0);
      this.lookups = 1;
    }
    const generic = this.generic;
    this.grow(generic.length);
    this.found.set(generic);
    let n = generic.length;
    const str = cmd.stream.str;
    const count = this.tokenize(str);
    const [words, folded] = this.tables;
    if (words) n = this.lookupRuns(n, str, count, words, false);
    if (folded) n = this.lookupRuns(n, str, count, folded, true);
    n = this.lookupPrefixes(n, str, count);
    if (n > generic.length && n > 1) this.found.subarray(0, n).sort();
    return n;
  }

  /**
   * The candidates that fit the command, in scan order (st2's single mode: neither no_match nor
   * no_value); those marked in `removed` are left out without being run.
   */
  hits(cmd: PreparedCommand, removed: Uint8Array | null = null): Hit[] {
    const n = this.lookup(cmd);
    const hits: Hit[] = [];
    const str = cmd.stream.str;
    for (let k = 0; k < n; k++) {
      const id = this.found[k] ?? 0;
      if (removed && removed[id] === 1) continue;
      const candidate = this.all[id];
      const cf = candidate?.compiled;
      if (!candidate || !cf) continue;
      if (!containsAll(str, cf.required.substrings)) continue;
      let slots: Int32Array | null;
      const fast = cf.fast;
      if (fast) {
        const at = tailStart(fast, cmd);
        slots = at < 0 ? null : matchTail(cf, fast.tail, cmd, at);
      } else slots = searchWhole(cf, cmd);
      if (!slots) continue;
      const parameters = shapeResult(cf.shape, slots, cmd, cf);
      if (typeof parameters !== 'string') {
        const { alias, representation } = candidate;
        hits.push({ candidate, alias, representation, parameters });
      }
    }
    return hits;
  }
}

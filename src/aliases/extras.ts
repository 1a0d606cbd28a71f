/**
 * Trailing `key=value` pairs of a command (docs/reference/alias-parser.md §A.1), computed in linear time
 * instead of with st2's nested-quantifier regular expression, with the same outcome.
 */
import { isPySpace } from './pyre/index.js';

/** A command with its trailing pairs taken out. */
export interface SplitCommand {
  /** The command with every occurrence of the pair tail removed (not yet padded). */
  stripped: string;
  /** The pairs, left to right (duplicates kept; the last one wins when applied). */
  pairs: [string, string][];
  /** The pair tail as typed (with its leading whitespace), '' when none. */
  tail: string;
}

function ws(s: string, i: number): boolean {
  return i < s.length && isPySpace(s.charCodeAt(i));
}

let scratch = new Int32Array(0);

const WS_C = 0;
const EQ_C = 1;
const DQ_C = 2;
const SQ_C = 3;
const LB_C = 4;
const RB_C = 5;
const OTHER_C = 6;

function charClass(code: number): number {
  switch (code) {
    case 61:
      return EQ_C;
    case 34:
      return DQ_C;
    case 39:
      return SQ_C;
    case 123:
      return LB_C;
    case 125:
      return RB_C;
    default:
      return isPySpace(code) ? WS_C : OTHER_C;
  }
}

/**
 * The start of the pair tail: the earliest position from which the rest of the command is a
 * sequence of one or more pairs (each may use any decomposition, as a backtracking engine would
 * find), or -1. Dynamic programming from the end, over one reused buffer.
 */
export function findPairTail(s: string): number {
  const n = s.length;
  if (n === 0) return -1;
  const m = n + 3;
  if (scratch.length < 12 * m) scratch = new Int32Array(24 * m);
  const t = scratch;
  t.fill(0, 0, 12 * m);
  // Rows. C: character class. WS/NWS: end of the (non-)whitespace run at i. R: from i (just
  // after a value), optional whitespace then pairs reach the end. Q: a key starting at i begins
  // such a pair. EQV: s[i] is the '=' of such a pair. VAL: a value starting at i reaches the
  // end. CR/CE: suffix counts of R/EQV. DQ/SQ/BR: a closing '"', "'" or '}' at k >= i with
  // R[k + 1].
  const C = 0;
  const WS = m;
  const NWS = 2 * m;
  const R = 3 * m;
  const Q = 4 * m;
  const EQV = 5 * m;
  const VAL = 6 * m;
  const CR = 7 * m;
  const CE = 8 * m;
  const DQ = 9 * m;
  const SQ = 10 * m;
  const BR = 11 * m;
  t[WS + n] = n;
  t[NWS + n] = n;
  t[C + n] = OTHER_C;
  t[C + n + 1] = OTHER_C;
  for (let i = n - 1; i >= 0; i--) {
    const c = charClass(s.charCodeAt(i));
    t[C + i] = c;
    t[WS + i] = c === WS_C ? (t[WS + i + 1] ?? n) : i;
    t[NWS + i] = c === WS_C ? i : (t[NWS + i + 1] ?? n);
  }
  for (let i = n; i >= 0; i--) {
    const w = t[WS + i] ?? n;
    const r = i === n || w === n ? 1 : w === i ? 0 : (t[Q + w] ?? 0);
    t[R + i] = r;
    const c = i < n ? (t[C + i] ?? OTHER_C) : WS_C;
    if (c !== WS_C) {
      const c2 = t[C + i + 1];
      let v = 0;
      if (c === DQ_C && ((c2 === DQ_C && t[R + i + 2]) || t[DQ + i + 2])) v = 1;
      else if (c === SQ_C && ((c2 === SQ_C && t[R + i + 2]) || t[SQ + i + 2])) v = 1;
      else if (c === LB_C && t[BR + i + 2]) v = 1;
      if (!v) {
        const end = t[NWS + i] ?? n;
        if ((t[CR + i + 1] ?? 0) - (t[CR + end + 1] ?? 0) > 0) v = 1;
      }
      t[VAL + i] = v;
    }
    const eqv = c === EQ_C && t[VAL + i + 1] ? 1 : 0;
    t[EQV + i] = eqv;
    if (c !== WS_C) {
      const end = t[NWS + i] ?? n;
      let ok = (t[CE + i + 1] ?? 0) - (t[CE + end] ?? 0) > 0;
      if (!ok && end < n) {
        const after = t[WS + end] ?? n;
        ok = after < n && t[EQV + after] === 1;
      }
      t[Q + i] = ok ? 1 : 0;
    }
    const next = t[R + i + 1] ?? 0;
    t[CR + i] = (t[CR + i + 1] ?? 0) + r;
    t[CE + i] = (t[CE + i + 1] ?? 0) + eqv;
    t[DQ + i] = t[DQ + i + 1] || (c === DQ_C && next) ? 1 : 0;
    t[SQ + i] = t[SQ + i + 1] || (c === SQ_C && next) ? 1 : 0;
    t[BR + i] = t[BR + i + 1] || (c === RB_C && next) ? 1 : 0;
  }
  const w0 = t[WS] ?? n;
  if (w0 < n && t[Q + w0]) return 0;
  for (let p = 1; p < n; p++) {
    if (t[C + p] !== WS_C) continue;
    const w = t[WS + p] ?? n;
    if (w < n && t[Q + w]) return p;
    p = w - 1;
  }
  return -1;
}

/** The first value at `v` in left-to-right scanning order (shortest local choice), or null. */
function scanValue(t: string, v: number): { value: string; end: number } | null {
  const c = t[v];
  if (c === undefined || ws(t, v)) return null;
  const c2 = t[v + 1];
  if (c === '"' && c2 === '"') return { value: '', end: v + 2 };
  if (c === "'" && c2 === "'") return { value: '', end: v + 2 };
  if (c === '"' || c === "'") {
    const k = t.indexOf(c, v + 2);
    if (k >= 0) return { value: t.slice(v + 1, k), end: k + 1 };
  }
  if (c === '{') {
    const k = t.indexOf('}', v + 2);
    if (k >= 0) return { value: t.slice(v, k + 1), end: k + 1 };
  }
  let end = v;
  while (end < t.length && !ws(t, end)) end++;
  return { value: t.slice(v, end), end };
}

/** The pairs of a tail, scanned left to right without looking ahead (st2's `findall`). */
export function scanPairs(t: string): [string, string][] {
  const n = t.length;
  const out: [string, string][] = [];
  let pos = 0;
  outer: while (pos < n) {
    for (let s0 = pos; s0 < n; s0++) {
      if (s0 !== 0 && !ws(t, s0)) continue;
      let w = s0;
      while (w < n && ws(t, w)) w++;
      if (w >= n) break;
      let r = w;
      while (r < n && !ws(t, r)) r++;
      for (let e = w + 1; e <= r; e++) {
        let eq = -1;
        if (e < r) {
          if (t[e] === '=') eq = e;
        } else {
          let after = r;
          while (after < n && ws(t, after)) after++;
          if (after < n && t[after] === '=') eq = after;
        }
        if (eq < 0) continue;
        const value = scanValue(t, eq + 1);
        if (value) {
          out.push([t.slice(w, e), value.value]);
          pos = value.end;
          continue outer;
        }
      }
      // Every start inside the same whitespace run reaches the same key: skip the run.
      s0 = Math.max(s0, w - 1);
    }
    break;
  }
  return out;
}

/** Take the trailing pairs out of a command (§A.1), before padding. */
export function splitExtraPairs(command: string): SplitCommand {
  const eq = command.indexOf('=');
  if (eq < 0) return { stripped: command, pairs: [], tail: '' };
  // No pair can start before the word in front of the first '=' (a key ends right before its
  // '='), so the search only needs that suffix; positions there keep their meaning.
  let k = eq;
  while (k > 0 && ws(command, k - 1)) k--;
  while (k > 0 && !ws(command, k - 1)) k--;
  while (k > 0 && ws(command, k - 1)) k--;
  const found = findPairTail(command.slice(k));
  const p = found < 0 ? -1 : found + k;
  if (p < 0) return { stripped: command, pairs: [], tail: '' };
  const tail = command.slice(p);
  // Usually the tail occurs only at the end: cutting it off is the same as deleting every copy.
  const stripped = command.indexOf(tail) === p ? command.slice(0, p) : command.split(tail).join('');
  return { stripped, pairs: scanPairs(tail), tail };
}

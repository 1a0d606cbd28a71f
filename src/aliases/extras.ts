/**
 * Trailing `key=value` pairs of a command (alias-parser.md §A.1), computed in linear time
 * instead of with st2's nested-quantifier regular expression, with the same outcome.
 */
import { isPySpace } from './pyre/index.js';

/** A command with its trailing pairs taken out. */
export interface SplitCommand {
  /** The command with every occurrence of the pair tail removed (not yet padded). */
  stripped: string;
  /** The pairs, left to right (duplicates kept; the last one wins when applied). */
  pairs: [string, string][];
}

function ws(s: string, i: number): boolean {
  return i < s.length && isPySpace(s.charCodeAt(i));
}

/** For each position, the first position at or after it that is not (or is) whitespace. */
function runEnds(s: string): { wsEnd: Int32Array; nwsEnd: Int32Array } {
  const n = s.length;
  const wsEnd = new Int32Array(n + 1);
  const nwsEnd = new Int32Array(n + 1);
  wsEnd[n] = n;
  nwsEnd[n] = n;
  for (let i = n - 1; i >= 0; i--) {
    const isWs = ws(s, i);
    wsEnd[i] = isWs ? (wsEnd[i + 1] ?? n) : i;
    nwsEnd[i] = isWs ? i : (nwsEnd[i + 1] ?? n);
  }
  return { wsEnd, nwsEnd };
}

/**
 * The start of the pair tail: the earliest position from which the rest of the command is a
 * sequence of one or more pairs (each may use any decomposition, as a backtracking engine would
 * find), or -1.
 */
export function findPairTail(s: string): number {
  const n = s.length;
  if (n === 0) return -1;
  const { wsEnd, nwsEnd } = runEnds(s);
  // r: the rest from i (just after a value) is optional whitespace, then pairs, to the end.
  const r = new Uint8Array(n + 2);
  // q: a key starting at i begins a pair whose rest reaches the end.
  const q = new Uint8Array(n + 2);
  // eqv: s[i] is the '=' of a pair whose value and rest reach the end.
  const eqv = new Uint8Array(n + 2);
  // valueAt: a value starting at i, followed by the rest, reaches the end.
  const valueAt = new Uint8Array(n + 2);
  const cntR = new Int32Array(n + 3);
  const cntEqv = new Int32Array(n + 3);
  // For quoted or braced values: some closing char at k >= i with r[k + 1].
  const dq = new Uint8Array(n + 3);
  const sq = new Uint8Array(n + 3);
  const br = new Uint8Array(n + 3);
  for (let i = n; i >= 0; i--) {
    if (i === n) r[i] = 1;
    else {
      const w = wsEnd[i] ?? n;
      r[i] = w === n ? 1 : w === i ? 0 : (q[w] ?? 0);
    }
    let v = 0;
    if (i < n && !ws(s, i)) {
      const c = s[i];
      const c2 = s[i + 1];
      if (c === '"' && c2 === '"' && r[i + 2]) v = 1;
      else if (c === "'" && c2 === "'" && r[i + 2]) v = 1;
      else if (c === '"' && dq[i + 2]) v = 1;
      else if (c === "'" && sq[i + 2]) v = 1;
      else if (c === '{' && br[i + 2]) v = 1;
      else {
        const end = nwsEnd[i] ?? n;
        if ((cntR[i + 1] ?? 0) - (cntR[end + 1] ?? 0) > 0) v = 1;
      }
    }
    eqv[i] = i < n && s[i] === '=' && valueAt[i + 1] ? 1 : 0;
    valueAt[i] = v;
    if (i < n && !ws(s, i)) {
      const end = nwsEnd[i] ?? n;
      let ok = (cntEqv[i + 1] ?? 0) - (cntEqv[end] ?? 0) > 0;
      if (!ok && end < n) {
        const after = wsEnd[end] ?? n;
        ok = after < n && eqv[after] === 1;
      }
      q[i] = ok ? 1 : 0;
    }
    cntR[i] = (cntR[i + 1] ?? 0) + (r[i] ?? 0);
    cntEqv[i] = (cntEqv[i + 1] ?? 0) + (eqv[i] ?? 0);
    dq[i] = dq[i + 1] || (s[i] === '"' && r[i + 1]) ? 1 : 0;
    sq[i] = sq[i + 1] || (s[i] === "'" && r[i + 1]) ? 1 : 0;
    br[i] = br[i + 1] || (s[i] === '}' && r[i + 1]) ? 1 : 0;
  }
  const w0 = wsEnd[0] ?? n;
  if (w0 < n && q[w0]) return 0;
  for (let p = 1; p < n; p++) {
    if (!ws(s, p)) continue;
    const w = wsEnd[p] ?? n;
    if (w < n && q[w]) return p;
    p = w - 1;
  }
  return -1;
}

function nextIndexOf(s: string, ch: string): Int32Array {
  const out = new Int32Array(s.length + 2).fill(-1);
  for (let i = s.length - 1; i >= 0; i--) out[i] = s[i] === ch ? i : (out[i + 1] ?? -1);
  return out;
}

/** The first value at `v` in left-to-right scanning order (shortest local choice), or null. */
function scanValue(
  t: string,
  v: number,
  next: { dq: Int32Array; sq: Int32Array; br: Int32Array },
  nwsEnd: Int32Array,
): { value: string; end: number } | null {
  const c = t[v];
  if (c === undefined || ws(t, v)) return null;
  const c2 = t[v + 1];
  if (c === '"' && c2 === '"') return { value: '', end: v + 2 };
  if (c === "'" && c2 === "'") return { value: '', end: v + 2 };
  if (c === '"' || c === "'") {
    const k = (c === '"' ? next.dq : next.sq)[v + 2] ?? -1;
    if (k >= 0) return { value: t.slice(v + 1, k), end: k + 1 };
  }
  if (c === '{') {
    const k = next.br[v + 2] ?? -1;
    if (k >= 0) return { value: t.slice(v, k + 1), end: k + 1 };
  }
  const end = nwsEnd[v] ?? t.length;
  return { value: t.slice(v, end), end };
}

/** The pairs of a tail, scanned left to right without looking ahead (st2's `findall`). */
export function scanPairs(t: string): [string, string][] {
  const n = t.length;
  const { wsEnd, nwsEnd } = runEnds(t);
  const next = { dq: nextIndexOf(t, '"'), sq: nextIndexOf(t, "'"), br: nextIndexOf(t, '}') };
  const out: [string, string][] = [];
  let pos = 0;
  outer: while (pos < n) {
    for (let s0 = pos; s0 < n; s0++) {
      if (s0 !== 0 && !ws(t, s0)) continue;
      const w = wsEnd[s0] ?? n;
      if (w >= n) break;
      const r = nwsEnd[w] ?? n;
      for (let e = w + 1; e <= r; e++) {
        let eq = -1;
        if (e < r) {
          if (t[e] === '=') eq = e;
        } else {
          const after = wsEnd[r] ?? n;
          if (after < n && t[after] === '=') eq = after;
        }
        if (eq < 0) continue;
        const value = scanValue(t, eq + 1, next, nwsEnd);
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
  if (!command.includes('=')) return { stripped: command, pairs: [] };
  const p = findPairTail(command);
  if (p < 0) return { stripped: command, pairs: [] };
  const tail = command.slice(p);
  return { stripped: command.split(tail).join(''), pairs: scanPairs(tail) };
}

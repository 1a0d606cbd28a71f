/**
 * A backtracking matcher with Python `re` semantics (leftmost match, ordered alternatives, lazy
 * and greedy repetition). Split states already explored at a position are remembered, so a
 * pattern without back-references is matched in polynomial time whatever its shape; every run
 * also has a step budget.
 */
import type { Program } from './compile.js';
import { isAsciiWord, isPyWord, lowerOf, upperOf } from './chars.js';
import { At, Op } from './opcodes.js';

/** The step budget ran out (a runaway pattern). */
export class BudgetExceeded extends Error {
  constructor(readonly steps: number) {
    super(`regular expression needed more than ${steps} steps`);
    this.name = 'BudgetExceeded';
  }
}

// Backtrack entries; the kind is pushed last. BRANCH: pc, pos. RESTORE: slot, old value.
// GREEDY: loop pc, lowest position, next position to try (downwards).
// LAZY: set, memo row, loop pc, last position tried (upwards).
const BRANCH = 0;
const RESTORE = 1;
const GREEDY = 2;
const LAZY = 3;

let scratch = new Int32Array(1024);
/** Largest memo table (entries); about 64 MB. */
const MAX_MEMO = 16_000_000;
let generation = 0;

function nextGeneration(): number {
  if (generation >= 0x7ffffff0) {
    scratch.fill(0);
    generation = 0;
  }
  return ++generation;
}

function boundary(inp: Int32Array, n: number, pos: number, ascii: boolean): boolean {
  if (n === 0) return false;
  const isWord = ascii ? isAsciiWord : isPyWord;
  const before = pos > 0 ? isWord(inp[pos - 1] ?? 0) : false;
  const after = pos < n ? isWord(inp[pos] ?? 0) : false;
  return before !== after;
}

const EMPTY: Program = {
  op: new Int32Array(1),
  a: new Int32Array(1),
  b: new Int32Array(1),
  memo: new Int32Array(1).fill(-1),
  follow: new Int32Array(1).fill(-1),
  firsts: [],
  nSplits: 0,
  sets: [],
  subs: [],
  nSlots: 2,
  useMemo: true,
  anchoredStart: false,
};

/** Runs one program; reusable for successive inputs (not re-entrant across inputs). */
export class Machine {
  private slots = new Int32Array(16);
  private prog: Program = EMPTY;
  steps = 0;
  private inp: Int32Array = new Int32Array(0);
  /** Input length: `inp` may be a larger reused buffer. */
  private n = 0;
  private budget = 0;
  private stride = 1;
  private cache: Map<number, Int32Array> | null = null;
  private memoOn = true;
  private stack: Int32Array = new Int32Array(1024);
  private sp = 0;

  /**
   * Start work with a program on the first `n` code points of `inp`, with a fresh step budget.
   */
  reset(prog: Program, inp: Int32Array, n: number, budget: number): void {
    this.prog = prog;
    if (this.slots.length < prog.nSlots) this.slots = new Int32Array(prog.nSlots * 2);
    this.inp = inp;
    this.n = n;
    this.budget = budget;
    this.steps = 0;
    this.stride = n + 1;
    this.cache = null;
    this.sp = 0;
    const need = prog.nSplits * this.stride;
    // A huge program on a long input would need a huge memo: run it on the step budget alone.
    this.memoOn = prog.useMemo && need <= MAX_MEMO;
    if (this.memoOn) {
      if (scratch.length < need) {
        scratch = new Int32Array(Math.max(need, scratch.length * 2));
        generation = 0;
      }
    }
  }

  /**
   * Leftmost match starting at or after `from`; when `mustAdvance`, an empty match at `from` is
   * refused (Python's rule for successive matches). Returns a copy of the slots (0/1 = the match
   * span), or null.
   */
  search(from: number, mustAdvance: boolean): Int32Array | null {
    const gen = nextGeneration();
    const n = this.n;
    const last = this.prog.anchoredStart ? Math.min(from, 0) : n;
    for (let start = from; start <= last; start++) {
      this.slots.fill(-1, 0, this.prog.nSlots);
      const end = this.run(0, start, gen, mustAdvance ? from : -1);
      if (end >= 0) {
        this.slots[0] = start;
        this.slots[1] = end;
        return this.slots.slice(0, this.prog.nSlots);
      }
    }
    return null;
  }

  /**
   * A match starting exactly at `pos` (no search): the slots, or null. With `borrow` the
   * machine's own slot array is returned (valid until its next run; it may be longer than the
   * program's slots), else a copy.
   */
  matchAt(pos: number, borrow = false): Int32Array | null {
    const gen = nextGeneration();
    this.slots.fill(-1, 0, this.prog.nSlots);
    const end = this.run(0, pos, gen, -1);
    if (end < 0) return null;
    this.slots[0] = pos;
    this.slots[1] = end;
    return borrow ? this.slots : this.slots.slice(0, this.prog.nSlots);
  }

  private sub(index: number, pos: number): number {
    const sub = this.prog.subs[index];
    if (!sub) return -1;
    let cache: Int32Array | undefined;
    if (!sub.hasCaptures) {
      this.cache ??= new Map();
      cache = this.cache.get(index);
      if (!cache) {
        cache = new Int32Array(this.stride).fill(-2);
        this.cache.set(index, cache);
      }
      const hit = cache[pos] ?? -2;
      if (hit !== -2) return hit;
    }
    let end: number;
    if (sub.kind === 'behind') {
      const from = pos - sub.width;
      end = from < 0 ? -1 : this.run(sub.start, from, nextGeneration(), -1);
      if (end !== pos) end = -1;
    } else {
      end = this.run(sub.start, pos, nextGeneration(), -1);
    }
    if (cache) cache[pos] = end;
    return end;
  }

  /** Match from `pc` at `pos`; returns the end position or -1. */
  private grow(): Int32Array {
    const bigger = new Int32Array(this.stack.length * 2);
    bigger.set(this.stack);
    this.stack = bigger;
    return bigger;
  }

  /** Match from `pc` at `pos`; returns the end position or -1. */
  private run(startPc: number, startPos: number, gen: number, noEmptyAt: number): number {
    const { op, a, b, memo, sets, follow, firsts } = this.prog;
    const useMemo = this.memoOn;
    const inp = this.inp;
    const n = this.n;
    const slots = this.slots;
    const stride = this.stride;
    const budget = this.budget;
    const visited = scratch;
    let stack: Int32Array = this.stack;
    const base = this.sp;
    let sp = base;
    let pc = startPc;
    let pos = startPos;
    let steps = this.steps;
    for (;;) {
      if (++steps > budget) {
        this.steps = steps;
        this.sp = base;
        throw new BudgetExceeded(budget);
      }
      if (sp + 8 > stack.length) {
        this.sp = sp;
        stack = this.grow();
      }
      switch (op[pc]) {
        case Op.Match:
          if (pos !== noEmptyAt) {
            this.steps = steps;
            this.sp = base;
            return pos;
          }
          break;
        case Op.Char:
          if (pos < n && inp[pos] === a[pc]) {
            pos++;
            pc++;
            continue;
          }
          break;
        case Op.CharI:
          if (pos < n) {
            const c = inp[pos] ?? 0;
            if (lowerOf(c) === a[pc] || upperOf(c) === b[pc]) {
              pos++;
              pc++;
              continue;
            }
          }
          break;
        case Op.Any:
          if (pos < n) {
            pos++;
            pc++;
            continue;
          }
          break;
        case Op.AnyNl:
          if (pos < n && inp[pos] !== 10) {
            pos++;
            pc++;
            continue;
          }
          break;
        case Op.Set:
          if (pos < n && sets[a[pc] ?? 0]?.has(inp[pos] ?? 0)) {
            pos++;
            pc++;
            continue;
          }
          break;
        case Op.Split: {
          if (useMemo) {
            const idx = (memo[pc] ?? 0) * stride + pos;
            if (visited[idx] === gen) break;
            visited[idx] = gen;
          }
          stack[sp] = b[pc] ?? 0;
          stack[sp + 1] = pos;
          stack[sp + 2] = BRANCH;
          sp += 3;
          pc = a[pc] ?? 0;
          continue;
        }
        case Op.Jmp:
          pc = a[pc] ?? 0;
          continue;
        case Op.Save:
        case Op.Mark: {
          const s = a[pc] ?? 0;
          stack[sp] = s;
          stack[sp + 1] = slots[s] ?? -1;
          stack[sp + 2] = RESTORE;
          sp += 3;
          slots[s] = pos;
          pc++;
          continue;
        }
        case Op.Assert:
          if (this.assert(a[pc] ?? 0, pos)) {
            pc++;
            continue;
          }
          break;
        case Op.PrevSet: {
          const hit = pos > 0 && (sets[a[pc] ?? 0]?.has(inp[pos - 1] ?? 0) ?? false);
          if (hit !== (b[pc] === 1)) {
            pc++;
            continue;
          }
          break;
        }
        case Op.NextSet: {
          const hit = pos < n && (sets[a[pc] ?? 0]?.has(inp[pos] ?? 0) ?? false);
          if (hit !== (b[pc] === 1)) {
            pc++;
            continue;
          }
          break;
        }
        case Op.Look:
        case Op.Atomic: {
          const index = a[pc] ?? 0;
          const sub = this.prog.subs[index];
          if (!sub) break;
          const before = sub.hasCaptures ? slots.slice(0, this.prog.nSlots) : null;
          this.steps = steps;
          this.sp = sp;
          const end = this.sub(index, pos);
          steps = this.steps;
          stack = this.stack;
          const ok = end >= 0;
          if (sub.negate) {
            if (ok) {
              if (before) slots.set(before);
              break;
            }
            pc++;
            continue;
          }
          if (!ok) break;
          if (before) {
            for (let i = 0; i < before.length; i++) {
              if (slots[i] !== before[i]) {
                if (sp + 3 > stack.length) {
                  this.sp = sp;
                  stack = this.grow();
                }
                stack[sp] = i;
                stack[sp + 1] = before[i] ?? -1;
                stack[sp + 2] = RESTORE;
                sp += 3;
              }
            }
          }
          if (sub.kind === 'atomic') pos = end;
          pc++;
          continue;
        }
        case Op.Backref: {
          const g = a[pc] ?? 0;
          const s = slots[2 * g] ?? -1;
          const e = slots[2 * g + 1] ?? -1;
          if (s < 0 || e < 0) break;
          const len = e - s;
          if (pos + len > n) break;
          let same = true;
          for (let i = 0; i < len && same; i++) {
            const x = inp[s + i] ?? 0;
            const y = inp[pos + i] ?? 0;
            same = x === y || (b[pc] === 1 && lowerOf(x) === lowerOf(y));
          }
          if (!same) break;
          pos += len;
          pc++;
          continue;
        }
        case Op.Cond: {
          const g = a[pc] ?? 0;
          pc = (slots[2 * g] ?? -1) >= 0 && (slots[2 * g + 1] ?? -1) >= 0 ? pc + 1 : (b[pc] ?? 0);
          continue;
        }
        case Op.StarSet: {
          // Same states as the unrolled loop: positions whose loop state was already explored
          // end the scan, so every position is scanned once per search (linear overall).
          const set = sets[a[pc] ?? 0];
          let p = pos;
          const lo = pos + (b[pc] ?? 0);
          while (p < lo && p < n && set?.has(inp[p] ?? 0)) p++;
          if (p < lo) break;
          const row = (memo[pc] ?? 0) * stride;
          if (useMemo) {
            if (visited[row + lo] === gen) break;
            visited[row + lo] = gen;
          }
          let end = lo;
          while (end < n && set?.has(inp[end] ?? 0)) {
            if (useMemo) {
              if (visited[row + end + 1] === gen) break;
              visited[row + end + 1] = gen;
            }
            end++;
          }
          steps += end - pos;
          stack[sp] = pc;
          stack[sp + 1] = lo;
          stack[sp + 2] = end;
          stack[sp + 3] = GREEDY;
          sp += 4;
          break;
        }
        case Op.LazySet: {
          const set = sets[a[pc] ?? 0];
          let p = pos;
          const lo = pos + (b[pc] ?? 0);
          while (p < lo && p < n && set?.has(inp[p] ?? 0)) p++;
          if (p < lo) break;
          const row = memo[pc] ?? 0;
          if (useMemo) {
            const idx = row * stride + lo;
            if (visited[idx] === gen) break;
            visited[idx] = gen;
          }
          stack[sp] = a[pc] ?? 0;
          stack[sp + 1] = row;
          stack[sp + 2] = pc;
          stack[sp + 3] = lo;
          stack[sp + 4] = LAZY;
          sp += 5;
          const fi = follow[pc] ?? -1;
          if (fi >= 0 && lo < n && !firsts[fi]?.has(inp[lo] ?? 0)) break;
          pc++;
          pos = lo;
          continue;
        }
        case Op.Check:
          pc = slots[a[pc] ?? 0] === pos ? (b[pc] ?? 0) : pc + 1;
          continue;
        default:
          break;
      }
      // Failure: undo captures until the most recent choice point, then resume there.
      for (;;) {
        if (sp === base) {
          this.steps = steps;
          this.sp = base;
          return -1;
        }
        const kind = stack[sp - 1];
        if (kind === RESTORE) {
          slots[stack[sp - 3] ?? 0] = stack[sp - 2] ?? -1;
          sp -= 3;
          continue;
        }
        if (kind === BRANCH) {
          pc = stack[sp - 3] ?? 0;
          pos = stack[sp - 2] ?? 0;
          sp -= 3;
          break;
        }
        const cur = stack[sp - 2] ?? 0;
        let loop: number;
        let next: number;
        if (kind === GREEDY) {
          loop = stack[sp - 4] ?? 0;
          next = cur;
          if (cur > (stack[sp - 3] ?? 0)) stack[sp - 2] = cur - 1;
          else sp -= 4;
        } else {
          loop = stack[sp - 3] ?? 0;
          next = cur + 1;
          if (cur >= n || !sets[stack[sp - 5] ?? 0]?.has(inp[cur] ?? 0)) {
            sp -= 5;
            continue;
          }
          if (useMemo) {
            const idx = (stack[sp - 4] ?? 0) * stride + next;
            if (visited[idx] === gen) {
              sp -= 5;
              continue;
            }
            visited[idx] = gen;
          }
          stack[sp - 2] = next;
        }
        const fi = follow[loop] ?? -1;
        if (fi >= 0 && next < n && !firsts[fi]?.has(inp[next] ?? 0)) continue;
        if (++steps > budget) {
          this.steps = steps;
          this.sp = base;
          throw new BudgetExceeded(budget);
        }
        pc = loop + 1;
        pos = next;
        break;
      }
    }
  }

  private assert(kind: number, pos: number): boolean {
    const inp = this.inp;
    const n = this.n;
    if (kind === (At.Begin as number)) return pos === 0;
    if (kind === (At.BeginLine as number)) return pos === 0 || inp[pos - 1] === 10;
    if (kind === (At.End as number)) return pos === n || (pos === n - 1 && inp[pos] === 10);
    if (kind === (At.EndLine as number)) return pos === n || inp[pos] === 10;
    if (kind === (At.EndString as number)) return pos === n;
    if (kind === (At.Boundary as number)) return boundary(inp, n, pos, false);
    if (kind === (At.NonBoundary as number)) return n > 0 && !boundary(inp, n, pos, false);
    if (kind === (At.AsciiBoundary as number)) return boundary(inp, n, pos, true);
    if (kind === (At.AsciiNonBoundary as number)) return n > 0 && !boundary(inp, n, pos, true);
    return false;
  }
}

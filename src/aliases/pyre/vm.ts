/**
 * A backtracking matcher with Python `re` semantics (leftmost match, ordered alternatives, lazy
 * and greedy repetition). Split states already explored at a position are remembered, so a
 * pattern without back-references is matched in polynomial time whatever its shape; every run
 * also has a step budget.
 */
import type { Program } from './compile.js';
import { isAsciiWord, isPyWord, lowerOf, upperOf } from './chars.js';

/** Instruction codes. */
export const enum Op {
  Match = 0,
  Char = 1,
  CharI = 2,
  Any = 3,
  AnyNl = 4,
  Set = 5,
  Split = 6,
  Jmp = 7,
  Save = 8,
  Assert = 9,
  Look = 10,
  Atomic = 11,
  Backref = 12,
  Cond = 13,
  Mark = 14,
  Check = 15,
  PrevSet = 16,
  NextSet = 17,
  /** Greedy `x*`/`x+` over one character class: a = set, b = minimum. */
  StarSet = 18,
  /** Lazy `x*?`/`x+?` over one character class: a = set, b = minimum. */
  LazySet = 19,
}

/** Position assertions. */
export const enum At {
  Begin = 0,
  BeginLine = 1,
  End = 2,
  EndLine = 3,
  EndString = 4,
  Boundary = 5,
  NonBoundary = 6,
  AsciiBoundary = 7,
  AsciiNonBoundary = 8,
}

/** The step budget ran out (a runaway pattern). */
export class BudgetExceeded extends Error {
  constructor(readonly steps: number) {
    super(`regular expression needed more than ${steps} steps`);
    this.name = 'BudgetExceeded';
  }
}

// Backtrack entries; the kind is pushed last. BRANCH: pc, pos. RESTORE: slot, old value.
// GREEDY: memo row, continuation, lowest position, next position to try (downwards).
// LAZY: set, memo row, continuation, next position to try (upwards).
const BRANCH = 0;
const RESTORE = 1;
const GREEDY = 2;
const LAZY = 3;

let scratch = new Int32Array(1024);
let generation = 0;

function nextGeneration(): number {
  if (generation >= 0x7ffffff0) {
    scratch.fill(0);
    generation = 0;
  }
  return ++generation;
}

function boundary(inp: Int32Array, pos: number, ascii: boolean): boolean {
  const n = inp.length;
  if (n === 0) return false;
  const isWord = ascii ? isAsciiWord : isPyWord;
  const before = pos > 0 ? isWord(inp[pos - 1] ?? 0) : false;
  const after = pos < n ? isWord(inp[pos] ?? 0) : false;
  return before !== after;
}

/** Runs one program; reusable for successive inputs (not re-entrant across inputs). */
export class Machine {
  readonly slots: Int32Array;
  steps = 0;
  private inp: Int32Array = new Int32Array(0);
  private budget = 0;
  private stride = 1;
  private cache: Map<number, Int32Array> | null = null;
  private readonly stack: number[] = [];

  constructor(private readonly prog: Program) {
    this.slots = new Int32Array(prog.nSlots).fill(-1);
  }

  /** Start work on a new input with a fresh step budget. */
  reset(inp: Int32Array, budget: number): void {
    this.inp = inp;
    this.budget = budget;
    this.steps = 0;
    this.stride = inp.length + 1;
    this.cache = null;
    this.stack.length = 0;
    if (this.prog.useMemo) {
      const need = this.prog.nSplits * this.stride;
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
    const n = this.inp.length;
    const last = this.prog.anchoredStart ? Math.min(from, 0) : n;
    for (let start = from; start <= last; start++) {
      this.slots.fill(-1);
      const end = this.run(0, start, gen, mustAdvance ? from : -1);
      if (end >= 0) {
        this.slots[0] = start;
        this.slots[1] = end;
        return this.slots.slice();
      }
    }
    return null;
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
  private run(startPc: number, startPos: number, gen: number, noEmptyAt: number): number {
    const { op, a, b, memo, sets, useMemo } = this.prog;
    const inp = this.inp;
    const n = inp.length;
    const slots = this.slots;
    const stride = this.stride;
    const budget = this.budget;
    const visited = scratch;
    const stack = this.stack;
    const base = stack.length;
    let pc = startPc;
    let pos = startPos;
    let steps = this.steps;
    for (;;) {
      if (++steps > budget) {
        this.steps = steps;
        throw new BudgetExceeded(budget);
      }
      switch (op[pc]) {
        case Op.Match:
          if (pos !== noEmptyAt) {
            this.steps = steps;
            stack.length = base;
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
          stack.push(b[pc] ?? 0, pos, BRANCH);
          pc = a[pc] ?? 0;
          continue;
        }
        case Op.Jmp:
          pc = a[pc] ?? 0;
          continue;
        case Op.Save: {
          const s = a[pc] ?? 0;
          stack.push(s, slots[s] ?? -1, RESTORE);
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
          const before = sub.hasCaptures ? slots.slice() : null;
          this.steps = steps;
          const end = this.sub(index, pos);
          steps = this.steps;
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
              if (slots[i] !== before[i]) stack.push(i, before[i] ?? -1, RESTORE);
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
        case Op.Mark: {
          const r = a[pc] ?? 0;
          stack.push(r, slots[r] ?? -1, RESTORE);
          slots[r] = pos;
          pc++;
          continue;
        }
        case Op.StarSet: {
          const set = sets[a[pc] ?? 0];
          const min = b[pc] ?? 0;
          let end = pos;
          while (end < n && set?.has(inp[end] ?? 0)) end++;
          steps += end - pos;
          if (end - pos < min) break;
          stack.push(memo[pc] ?? 0, pc + 1, pos + min, end, GREEDY);
          break;
        }
        case Op.LazySet: {
          const set = sets[a[pc] ?? 0];
          let p = pos;
          const min = b[pc] ?? 0;
          while (p - pos < min && p < n && set?.has(inp[p] ?? 0)) p++;
          if (p - pos < min) break;
          stack.push(a[pc] ?? 0, memo[pc] ?? 0, pc + 1, p, LAZY);
          break;
        }
        case Op.Check:
          pc = slots[a[pc] ?? 0] === pos ? (b[pc] ?? 0) : pc + 1;
          continue;
        default:
          break;
      }
      // Failure: undo captures until the most recent choice point, then resume there.
      for (;;) {
        const top = stack.length;
        if (top === base) {
          this.steps = steps;
          return -1;
        }
        const kind = stack[top - 1];
        if (kind === RESTORE) {
          slots[stack[top - 3] ?? 0] = stack[top - 2] ?? -1;
          stack.length = top - 3;
          continue;
        }
        if (kind === BRANCH) {
          pc = stack[top - 3] ?? 0;
          pos = stack[top - 2] ?? 0;
          stack.length = top - 3;
          break;
        }
        const cur = stack[top - 2] ?? 0;
        let cont: number;
        if (kind === GREEDY) {
          cont = stack[top - 4] ?? 0;
          const row = stack[top - 5] ?? 0;
          if (cur > (stack[top - 3] ?? 0)) stack[top - 2] = cur - 1;
          else stack.length = top - 5;
          if (useMemo) {
            const idx = row * stride + cur;
            if (visited[idx] === gen) continue;
            visited[idx] = gen;
          }
        } else {
          cont = stack[top - 3] ?? 0;
          const row = stack[top - 4] ?? 0;
          if (cur < n && sets[stack[top - 5] ?? 0]?.has(inp[cur] ?? 0)) stack[top - 2] = cur + 1;
          else stack.length = top - 5;
          if (useMemo) {
            const idx = row * stride + cur;
            if (visited[idx] === gen) continue;
            visited[idx] = gen;
          }
        }
        if (++steps > budget) {
          this.steps = steps;
          throw new BudgetExceeded(budget);
        }
        pc = cont;
        pos = cur;
        break;
      }
    }
  }

  private assert(kind: number, pos: number): boolean {
    const inp = this.inp;
    const n = inp.length;
    switch (kind) {
      case At.Begin:
        return pos === 0;
      case At.BeginLine:
        return pos === 0 || inp[pos - 1] === 10;
      case At.End:
        return pos === n || (pos === n - 1 && inp[pos] === 10);
      case At.EndLine:
        return pos === n || inp[pos] === 10;
      case At.EndString:
        return pos === n;
      case At.Boundary:
        return boundary(inp, pos, false);
      case At.NonBoundary:
        return n > 0 && !boundary(inp, pos, false);
      case At.AsciiBoundary:
        return boundary(inp, pos, true);
      case At.AsciiNonBoundary:
        return n > 0 && !boundary(inp, pos, true);
      default:
        return false;
    }
  }
}

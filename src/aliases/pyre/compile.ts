/**
 * Compiles a parsed Python pattern into a program for the backtracking machine in `vm.ts`.
 */
import type { Node, ParsedPattern } from './ast.js';
import { CharSet, lowerOf, upperOf, type SetItem } from './chars.js';
import { PyRegexError } from './errors.js';
import { widthOf } from './parse.js';
import { At, Op } from './opcodes.js';

/** A sub-program run on its own: a look-around or an atomic group. */
export interface SubProgram {
  start: number;
  kind: 'ahead' | 'behind' | 'atomic';
  negate: boolean;
  width: number;
  hasCaptures: boolean;
}

/** A compiled program. */
export interface Program {
  op: Int32Array;
  a: Int32Array;
  b: Int32Array;
  /** For each split instruction its memo row, else -1. */
  memo: Int32Array;
  /** For each loop instruction, the index in `firsts` of what may follow it, else -1. */
  follow: Int32Array;
  /** Characters that can start the rest of the pattern after a loop (prefilter). */
  firsts: FirstSet[];
  nSplits: number;
  sets: CharSet[];
  subs: SubProgram[];
  /** Capture slots (2 per group, group 0 included) followed by loop registers. */
  nSlots: number;
  /** Memoised (bounded) matching is sound: no back-references or conditionals. */
  useMemo: boolean;
  /** The pattern can only match at position 0. */
  anchoredStart: boolean;
}

const setCache = new Map<string, CharSet>();
/** Sets by tree node (shared template nodes hit this), per ASCII/IGNORECASE combination. */
const nodeSets = [0, 1, 2, 3].map(() => new WeakMap<object, CharSet>());

/** Character sets are immutable: share equal ones between programs. */
function charSet(items: SetItem[], negate: boolean, ascii: boolean, ignoreCase: boolean): CharSet {
  const key = JSON.stringify([items, negate, ascii, ignoreCase]);
  let set = setCache.get(key);
  if (!set) {
    set = new CharSet(items, negate, ascii, ignoreCase);
    if (setCache.size > 5000) setCache.clear();
    setCache.set(key, set);
  }
  return set;
}

/** The characters a continuation can begin with; positions where it cannot are skipped. */
export class FirstSet {
  private readonly low = new Uint8Array(256);

  constructor(
    private readonly sets: readonly CharSet[],
    private readonly lits: readonly number[],
  ) {
    for (let cp = 0; cp < 256; cp++) this.low[cp] = this.compute(cp) ? 1 : 0;
  }

  private compute(cp: number): boolean {
    return this.lits.includes(cp) || this.sets.some((s) => s.has(cp));
  }

  /** Whether the continuation may begin with `cp`. */
  has(cp: number): boolean {
    return cp < 256 ? this.low[cp] === 1 : this.compute(cp);
  }
}

const firstCache = new Map<string, FirstSet>();

/** What can begin the program from `start`, or null when anything can (or it can match empty). */
function firstOf(
  op: number[],
  a: number[],
  b: number[],
  sets: CharSet[],
  start: number,
): FirstSet | null {
  const todo = [start];
  const seen = new Set<number>();
  const found: CharSet[] = [];
  const lits: number[] = [];
  while (todo.length > 0) {
    const pc = todo.pop() ?? 0;
    if (seen.has(pc)) continue;
    seen.add(pc);
    const x = a[pc] ?? 0;
    switch (op[pc]) {
      case Op.Char:
        lits.push(x);
        break;
      case Op.Set: {
        const set = sets[x];
        if (set) found.push(set);
        break;
      }
      case Op.StarSet:
      case Op.LazySet: {
        const set = sets[x];
        if (set) found.push(set);
        if ((b[pc] ?? 0) === 0) todo.push(pc + 1);
        break;
      }
      case Op.Split:
        todo.push(x, b[pc] ?? 0);
        break;
      case Op.Jmp:
        todo.push(x);
        break;
      case Op.Check:
      case Op.Cond:
        todo.push(pc + 1, b[pc] ?? 0);
        break;
      case Op.Assert:
        // At a position before the end, `$` only passes before a newline and `\Z` never does.
        if (x === (At.End as number) || x === (At.EndLine as number)) lits.push(10);
        else if (x !== (At.EndString as number)) todo.push(pc + 1);
        break;
      case Op.NextSet: {
        const set = sets[x];
        if ((b[pc] ?? 0) === 0 && set) found.push(set);
        else todo.push(pc + 1);
        break;
      }
      case Op.Save:
      case Op.Mark:
      case Op.PrevSet:
      case Op.Look:
        todo.push(pc + 1);
        break;
      default:
        // Match, a case-insensitive char, any char, atomic groups, back-references.
        return null;
    }
  }
  const key = `${[...new Set(found.map((f) => f.id))].sort().join(',')}|${[...new Set(lits)].sort().join(',')}`;
  let first = firstCache.get(key);
  if (!first) {
    first = new FirstSet(found, lits);
    if (firstCache.size > 5000) firstCache.clear();
    firstCache.set(key, first);
  }
  return first;
}

/** Largest program the engine accepts (counted repetitions are unrolled). */
export const MAX_PROGRAM = 200_000;

function hasGroups(seq: readonly Node[]): boolean {
  return seq.some((n) => {
    switch (n.t) {
      case 'group':
        return n.gid !== null || hasGroups(n.body);
      case 'branch':
        return n.alts.some(hasGroups);
      case 'atomic':
      case 'assert':
      case 'repeat':
        return hasGroups(n.body);
      case 'cond':
        return hasGroups(n.yes) || (n.no !== null && hasGroups(n.no));
      default:
        return false;
    }
  });
}

function usesBackrefs(seq: readonly Node[]): boolean {
  return seq.some((n) => {
    switch (n.t) {
      case 'groupref':
      case 'cond':
        return true;
      case 'group':
      case 'atomic':
      case 'assert':
      case 'repeat':
        return usesBackrefs(n.body);
      case 'branch':
        return n.alts.some(usesBackrefs);
      default:
        return false;
    }
  });
}

class Builder {
  readonly op: number[] = [];
  readonly a: number[] = [];
  readonly b: number[] = [];
  readonly sets: CharSet[] = [];
  readonly subs: SubProgram[] = [];
  private readonly pending: { node: Node[]; sub: SubProgram }[] = [];
  nRegs = 0;

  constructor(
    private readonly p: ParsedPattern,
    readonly useMemo: boolean,
  ) {}

  emit(op: Op, x = 0, y = 0): number {
    if (this.op.length >= MAX_PROGRAM) {
      throw new PyRegexError('pattern is too large to match safely', this.p.pattern, null, true);
    }
    this.op.push(op);
    this.a.push(x);
    this.b.push(y);
    return this.op.length - 1;
  }

  get pc(): number {
    return this.op.length;
  }

  private set(node: Extract<Node, { t: 'in' }>): number {
    const f = this.p.flags;
    const byNode = nodeSets[(f.ascii ? 1 : 0) + (f.ignoreCase ? 2 : 0)];
    let set = byNode?.get(node);
    if (!set) {
      set = charSet(node.items, node.negate, f.ascii, f.ignoreCase);
      byNode?.set(node, set);
    }
    this.sets.push(set);
    return this.sets.length - 1;
  }

  private addSet(items: SetItem[], negate: boolean, ascii: boolean, ignoreCase: boolean): number {
    this.sets.push(charSet(items, negate, ascii, ignoreCase));
    return this.sets.length - 1;
  }

  unitSet(n: Node): number | null {
    const f = this.p.flags;
    if (n.t === 'in') return this.set(n);
    if (n.t === 'lit') return this.addSet([{ t: 'lit', cp: n.cp }], false, f.ascii, f.ignoreCase);
    if (n.t === 'any') {
      return this.addSet(f.dotAll ? [] : [{ t: 'lit', cp: 10 }], true, f.ascii, false);
    }
    return null;
  }

  seq(nodes: readonly Node[]): void {
    for (const n of nodes) this.node(n);
  }

  private sub(kind: SubProgram['kind'], negate: boolean, body: Node[], width: number): number {
    const sub: SubProgram = { start: -1, kind, negate, width, hasCaptures: hasGroups(body) };
    this.subs.push(sub);
    this.pending.push({ node: body, sub });
    return this.subs.length - 1;
  }

  /** Emit the bodies of sub-programs after the main program (they may nest). */
  flushSubs(): void {
    while (this.pending.length > 0) {
      const next = this.pending.shift();
      if (!next) break;
      next.sub.start = this.pc;
      this.seq(next.node);
      this.emit(Op.Match);
    }
  }

  node(n: Node): void {
    const f = this.p.flags;
    switch (n.t) {
      case 'lit': {
        if (f.ignoreCase && (lowerOf(n.cp) !== n.cp || upperOf(n.cp) !== n.cp)) {
          this.emit(Op.CharI, lowerOf(n.cp), upperOf(n.cp));
        } else this.emit(Op.Char, n.cp);
        return;
      }
      case 'any':
        this.emit(f.dotAll ? Op.Any : Op.AnyNl);
        return;
      case 'in':
        this.emit(Op.Set, this.set(n));
        return;
      case 'at':
        this.emit(Op.Assert, this.atKind(n.at));
        return;
      case 'branch': {
        const jumps: number[] = [];
        n.alts.forEach((alt, i) => {
          if (i < n.alts.length - 1) {
            const split = this.emit(Op.Split);
            this.a[split] = this.pc;
            this.seq(alt);
            jumps.push(this.emit(Op.Jmp));
            this.b[split] = this.pc;
          } else this.seq(alt);
        });
        for (const j of jumps) this.a[j] = this.pc;
        return;
      }
      case 'group':
        if (n.gid === null) {
          this.seq(n.body);
          return;
        }
        this.emit(Op.Save, 2 * n.gid);
        this.seq(n.body);
        this.emit(Op.Save, 2 * n.gid + 1);
        return;
      case 'atomic':
        this.emit(Op.Atomic, this.sub('atomic', false, n.body, 0));
        return;
      case 'assert': {
        const only = n.body.length === 1 ? n.body[0] : undefined;
        const unit = only && !f.ignoreCase ? this.unitSet(only) : null;
        if (unit !== null) {
          this.emit(n.dir === 1 ? Op.NextSet : Op.PrevSet, unit, n.negate ? 1 : 0);
          return;
        }
        let width = 0;
        if (n.dir === -1) {
          const [lo, hi] = widthOf(n.body, { widths: this.p.widths });
          if (lo !== hi) {
            throw new PyRegexError(
              'look-behind requires fixed-width pattern',
              this.p.pattern,
              null,
            );
          }
          width = lo;
        }
        this.emit(Op.Look, this.sub(n.dir === 1 ? 'ahead' : 'behind', n.negate, n.body, width));
        return;
      }
      case 'repeat':
        this.repeat(n);
        return;
      case 'groupref':
        this.emit(Op.Backref, n.gid, f.ignoreCase ? 1 : 0);
        return;
      case 'cond': {
        const c = this.emit(Op.Cond, n.gid);
        this.seq(n.yes);
        const j = this.emit(Op.Jmp);
        this.b[c] = this.pc;
        if (n.no) this.seq(n.no);
        this.a[j] = this.pc;
        return;
      }
    }
  }

  private repeat(n: Extract<Node, { t: 'repeat' }>): void {
    if (n.kind === 'possessive') {
      const inner: Node = { ...n, kind: 'greedy' };
      this.emit(Op.Atomic, this.sub('atomic', false, [inner], 0));
      return;
    }
    const greedy = n.kind === 'greedy';
    const only = n.body.length === 1 ? n.body[0] : undefined;
    const unit = n.max === Infinity && only ? this.unitSet(only) : null;
    if (unit !== null) {
      this.emit(greedy ? Op.StarSet : Op.LazySet, unit, n.min);
      return;
    }
    for (let i = 0; i < n.min; i++) this.seq(n.body);
    if (n.max === Infinity) {
      const nullable = widthOf(n.body, { widths: this.p.widths })[0] === 0;
      const progress = nullable && !this.useMemo;
      const reg = progress ? 2 * (this.p.groups + 1) + this.nRegs++ : 0;
      const loop = this.emit(Op.Split);
      const bodyStart = this.pc;
      if (progress) this.emit(Op.Mark, reg);
      this.seq(n.body);
      const check = progress ? this.emit(Op.Check, reg) : -1;
      this.emit(Op.Jmp, loop);
      const exit = this.pc;
      if (check >= 0) this.b[check] = exit;
      this.a[loop] = greedy ? bodyStart : exit;
      this.b[loop] = greedy ? exit : bodyStart;
      return;
    }
    const splits: [number, number][] = [];
    for (let i = n.min; i < n.max; i++) {
      const s = this.emit(Op.Split);
      splits.push([s, this.pc]);
      this.seq(n.body);
    }
    const end = this.pc;
    for (const [s, bodyStart] of splits) {
      this.a[s] = greedy ? bodyStart : end;
      this.b[s] = greedy ? end : bodyStart;
    }
  }

  private atKind(at: Extract<Node, { t: 'at' }>['at']): At {
    const f = this.p.flags;
    switch (at) {
      case 'beginning':
        return f.multiline ? At.BeginLine : At.Begin;
      case 'beginning_string':
        return At.Begin;
      case 'end':
        return f.multiline ? At.EndLine : At.End;
      case 'end_string':
        return At.EndString;
      case 'boundary':
        return f.ascii ? At.AsciiBoundary : At.Boundary;
      case 'non_boundary':
        return f.ascii ? At.AsciiNonBoundary : At.NonBoundary;
    }
  }
}

/** Compile a parsed pattern. Throws {@link PyRegexError} for compile-time errors. */
export function compileProgram(p: ParsedPattern): Program {
  const useMemo = !usesBackrefs(p.seq);
  const b = new Builder(p, useMemo);
  b.seq(p.seq);
  b.emit(Op.Match);
  b.flushSubs();
  const memo = new Int32Array(b.op.length).fill(-1);
  let nSplits = 0;
  b.op.forEach((op, pc) => {
    if (
      op === (Op.Split as number) ||
      op === (Op.StarSet as number) ||
      op === (Op.LazySet as number)
    ) {
      memo[pc] = nSplits++;
    }
  });
  const follow = new Int32Array(b.op.length).fill(-1);
  const firsts: FirstSet[] = [];
  b.op.forEach((op, pc) => {
    if (op === (Op.StarSet as number) || op === (Op.LazySet as number)) {
      const f = firstOf(b.op, b.a, b.b, b.sets, pc + 1);
      if (f) {
        follow[pc] = firsts.length;
        firsts.push(f);
      }
    }
  });
  const head = p.seq[0];
  const anchoredStart =
    head?.t === 'at' &&
    (head.at === 'beginning_string' || (head.at === 'beginning' && !p.flags.multiline));
  return {
    op: Int32Array.from(b.op),
    a: Int32Array.from(b.a),
    b: Int32Array.from(b.b),
    memo,
    follow,
    firsts,
    nSplits,
    sets: b.sets,
    subs: b.subs,
    nSlots: 2 * (p.groups + 1) + b.nRegs,
    useMemo,
    anchoredStart,
  };
}

/**
 * A regular-expression engine with Python 3.11 `re` syntax and semantics (str patterns), used to
 * match st2 alias formats exactly as st2 does. Matching work is bounded: see `vm.ts`.
 */
import type { ParsedPattern, PyFlags } from './ast.js';
import { compileProgram, type Program } from './compile.js';
import { parsePattern } from './parse.js';
import { BudgetExceeded, Machine } from './vm.js';

export { PyRegexError, pyRepr } from './errors.js';
export { BudgetExceeded } from './vm.js';
export { parsePattern, isPyIdentifier, widthOf } from './parse.js';
export type { Node, ParsedPattern, PyFlags, AtKind } from './ast.js';
export { isPySpace } from './chars.js';

/** Default step budget of one search (or one `finditer`). */
export const DEFAULT_BUDGET = 5_000_000;

/** A string indexed by code point, as Python indexes str. */
export class CodeText {
  readonly cps: Int32Array;
  private readonly offsets: Int32Array | null;

  constructor(readonly str: string) {
    let astral = false;
    const n = str.length;
    for (let i = 0; i < n; i++) {
      const c = str.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) {
        astral = true;
        break;
      }
    }
    if (!astral) {
      const cps = new Int32Array(n);
      for (let i = 0; i < n; i++) cps[i] = str.charCodeAt(i);
      this.cps = cps;
      this.offsets = null;
      return;
    }
    const cps: number[] = [];
    for (const ch of str) cps.push(ch.codePointAt(0) ?? 0);
    this.cps = Int32Array.from(cps);
    {
      const offsets = new Int32Array(cps.length + 1);
      let u = 0;
      cps.forEach((cp, i) => {
        offsets[i] = u;
        u += cp > 0xffff ? 2 : 1;
      });
      offsets[cps.length] = u;
      this.offsets = offsets;
    }
  }

  /** Length in code points. */
  get length(): number {
    return this.cps.length;
  }

  /** The text between two code-point positions. */
  slice(start: number, end: number): string {
    if (!this.offsets) return this.str.slice(start, end);
    return this.str.slice(this.offsets[start] ?? 0, this.offsets[end] ?? 0);
  }
}

/** One match: spans of the groups, by code point. */
export class PyMatch {
  constructor(
    private readonly text: CodeText,
    private readonly slots: Int32Array,
    private readonly names: ReadonlyMap<string, number>,
  ) {}

  /** Start of the whole match. */
  get start(): number {
    return this.slots[0] ?? -1;
  }

  /** End of the whole match. */
  get end(): number {
    return this.slots[1] ?? -1;
  }

  /** A group's text, or null when it did not take part. */
  group(i: number): string | null {
    const s = this.slots[2 * i] ?? -1;
    const e = this.slots[2 * i + 1] ?? -1;
    return s < 0 || e < 0 ? null : this.text.slice(s, e);
  }

  /** Named groups in definition order (Python's `groupdict()`). */
  groupdict(): [string, string | null][] {
    return [...this.names].map(([name, gid]) => [name, this.group(gid)]);
  }
}

/** A compiled Python regular expression. */
export class PyRegex {
  private machine: Machine | null = null;

  private constructor(
    readonly parsed: ParsedPattern,
    private readonly program: Program,
  ) {}

  private acquire(text: CodeText, budget: number): Machine {
    // One machine per pattern is reused; a search never starts another on the same pattern.
    this.machine ??= new Machine(this.program);
    this.machine.reset(text.cps, budget);
    return this.machine;
  }

  /** Parse and compile; throws `PyRegexError` where Python's `re.compile` would fail. */
  static compile(pattern: string, flags: Partial<PyFlags> = {}): PyRegex {
    const parsed = parsePattern(pattern, flags);
    return new PyRegex(parsed, compileProgram(parsed));
  }

  /** Compile an already parsed pattern (it must be what `parsePattern` returns for it). */
  static fromParsed(parsed: ParsedPattern): PyRegex {
    return new PyRegex(parsed, compileProgram(parsed));
  }

  /** Group names and numbers. */
  get names(): ReadonlyMap<string, number> {
    return this.parsed.names;
  }

  /** Whether matching is memoised (always bounded); false for patterns with back-references. */
  get bounded(): boolean {
    return this.program.useMemo;
  }

  /** `re.search`: the leftmost match at or after `from`. Throws `BudgetExceeded`. */
  search(text: CodeText, from = 0, budget = DEFAULT_BUDGET): PyMatch | null {
    const slots = this.acquire(text, budget).search(from, false);
    return slots ? new PyMatch(text, slots, this.parsed.names) : null;
  }

  /** `re.finditer`: successive non-overlapping matches. Throws `BudgetExceeded`. */
  finditer(text: CodeText, budget = DEFAULT_BUDGET): PyMatch[] {
    const m = this.acquire(text, budget);
    const out: PyMatch[] = [];
    let from = 0;
    let mustAdvance = false;
    while (from <= text.length) {
      const slots = m.search(from, mustAdvance);
      if (!slots) break;
      const match = new PyMatch(text, slots, this.parsed.names);
      out.push(match);
      mustAdvance = match.end === match.start;
      from = match.end;
    }
    return out;
  }

  /** Whether the budget error came from this engine. */
  static isBudgetError(e: unknown): e is BudgetExceeded {
    return e instanceof BudgetExceeded;
  }
}

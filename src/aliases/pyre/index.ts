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
    const cps: number[] = [];
    let astral = false;
    for (const ch of str) {
      const cp = ch.codePointAt(0) ?? 0;
      if (cp > 0xffff) astral = true;
      cps.push(cp);
    }
    this.cps = Int32Array.from(cps);
    if (astral) {
      const offsets = new Int32Array(cps.length + 1);
      let u = 0;
      cps.forEach((cp, i) => {
        offsets[i] = u;
        u += cp > 0xffff ? 2 : 1;
      });
      offsets[cps.length] = u;
      this.offsets = offsets;
    } else this.offsets = null;
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
  private constructor(
    readonly parsed: ParsedPattern,
    private readonly program: Program,
  ) {}

  /** Parse and compile; throws `PyRegexError` where Python's `re.compile` would fail. */
  static compile(pattern: string, flags: Partial<PyFlags> = {}): PyRegex {
    const parsed = parsePattern(pattern, flags);
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
    const m = new Machine(this.program, text.cps, budget);
    const slots = m.search(from, false);
    return slots ? new PyMatch(text, slots, this.parsed.names) : null;
  }

  /** `re.finditer`: successive non-overlapping matches. Throws `BudgetExceeded`. */
  finditer(text: CodeText, budget = DEFAULT_BUDGET): PyMatch[] {
    const m = new Machine(this.program, text.cps, budget);
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

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

const shared = new Machine();

/** Default step budget of one search (or one `finditer`). */
export const DEFAULT_BUDGET = 5_000_000;

/** The engine's input buffer, and the number of the text whose code points it holds (0: none). */
let input = new Int32Array(256);
let loaded = 0;
let texts = 0;

/** A string indexed by code point, as Python indexes str. */
export class CodeText {
  /** Length in code points. */
  readonly length: number;
  /** Tells texts apart for the input buffer. */
  private readonly serial = ++texts;
  /** Code points; built up front only when they differ from the UTF-16 units. */
  private points: Int32Array | null;
  private readonly offsets: Int32Array | null;

  constructor(readonly str: string) {
    const n = str.length;
    // The common case allocates nothing: the units go straight into the engine's buffer
    // (matching this text next will not copy them again).
    if (input.length < n) input = new Int32Array(Math.max(n, input.length * 2));
    const buffer = input;
    let astral = false;
    for (let i = 0; i < n; i++) {
      const c = str.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) {
        astral = true;
        break;
      }
      buffer[i] = c;
    }
    if (!astral) {
      this.length = n;
      this.points = null;
      this.offsets = null;
      loaded = this.serial;
      return;
    }
    loaded = 0;
    const cps: number[] = [];
    for (const ch of str) cps.push(ch.codePointAt(0) ?? 0);
    this.points = Int32Array.from(cps);
    this.length = cps.length;
    const offsets = new Int32Array(cps.length + 1);
    let u = 0;
    cps.forEach((cp, i) => {
      offsets[i] = u;
      u += cp > 0xffff ? 2 : 1;
    });
    offsets[cps.length] = u;
    this.offsets = offsets;
  }

  /** The code points. */
  get cps(): Int32Array {
    if (!this.points) {
      const units = new Int32Array(this.length);
      this.copyTo(units);
      this.points = units;
    }
    return this.points;
  }

  /** Write the code points into the start of `out` (at least {@link length} long). */
  copyTo(out: Int32Array): void {
    const points = this.points;
    if (points) {
      out.set(points);
      return;
    }
    const str = this.str;
    for (let i = 0; i < this.length; i++) out[i] = str.charCodeAt(i);
  }

  /** Put the code points in the engine's input buffer, unless they are there already. */
  load(): void {
    if (loaded === this.serial) return;
    if (input.length < this.length) input = new Int32Array(Math.max(this.length, input.length * 2));
    this.copyTo(input);
    loaded = this.serial;
  }

  /** Code-point and UTF-16 positions coincide (no astral characters). */
  get ascii(): boolean {
    return this.offsets === null;
  }

  /** The text between two code-point positions. */
  slice(start: number, end: number): string {
    if (!this.offsets) return this.str.slice(start, end);
    return this.str.slice(this.offsets[start] ?? 0, this.offsets[end] ?? 0);
  }
}

/**
 * Start the shared machine on a text. The text's code points go into one reused buffer, copied
 * again only when another text was loaded in between (matching never nests).
 */
function start(program: Program, text: CodeText, budget: number): Machine {
  text.load();
  shared.reset(program, input, text.length, budget);
  return shared;
}

/** One match: spans of the groups, by code point. */
export class PyMatch {
  constructor(
    private readonly text: CodeText,
    /** Group spans: 2 slots per group, -1 when unset. */
    readonly slots: Int32Array,
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

/** A compiled pattern matched at a given position only (Python's `pattern.match(s, pos)`). */
export class PyAnchored {
  private constructor(private readonly program: Program) {}

  /** Compile a parsed pattern (its `seq` may be part of a larger pattern's tree). */
  static fromParsed(parsed: ParsedPattern): PyAnchored {
    return new PyAnchored(compileProgram(parsed));
  }

  /** Group spans (2 slots per group) of a match starting at `pos`, or null. */
  matchAt(text: CodeText, pos: number, budget = DEFAULT_BUDGET): Int32Array | null {
    return start(this.program, text, budget).matchAt(pos);
  }

  /**
   * {@link matchAt} without copying: the slots are the engine's own array, valid only until the
   * next match of any pattern (it may hold more entries than the pattern's groups).
   */
  matchAtBorrowed(text: CodeText, pos: number, budget = DEFAULT_BUDGET): Int32Array | null {
    return start(this.program, text, budget).matchAt(pos, true);
  }
}

/** A compiled Python regular expression. */
export class PyRegex {
  private constructor(
    readonly parsed: ParsedPattern,
    private readonly program: Program,
  ) {}

  private acquire(text: CodeText, budget: number): Machine {
    // Searches never nest, so one machine serves every pattern (no allocation per pattern).
    return start(this.program, text, budget);
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

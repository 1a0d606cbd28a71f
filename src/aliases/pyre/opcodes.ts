/**
 * The instruction set shared by the compiler (`compile.ts`) and the machine (`vm.ts`).
 */

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

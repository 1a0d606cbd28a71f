/**
 * Character classes with Python `re` semantics for str patterns: `\s`, `\d`, `\w` are
 * Unicode-aware (or ASCII-only under the `a` flag), and case-insensitive comparison uses
 * simple one-character case mappings.
 */

/** Python's whitespace (`str.isspace()`), which differs from JavaScript's `\s`. */
export function isPySpace(cp: number): boolean {
  if (cp < 128) return (cp >= 9 && cp <= 13) || (cp >= 28 && cp <= 32);
  return (
    cp === 0x85 ||
    cp === 0xa0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000
  );
}

/** Python's ASCII whitespace (`\s` under the `a` flag). */
export function isAsciiSpace(cp: number): boolean {
  return (cp >= 9 && cp <= 13) || cp === 32;
}

const DIGIT_RE = /^\p{Nd}$/u;
const WORD_RE = /^[\p{L}\p{N}_]$/u;
const digitCache = new Map<number, boolean>();
const wordCache = new Map<number, boolean>();

function cached(cache: Map<number, boolean>, re: RegExp, cp: number): boolean {
  let v = cache.get(cp);
  if (v === undefined) {
    v = re.test(String.fromCodePoint(cp));
    if (cache.size > 10_000) cache.clear();
    cache.set(cp, v);
  }
  return v;
}

/** Python's Unicode `\d`: decimal digits (category Nd). */
export function isPyDigit(cp: number): boolean {
  if (cp < 128) return cp >= 48 && cp <= 57;
  return cached(digitCache, DIGIT_RE, cp);
}

/** Python's Unicode `\w`: letters, numbers and underscore. */
export function isPyWord(cp: number): boolean {
  if (cp < 128) return isAsciiWord(cp);
  return cached(wordCache, WORD_RE, cp);
}

/** ASCII `\w`. */
export function isAsciiWord(cp: number): boolean {
  return (cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90) || (cp >= 48 && cp <= 57) || cp === 95;
}

/** ASCII `\d`. */
export function isAsciiDigit(cp: number): boolean {
  return cp >= 48 && cp <= 57;
}

function simpleMap(cp: number, upper: boolean): number {
  const s = String.fromCodePoint(cp);
  const m = upper ? s.toUpperCase() : s.toLowerCase();
  const c = m.codePointAt(0) ?? cp;
  // Only one-to-one mappings count, like Python's simple case mapping.
  return m.length === String.fromCodePoint(c).length ? c : cp;
}

const lowerCache = new Map<number, number>();
const upperCache = new Map<number, number>();

/** Simple lower-case mapping of one code point. */
export function lowerOf(cp: number): number {
  if (cp < 128) return cp >= 65 && cp <= 90 ? cp + 32 : cp;
  let v = lowerCache.get(cp);
  if (v === undefined) {
    v = simpleMap(cp, false);
    lowerCache.set(cp, v);
  }
  return v;
}

/** Simple upper-case mapping of one code point. */
export function upperOf(cp: number): number {
  if (cp < 128) return cp >= 97 && cp <= 122 ? cp - 32 : cp;
  let v = upperCache.get(cp);
  if (v === undefined) {
    v = simpleMap(cp, true);
    upperCache.set(cp, v);
  }
  return v;
}

/** Category escapes usable inside and outside character sets. */
export type Category = 'digit' | 'word' | 'space';

/** One item of a character set. */
export type SetItem =
  | { t: 'lit'; cp: number }
  | { t: 'range'; lo: number; hi: number }
  | { t: 'cat'; cat: Category; negate: boolean };

/** Test one code point against a category, honouring the ASCII flag. */
export function inCategory(cat: Category, cp: number, ascii: boolean): boolean {
  switch (cat) {
    case 'digit':
      return ascii ? isAsciiDigit(cp) : isPyDigit(cp);
    case 'word':
      return ascii ? isAsciiWord(cp) : isPyWord(cp);
    case 'space':
      return ascii ? isAsciiSpace(cp) : isPySpace(cp);
  }
}

/**
 * A compiled character set: a bitmap for Latin-1 and a slower test for the rest. Under
 * IGNORECASE a code point matches when it, its lower case or its upper case is in the set.
 */
let nextSetId = 0;

export class CharSet {
  private readonly low = new Uint8Array(256);
  /** A unique number, for caching structures built from sets. */
  readonly id = nextSetId++;

  constructor(
    private readonly items: readonly SetItem[],
    private readonly negate: boolean,
    private readonly ascii: boolean,
    private readonly ignoreCase: boolean,
  ) {
    for (let cp = 0; cp < 256; cp++) this.low[cp] = this.compute(cp) ? 1 : 0;
  }

  private raw(cp: number): boolean {
    for (const it of this.items) {
      if (it.t === 'lit') {
        if (it.cp === cp) return true;
      } else if (it.t === 'range') {
        if (cp >= it.lo && cp <= it.hi) return true;
      } else if (inCategory(it.cat, cp, this.ascii) !== it.negate) return true;
    }
    return false;
  }

  private compute(cp: number): boolean {
    let hit = this.raw(cp);
    if (!hit && this.ignoreCase) {
      const lo = lowerOf(cp);
      const up = upperOf(cp);
      hit = (lo !== cp && this.raw(lo)) || (up !== cp && this.raw(up));
    }
    return hit !== this.negate;
  }

  /** Whether `cp` is in the set. */
  has(cp: number): boolean {
    return cp < 256 ? this.low[cp] === 1 : this.compute(cp);
  }
}

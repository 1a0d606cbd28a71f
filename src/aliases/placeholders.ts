/**
 * st2's placeholder syntax (docs/reference/alias-parser.md §A.2–A.3): the Python expressions st2
 * finds `{{ name }}` and `{{ name = default }}` with, and native expressions that find exactly
 * the same matches. The native ones spell out what differs: Python's `\s` is `str.isspace()`
 * (it includes U+001C–U+001F and U+0085, and leaves out U+FEFF), `.` without DOTALL is
 * "anything but a newline", and positions count code points (the `u` flag). Both engines
 * backtrack alike on these expressions (no back-reference, lookbehind or empty loop), so the
 * matches are the same; `test/aliases/placeholders.test.ts` compares them on generated text.
 */

const KEY = String.raw`\s*(\S+?)\s*`;
const EXT_VALUE = String.raw`""|''|"(.+?)"|'(.+?)'|({.+?})|(.+?)`;
const OPTIONAL = `{{${KEY}\\s*=\\s*(?:${EXT_VALUE})\\s*}}`;
const REQUIRED = `{{${KEY}}}`;

/** The Python sources as st2 writes them, and the flags they are used with. */
export const PYTHON_PLACEHOLDERS = {
  /** An optional placeholder with the whitespace before it (group 1), its name (group 2). */
  optionalSub: { source: String.raw`(\s*)` + OPTIONAL, dotAll: false },
  /** A required placeholder with the whitespace before it (group 1), its name (group 2). */
  requiredSub: { source: String.raw`(\s*)` + REQUIRED, dotAll: false },
  /** An optional placeholder: name (group 1) and default (groups 2–5). */
  optionalFind: { source: OPTIONAL, dotAll: true },
} as const;

/** Python's whitespace (`str.isspace()`), as a native class body. */
const SPACE =
  '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

/** A Python source of the kind above, as a native source: `\s`, `\S`, `.`, braces. */
function nativeSource(python: string, dotAll: boolean): string {
  return python.replace(/\\s|\\S|\.|[{}]/g, (t) =>
    t === '\\s'
      ? `[${SPACE}]`
      : t === '\\S'
        ? `[^${SPACE}]`
        : t === '.'
          ? dotAll
            ? '[^]'
            : '[^\\n]'
          : `\\${t}`,
  );
}

function native(p: { source: string; dotAll: boolean }): RegExp {
  return new RegExp(nativeSource(p.source, p.dotAll), 'gu');
}

/** The native equivalents of {@link PYTHON_PLACEHOLDERS}. */
export const NATIVE_PLACEHOLDERS = {
  optionalSub: native(PYTHON_PLACEHOLDERS.optionalSub),
  requiredSub: native(PYTHON_PLACEHOLDERS.requiredSub),
  optionalFind: native(PYTHON_PLACEHOLDERS.optionalFind),
} as const;

/** One match: where it starts and ends (UTF-16) and its groups ('' when unset). */
export interface PlaceholderMatch {
  start: number;
  end: number;
  group: (i: number) => string;
}

/** Python's `finditer` with one of the expressions above. */
export function findPlaceholders(re: RegExp, text: string): PlaceholderMatch[] {
  const out: PlaceholderMatch[] = [];
  for (const m of text.matchAll(re)) {
    const start = m.index;
    out.push({ start, end: start + m[0].length, group: (i) => m[i] ?? '' });
  }
  return out;
}

/**
 * st2's placeholder syntax (docs/reference/alias-parser.md §A.2–A.3): the Python expressions st2
 * finds `{{ name }}` and `{{ name = default }}` with, and native expressions that find exactly
 * the same matches. The native ones spell out what differs: Python's `\s` is `str.isspace()`
 * (it includes U+001C–U+001F and U+0085, and leaves out U+FEFF), `.` without DOTALL is
 * "anything but a newline", and positions count code points (the `u` flag). Both engines
 * backtrack alike on these expressions (no back-reference, lookbehind or empty loop), so the
 * matches are the same; `test/aliases/placeholders.test.ts` compares them on generated text.
 */

import { CodeText, PyRegex } from './pyre/index.js';

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

/**
 * The native expression, written so that it cannot take more than quadratic time on a format:
 * adjacent `\s*` become one (the same matches: nothing is captured between them), and a match
 * starting with whitespace must not follow whitespace (a leftmost match never does: it would
 * have started one character earlier, and a search starts at the text's start or after `}}`).
 */
function native(p: { source: string; dotAll: boolean }): RegExp {
  let source = nativeSource(p.source.replace(/(?:\\s\*)+/g, '\\s*'), p.dotAll);
  if (p.source.startsWith(String.raw`(\s*)`)) source = `(?<![${SPACE}])${source}`;
  return new RegExp(source, 'gu');
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

/** Which expression: see {@link PYTHON_PLACEHOLDERS}. */
export type PlaceholderExpression = keyof typeof PYTHON_PLACEHOLDERS;

/**
 * Longest text searched natively. A native search cannot be interrupted and these expressions
 * backtrack in cubic time on hostile text (`{{a =` and a long run of spaces); up to this length
 * that stays within a few million steps. Longer text goes to pyre, which is bounded.
 */
export const NATIVE_MAX = 128;

const python = new Map<PlaceholderExpression, PyRegex>();

/** Python's `finditer` with one of the expressions above, natively when the text is short. */
export function findPlaceholders(name: PlaceholderExpression, text: string): PlaceholderMatch[] {
  return text.length <= NATIVE_MAX
    ? findNative(NATIVE_PLACEHOLDERS[name], text)
    : findPython(name, text);
}

/** The native search (also what the tests compare with pyre at any length). */
export function findNative(re: RegExp, text: string): PlaceholderMatch[] {
  const out: PlaceholderMatch[] = [];
  for (const m of text.matchAll(re)) {
    const start = m.index;
    out.push({ start, end: start + m[0].length, group: (i) => m[i] ?? '' });
  }
  return out;
}

function findPython(name: PlaceholderExpression, text: string): PlaceholderMatch[] {
  let re = python.get(name);
  if (!re) {
    const p = PYTHON_PLACEHOLDERS[name];
    re = PyRegex.compile(p.source, { dotAll: p.dotAll });
    python.set(name, re);
  }
  const t = new CodeText(text);
  return re.finditer(t).map((m) => {
    const start = t.slice(0, m.start).length;
    return { start, end: start + t.slice(m.start, m.end).length, group: (i) => m.group(i) ?? '' };
  });
}

/**
 * Python `fnmatch` semantics (as `fnmatch.fnmatchcase`), not path globs: `*` crosses `/`,
 * `[!x]` negates, an unclosed `[` is literal, no braces or extglobs.
 */

const cache = new Map<string, RegExp>();

/** Translate an fnmatch pattern to an anchored RegExp (CPython's `fnmatch.translate`). */
export function fnmatchToRegExp(pattern: string, ignoreCase = false): RegExp {
  const cacheKey = `${ignoreCase ? 'i' : 's'}${pattern}`;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  let i = 0;
  let res = '';
  const n = pattern.length;
  while (i < n) {
    const c = pattern[i++] ?? '';
    if (c === '*') {
      if (!res.endsWith('.*')) res += '.*';
    } else if (c === '?') {
      res += '.';
    } else if (c === '[') {
      let j = i;
      if (j < n && pattern[j] === '!') j++;
      if (j < n && pattern[j] === ']') j++;
      while (j < n && pattern[j] !== ']') j++;
      if (j >= n) {
        res += '\\[';
      } else {
        let stuff = pattern.slice(i, j);
        i = j + 1;
        stuff = translateClass(stuff);
        res += stuff === '' ? '(?!)' : `[${stuff}]`;
      }
    } else {
      res += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    }
  }
  const re = new RegExp(`^(?:${res})$`, ignoreCase ? 'si' : 's');
  if (cache.size > 5000) cache.clear();
  cache.set(cacheKey, re);
  return re;
}

/** Body of a `[...]` class: Python negation `!`, escapes for what JS treats specially. */
function translateClass(body: string): string {
  let negate = false;
  if (body.startsWith('!')) {
    negate = true;
    body = body.slice(1);
  }
  // Python drops ranges whose end precedes their start (e.g. `[z-a]`); keep the rest literal.
  let out = '';
  for (let k = 0; k < body.length; k++) {
    const ch = body[k] ?? '';
    const next = body[k + 1];
    const end = body[k + 2];
    if (next === '-' && end !== undefined) {
      if (end >= ch) out += `${escapeClassChar(ch)}-${escapeClassChar(end)}`;
      k += 2;
      continue;
    }
    out += escapeClassChar(ch);
  }
  if (negate) return out === '' ? '\\s\\S' : `^${out}`;
  return out;
}

function escapeClassChar(ch: string): string {
  return /[\\\]^[-]/.test(ch) ? `\\${ch}` : ch;
}

/** True when `name` matches the fnmatch `pattern`. */
export function fnmatch(name: string, pattern: string, ignoreCase = false): boolean {
  return fnmatchToRegExp(pattern, ignoreCase).test(name);
}

/** True when `name` matches any of the patterns (a single string counts as a list of one). */
export function fnmatchAny(name: string, patterns: string | readonly string[]): boolean {
  const list = typeof patterns === 'string' ? [patterns] : patterns;
  return list.some((p) => fnmatch(name, p));
}

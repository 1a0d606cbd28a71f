/**
 * Splitting long text into messages a back-end accepts, without losing a character.
 */
import type { MessageLength } from './backend.js';

/**
 * Split `text` into parts of at most `max` units, preferring line breaks, then spaces. Nothing is
 * dropped: joining the parts with the separators they were cut at gives the text back. `measure`
 * counts units (characters by default; IRC counts UTF-8 bytes).
 */
export function splitText(
  text: string,
  max: number,
  measure: (s: string) => number = (s) => s.length,
): string[] {
  if (max < 1) throw new RangeError('max must be at least 1');
  if (measure(text) <= max) return [text];
  const parts: string[] = [];
  let rest = text;
  while (measure(rest) > max) {
    const window = fitPrefix(rest, max, measure);
    let cut = window.lastIndexOf('\n');
    let skip = 1;
    if (cut <= 0) {
      cut = window.lastIndexOf(' ');
      skip = 1;
    }
    if (cut <= 0) {
      cut = window.length;
      skip = 0;
    }
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut + skip);
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}

/** The longest prefix of `s` within `max` units, never splitting a surrogate pair. */
function fitPrefix(s: string, max: number, measure: (s: string) => number): string {
  let lo = 1;
  let hi = Math.min(s.length, max * 4);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(s.slice(0, mid)) <= max) lo = mid;
    else hi = mid - 1;
  }
  let end = lo;
  const code = s.charCodeAt(end - 1);
  if (end > 1 && code >= 0xd800 && code <= 0xdbff) end--;
  return s.slice(0, end);
}

/** The function that counts a text in `unit`s (see `MessageLength`). */
export function measureIn(unit: MessageLength['unit']): (s: string) => number {
  return unit === 'bytes' ? utf8Length : (s) => s.length;
}

/** UTF-8 byte length, for back-ends whose limit is in bytes. */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

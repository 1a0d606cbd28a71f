/**
 * Jinja2's whitespace handling, applied before nunjucks sees a template: st2's environment
 * (`trim_blocks`, `lstrip_blocks`), the `-` and `+` markers on `{% %}`, `{{ }}` and `{# #}`,
 * newlines normalised to `\n` and one trailing newline dropped (`keep_trailing_newline`
 * false). nunjucks knows only `-` and trims differently, so the result is a template with
 * plain tags and no comments that nunjucks renders with its own trimming off.
 */

interface Tag {
  kind: '%' | '{' | '#';
  body: string;
  left: string;
  right: string;
}

type Token = string | Tag;

const CLOSE = { '%': '%}', '{': '}}', '#': '#}' } as const;

/** The template with Jinja2's whitespace rules applied and every marker removed. */
export function applyJinjaWhitespace(source: string): string {
  const tokens = tokenize(source.replace(/\r\n?/g, '\n').replace(/\n$/, ''));
  const texts = tokens.map((token, i) => {
    if (typeof token !== 'string') return '';
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    let from = 0;
    if (typeof prev === 'object') {
      if (prev.right === '-') from = token.length - token.replace(/^\s+/, '').length;
      else if (prev.kind !== '{' && prev.right !== '+' && token.startsWith('\n')) from = 1;
    }
    const to = typeof next === 'object' ? keptBefore(token, next, i === 0) : token.length;
    return token.slice(from, Math.max(from, to));
  });
  return tokens
    .map((t, i) => {
      if (typeof t === 'string') return texts[i];
      if (t.kind === '#') return '';
      return t.kind === '%' ? `{%${t.body}%}` : `{{${t.body}}}`;
    })
    .join('');
}

/** Jinja's `-` strips all whitespace; `lstrip_blocks` only a line's indentation before a block. */
function keptBefore(text: string, tag: Tag, atStart: boolean): number {
  if (tag.left === '-') return text.replace(/\s+$/, '').length;
  if (tag.kind === '{' || tag.left === '+') return text.length;
  const lineStart = text.lastIndexOf('\n') + 1;
  const indented = (lineStart > 0 || atStart) && /^[ \t]*$/.test(text.slice(lineStart));
  return indented ? lineStart : text.length;
}

/** Text and tags; a `{% raw %}` body stays text; an unterminated tag is left to nunjucks. */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let text = '';
  let pos = 0;
  let raw = false;
  while (pos < source.length) {
    const open = source.slice(pos).search(/\{[%{#]/);
    if (open < 0) break;
    const start = pos + open;
    const kind = source.charAt(start + 1) as Tag['kind'];
    const end = findClose(source, start + 2, CLOSE[kind]);
    if (end < 0) break;
    let inner = source.slice(start + 2, end);
    const left = /^[-+]/.test(inner) ? inner.charAt(0) : '';
    if (left) inner = inner.slice(1);
    const right = /[-+]$/.test(inner) ? inner.charAt(inner.length - 1) : '';
    if (right) inner = inner.slice(0, -1);
    const word = kind === '%' ? inner.trim() : '';
    if (raw && word !== 'endraw') {
      text += source.slice(pos, end + 2);
      pos = end + 2;
      continue;
    }
    raw = word === 'raw' ? true : word === 'endraw' ? false : raw;
    tokens.push(text + source.slice(pos, start), { kind, body: inner, left, right });
    text = '';
    pos = end + 2;
  }
  tokens.push(text + source.slice(pos));
  return tokens;
}

/** The index of `close` after `from`, skipping quoted strings (comments are not code). */
function findClose(source: string, from: number, close: string): number {
  let quote = '';
  for (let i = from; i < source.length; i++) {
    const c = source.charAt(i);
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (close !== '#}' && (c === '"' || c === "'")) {
      quote = c;
    } else if (source.startsWith(close, i)) {
      return i;
    }
  }
  return -1;
}

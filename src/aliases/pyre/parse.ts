/**
 * Parser for Python 3.11 `re` syntax (str patterns). It builds the same tree shape as
 * `sre_parse` and rejects what Python rejects, with Python's message and position.
 */
import type { SetItem } from './chars.js';
import type { Node, ParsedPattern, PyFlags } from './ast.js';
import { seqEqual } from './ast.js';
import { PyRegexError, pyRepr } from './errors.js';

const SPECIAL = new Set(['.', '\\', '[', '{', '(', ')', '*', '+', '?', '^', '$', '|']);
const REPEAT = new Set(['*', '+', '?', '{']);
const DIGITS = new Set('0123456789');
const OCT = new Set('01234567');
const HEX = new Set('0123456789abcdefABCDEF');
const WHITESPACE = new Set([' ', '\t', '\n', '\r', '\v', '\f']);
const FLAG_LETTERS = new Set(['i', 'L', 'm', 's', 'x', 'a', 't', 'u']);
const ID_RE = /^[\p{XID_Start}_][\p{XID_Continue}]*$/u;

function cpLen(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function isAsciiLetter(c: string): boolean {
  return /^[A-Za-z]$/.test(c);
}

/** Python's `str.isidentifier()`. */
export function isPyIdentifier(name: string): boolean {
  return ID_RE.test(name);
}

class Source {
  private readonly chars: string[];
  private index = 0;
  next: string | null = null;

  constructor(readonly pattern: string) {
    this.chars = Array.from(pattern);
    this.advance();
  }

  private advance(): void {
    const i = this.index;
    const ch = this.chars[i];
    if (ch === undefined) {
      this.next = null;
      return;
    }
    if (ch === '\\') {
      const nx = this.chars[i + 1];
      if (nx === undefined) {
        throw new PyRegexError('bad escape (end of pattern)', this.pattern, this.chars.length - 1);
      }
      this.next = ch + nx;
      this.index = i + 2;
      return;
    }
    this.next = ch;
    this.index = i + 1;
  }

  /** The next token (a method, so type narrowing does not survive calls to `get`). */
  peek(): string | null {
    return this.next;
  }

  match(c: string): boolean {
    if (this.next === c) {
      this.advance();
      return true;
    }
    return false;
  }

  get(): string | null {
    const t = this.next;
    this.advance();
    return t;
  }

  getWhile(n: number, set: ReadonlySet<string>): string {
    let out = '';
    for (let i = 0; i < n; i++) {
      const c = this.next;
      if (c === null || !set.has(c)) break;
      out += c;
      this.advance();
    }
    return out;
  }

  getUntil(terminator: string, name: string): string {
    let out = '';
    for (;;) {
      const c = this.next;
      this.advance();
      if (c === null) {
        if (!out) throw this.error(`missing ${name}`);
        throw this.error(`missing ${terminator}, unterminated name`, cpLen(out));
      }
      if (c === terminator) {
        if (!out) throw this.error(`missing ${name}`, 1);
        break;
      }
      out += c;
    }
    return out;
  }

  tell(): number {
    return this.index - (this.next === null ? 0 : cpLen(this.next));
  }

  seek(pos: number): void {
    this.index = pos;
    this.advance();
  }

  error(msg: string, offset = 0): PyRegexError {
    return new PyRegexError(msg, this.pattern, this.tell() - offset);
  }
}

class State {
  flags: PyFlags = {
    ignoreCase: false,
    multiline: false,
    dotAll: false,
    verbose: false,
    ascii: false,
  };
  unicodeFlag = false;
  readonly names = new Map<string, number>();
  /** Width of each closed group (index = group number); undefined while open. */
  readonly widths: ([number, number] | undefined)[] = [[0, 0]];
  lookbehindGroups: number | null = null;
  readonly condRefs = new Map<number, number>();

  get groups(): number {
    return this.widths.length;
  }

  openGroup(name: string | null): number {
    const gid = this.groups;
    this.widths.push(undefined);
    if (name !== null) {
      const old = this.names.get(name);
      if (old !== undefined) {
        throw new Error(
          `redefinition of group name ${pyRepr(name)} as group ${gid}; was group ${old}`,
        );
      }
      this.names.set(name, gid);
    }
    return gid;
  }

  closeGroup(gid: number, body: Node[]): void {
    this.widths[gid] = widthOf(body, this);
  }

  checkGroup(gid: number): boolean {
    return gid < this.groups && this.widths[gid] !== undefined;
  }

  checkLookbehindGroup(gid: number, src: Source): void {
    if (this.lookbehindGroups !== null) {
      if (!this.checkGroup(gid)) throw src.error('cannot refer to an open group');
      if (gid >= this.lookbehindGroups) {
        throw src.error('cannot refer to group defined in the same lookbehind subpattern');
      }
    }
  }
}

const MAXREPEAT = 4294967295;

/** Python's `getwidth()`: the minimum and maximum width of a sequence. */
export function widthOf(
  seq: readonly Node[],
  st?: { widths: ([number, number] | undefined)[] },
): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const n of seq) {
    switch (n.t) {
      case 'branch': {
        let i = MAXREPEAT - 1;
        let j = 0;
        for (const alt of n.alts) {
          const [l, h] = widthOf(alt, st);
          i = Math.min(i, l);
          j = Math.max(j, h);
        }
        lo += i;
        hi += j;
        break;
      }
      case 'atomic':
      case 'group': {
        const [i, j] = widthOf(n.body, st);
        lo += i;
        hi += j;
        break;
      }
      case 'repeat': {
        const [i, j] = widthOf(n.body, st);
        lo += i * n.min;
        hi += j === 0 ? 0 : n.max === Infinity ? Infinity : j * n.max;
        break;
      }
      case 'lit':
      case 'any':
      case 'in':
        lo += 1;
        hi += 1;
        break;
      case 'groupref': {
        const w = st?.widths[n.gid] ?? [0, Infinity];
        lo += w[0];
        hi += w[1];
        break;
      }
      case 'cond': {
        let [i, j] = widthOf(n.yes, st);
        if (n.no !== null) {
          const [l, h] = widthOf(n.no, st);
          i = Math.min(i, l);
          j = Math.max(j, h);
        } else i = 0;
        lo += i;
        hi += j;
        break;
      }
      case 'at':
      case 'assert':
        break;
    }
  }
  return [Math.min(lo, MAXREPEAT - 1), Math.min(hi, Infinity)];
}

function lit(c: string): Node {
  return { t: 'lit', cp: c.codePointAt(0) ?? 0 };
}

const CATEGORY_ESCAPES: Record<string, Node> = {
  '\\A': { t: 'at', at: 'beginning_string' },
  '\\b': { t: 'at', at: 'boundary' },
  '\\B': { t: 'at', at: 'non_boundary' },
  '\\d': { t: 'in', negate: false, items: [{ t: 'cat', cat: 'digit', negate: false }] },
  '\\D': { t: 'in', negate: false, items: [{ t: 'cat', cat: 'digit', negate: true }] },
  '\\s': { t: 'in', negate: false, items: [{ t: 'cat', cat: 'space', negate: false }] },
  '\\S': { t: 'in', negate: false, items: [{ t: 'cat', cat: 'space', negate: true }] },
  '\\w': { t: 'in', negate: false, items: [{ t: 'cat', cat: 'word', negate: false }] },
  '\\W': { t: 'in', negate: false, items: [{ t: 'cat', cat: 'word', negate: true }] },
  '\\Z': { t: 'at', at: 'end_string' },
};

const LITERAL_ESCAPES: Record<string, number> = {
  '\\a': 7,
  '\\b': 8,
  '\\f': 12,
  '\\n': 10,
  '\\r': 13,
  '\\t': 9,
  '\\v': 11,
  '\\\\': 92,
};

function cloneNode(n: Node): Node {
  return n.t === 'in' ? { ...n, items: n.items.map((i) => ({ ...i })) } : { ...n };
}

/** Hex, \u, \U and \N escapes shared by both escape contexts; null when not one of them. */
function numericEscape(src: Source, escape: string): number | null {
  const c = escape.slice(1, 2);
  if (c === 'x') {
    const e = escape + src.getWhile(2, HEX);
    if (e.length !== 4) throw src.error(`incomplete escape ${e}`, e.length);
    return parseInt(e.slice(2), 16);
  }
  if (c === 'u') {
    const e = escape + src.getWhile(4, HEX);
    if (e.length !== 6) throw src.error(`incomplete escape ${e}`, e.length);
    return parseInt(e.slice(2), 16);
  }
  if (c === 'U') {
    const e = escape + src.getWhile(8, HEX);
    if (e.length !== 10) throw src.error(`incomplete escape ${e}`, e.length);
    const v = parseInt(e.slice(2), 16);
    if (v > 0x10ffff) throw src.error(`bad escape ${e}`, e.length);
    return v;
  }
  if (c === 'N') {
    throw new PyRegexError(
      'named character escapes (\\N{...}) are not supported',
      src.pattern,
      src.tell() - 2,
      true,
    );
  }
  return null;
}

function parseEscape(src: Source, escape: string, st: State): Node {
  const cat = CATEGORY_ESCAPES[escape];
  if (cat) return cloneNode(cat);
  const litCp = LITERAL_ESCAPES[escape];
  if (litCp !== undefined) return { t: 'lit', cp: litCp };
  const num = numericEscape(src, escape);
  if (num !== null) return { t: 'lit', cp: num };
  const c = escape.slice(1);
  if (c === '0') {
    const e = escape + src.getWhile(2, OCT);
    return { t: 'lit', cp: parseInt(e.slice(1), 8) };
  }
  if (DIGITS.has(c)) {
    let e = escape;
    if (src.next !== null && DIGITS.has(src.next)) {
      e += src.get() ?? '';
      const d1 = e[1] ?? '';
      const d2 = e[2] ?? '';
      const third = src.peek();
      if (OCT.has(d1) && OCT.has(d2) && third !== null && OCT.has(third)) {
        e += src.get() ?? '';
        const v = parseInt(e.slice(1), 8);
        if (v > 0o377) {
          throw src.error(`octal escape value ${e} outside of range 0-0o377`, e.length);
        }
        return { t: 'lit', cp: v };
      }
    }
    const group = parseInt(e.slice(1), 10);
    if (group < st.groups) {
      if (!st.checkGroup(group)) throw src.error('cannot refer to an open group', e.length);
      st.checkLookbehindGroup(group, src);
      return { t: 'groupref', gid: group };
    }
    throw src.error(`invalid group reference ${group}`, e.length - 1);
  }
  if (cpLen(escape) === 2) {
    if (isAsciiLetter(c)) throw src.error(`bad escape ${escape}`, escape.length);
    return lit(c);
  }
  throw src.error(`bad escape ${escape}`, escape.length);
}

function parseClassEscape(src: Source, escape: string): SetItem {
  const litCp = LITERAL_ESCAPES[escape];
  if (litCp !== undefined) return { t: 'lit', cp: litCp };
  const cat = CATEGORY_ESCAPES[escape];
  if (cat?.t === 'in') {
    const item = cat.items[0];
    if (item) return { ...item };
  }
  const num = numericEscape(src, escape);
  if (num !== null) return { t: 'lit', cp: num };
  const c = escape.slice(1);
  if (OCT.has(c)) {
    const e = escape + src.getWhile(2, OCT);
    const v = parseInt(e.slice(1), 8);
    if (v > 0o377) throw src.error(`octal escape value ${e} outside of range 0-0o377`, e.length);
    return { t: 'lit', cp: v };
  }
  if (DIGITS.has(c)) throw src.error(`bad escape ${escape}`, escape.length);
  if (cpLen(escape) === 2) {
    if (isAsciiLetter(c)) throw src.error(`bad escape ${escape}`, escape.length);
    return { t: 'lit', cp: c.codePointAt(0) ?? 0 };
  }
  throw src.error(`bad escape ${escape}`, escape.length);
}

function parseClass(src: Source): Node {
  const here = src.tell() - 1;
  const items: SetItem[] = [];
  const negate = src.match('^');
  for (;;) {
    const t = src.get();
    if (t === null) throw src.error('unterminated character set', src.tell() - here);
    if (t === ']' && items.length > 0) break;
    const code1: SetItem = t.startsWith('\\')
      ? parseClassEscape(src, t)
      : { t: 'lit', cp: t.codePointAt(0) ?? 0 };
    if (src.match('-')) {
      const that = src.get();
      if (that === null) throw src.error('unterminated character set', src.tell() - here);
      if (that === ']') {
        items.push(code1, { t: 'lit', cp: 45 });
        break;
      }
      const code2: SetItem = that.startsWith('\\')
        ? parseClassEscape(src, that)
        : { t: 'lit', cp: that.codePointAt(0) ?? 0 };
      const msg = `bad character range ${t}-${that}`;
      if (code1.t !== 'lit' || code2.t !== 'lit') {
        throw src.error(msg, cpLen(t) + 1 + cpLen(that));
      }
      if (code2.cp < code1.cp) throw src.error(msg, cpLen(t) + 1 + cpLen(that));
      items.push({ t: 'range', lo: code1.cp, hi: code2.cp });
    } else {
      items.push(code1);
    }
  }
  const uniq: SetItem[] = [];
  const seen = new Set<string>();
  for (const it of items) {
    const k = JSON.stringify(it);
    if (!seen.has(k)) {
      seen.add(k);
      uniq.push(it);
    }
  }
  const only = uniq[0];
  // Python turns a one-literal set into a plain literal; tree equality depends on it.
  if (uniq.length === 1 && only?.t === 'lit' && !negate) return { t: 'lit', cp: only.cp };
  return { t: 'in', negate, items: uniq };
}

type FlagResult = null | 'scoped';

function parseFlags(src: Source, st: State, first: string): FlagResult {
  let char: string | null = first;
  const add = new Set<string>();
  if (char !== '-') {
    for (;;) {
      if (char === 'L') throw src.error("bad inline flag: cannot use 'L' flag with a str pattern");
      add.add(char);
      if (add.has('a') && add.has('u')) {
        throw src.error("bad inline flag: flags 'a', 'u' and 'L' are incompatible");
      }
      char = src.get();
      if (char === null) throw src.error('missing -, : or )');
      if (char === ')' || char === '-' || char === ':') break;
      if (!FLAG_LETTERS.has(char)) {
        const msg = /^\p{L}$/u.test(char) ? 'unknown flag' : 'missing -, : or )';
        throw src.error(msg, cpLen(char));
      }
    }
  }
  if (char === ')') {
    if (add.has('i')) st.flags.ignoreCase = true;
    if (add.has('m')) st.flags.multiline = true;
    if (add.has('s')) st.flags.dotAll = true;
    if (add.has('x')) st.flags.verbose = true;
    if (add.has('a')) st.flags.ascii = true;
    if (add.has('u')) st.unicodeFlag = true;
    if (st.flags.ascii && st.unicodeFlag) {
      throw src.error("bad inline flag: flags 'a', 'u' and 'L' are incompatible");
    }
    return null;
  }
  return 'scoped';
}

function parseSub(src: Source, st: State, verbose: boolean, nested: number): Node[] {
  const items: Node[][] = [];
  for (;;) {
    items.push(parseSeq(src, st, verbose, nested + 1, nested === 0 && items.length === 0));
    if (!src.match('|')) break;
  }
  if (items.length === 1) return items[0] ?? [];
  const out: Node[] = [];
  // Python moves a prefix shared by every alternative out of the branch; st2's anchor
  // detection sees the resulting tree, so the same rewrite is done here.
  for (;;) {
    let prefix: Node | undefined;
    let all = true;
    for (const item of items) {
      const head = item[0];
      if (head === undefined) {
        all = false;
        break;
      }
      if (prefix === undefined) prefix = head;
      else if (!seqEqual([head], [prefix])) {
        all = false;
        break;
      }
    }
    if (!all || prefix === undefined) break;
    for (const item of items) item.shift();
    out.push(prefix);
  }
  out.push({ t: 'branch', alts: items });
  return out;
}

function parseSeq(
  src: Source,
  st: State,
  verbose: boolean,
  nested: number,
  first: boolean,
): Node[] {
  const sub: Node[] = [];
  for (;;) {
    const t = src.next;
    if (t === null || t === '|' || t === ')') break;
    src.get();
    if (verbose) {
      if (WHITESPACE.has(t)) continue;
      if (t === '#') {
        for (;;) {
          const c = src.get();
          if (c === null || c === '\n') break;
        }
        continue;
      }
    }
    if (t.startsWith('\\')) {
      sub.push(parseEscape(src, t, st));
    } else if (!SPECIAL.has(t)) {
      sub.push(lit(t));
    } else if (t === '[') {
      sub.push(parseClass(src));
    } else if (REPEAT.has(t)) {
      if (!parseRepeat(src, t, sub)) continue;
    } else if (t === '.') {
      sub.push({ t: 'any' });
    } else if (t === '(') {
      const node = parseGroup(src, st, verbose, nested, first, sub);
      if (node === 'verbose') {
        verbose = st.flags.verbose;
        continue;
      }
      if (node !== null) sub.push(node);
    } else if (t === '^') {
      sub.push({ t: 'at', at: 'beginning' });
    } else if (t === '$') {
      sub.push({ t: 'at', at: 'end' });
    }
  }
  return sub;
}

/** Returns false when the `{` turned out to be a literal (already appended). */
function parseRepeat(src: Source, t: string, sub: Node[]): boolean {
  const here = src.tell();
  let min = 0;
  let max = Infinity;
  if (t === '?') max = 1;
  else if (t === '+') min = 1;
  else if (t === '{') {
    if (src.next === '}') {
      sub.push(lit('{'));
      return false;
    }
    let lo = '';
    let hi = '';
    while (src.next !== null && DIGITS.has(src.next)) lo += src.get() ?? '';
    if (src.match(',')) {
      while (src.next !== null && DIGITS.has(src.next)) hi += src.get() ?? '';
    } else hi = lo;
    if (!src.match('}')) {
      sub.push(lit('{'));
      src.seek(here);
      return false;
    }
    if (lo) {
      min = parseInt(lo, 10);
      if (min >= MAXREPEAT)
        throw new PyRegexError('the repetition number is too large', src.pattern, null);
    }
    if (hi) {
      max = parseInt(hi, 10);
      if (max >= MAXREPEAT)
        throw new PyRegexError('the repetition number is too large', src.pattern, null);
      if (max < min) throw src.error('min repeat greater than max repeat', src.tell() - here);
    }
  }
  const last = sub[sub.length - 1];
  const off = src.tell() - here + 1;
  if (last === undefined || last.t === 'at') throw src.error('nothing to repeat', off);
  if (last.t === 'repeat') throw src.error('multiple repeat', off);
  const body: Node[] = last.t === 'group' && last.gid === null ? last.body : [last];
  const kind = src.match('?') ? 'lazy' : src.match('+') ? 'possessive' : 'greedy';
  sub[sub.length - 1] = { t: 'repeat', min, max, kind, body };
  return true;
}

function parseGroup(
  src: Source,
  st: State,
  verbose: boolean,
  nested: number,
  first: boolean,
  sub: Node[],
): Node | null | 'verbose' {
  const start = src.tell() - 1;
  let capture = true;
  let atomic = false;
  let name: string | null = null;
  if (src.match('?')) {
    const char = src.get();
    if (char === null) throw src.error('unexpected end of pattern');
    if (char === 'P') {
      if (src.match('<')) {
        name = src.getUntil('>', 'group name');
        if (!isPyIdentifier(name)) {
          throw src.error(`bad character in group name ${pyRepr(name)}`, cpLen(name) + 1);
        }
      } else if (src.match('=')) {
        const ref = src.getUntil(')', 'group name');
        if (!isPyIdentifier(ref)) {
          throw src.error(`bad character in group name ${pyRepr(ref)}`, cpLen(ref) + 1);
        }
        const gid = st.names.get(ref);
        if (gid === undefined) throw src.error(`unknown group name ${pyRepr(ref)}`, cpLen(ref) + 1);
        if (!st.checkGroup(gid)) throw src.error('cannot refer to an open group', cpLen(ref) + 1);
        st.checkLookbehindGroup(gid, src);
        return { t: 'groupref', gid };
      } else {
        const c = src.get();
        if (c === null) throw src.error('unexpected end of pattern');
        throw src.error(`unknown extension ?P${c}`, cpLen(c) + 2);
      }
    } else if (char === ':') {
      capture = false;
    } else if (char === '#') {
      for (;;) {
        if (src.next === null) {
          throw src.error('missing ), unterminated comment', src.tell() - start);
        }
        if (src.get() === ')') break;
      }
      return null;
    } else if (char === '=' || char === '!' || char === '<') {
      let kind = char;
      let dir: 1 | -1 = 1;
      let savedLookbehind: number | null = null;
      if (char === '<') {
        const c = src.get();
        if (c === null) throw src.error('unexpected end of pattern');
        if (c !== '=' && c !== '!') throw src.error(`unknown extension ?<${c}`, cpLen(c) + 2);
        kind = c;
        dir = -1;
        savedLookbehind = st.lookbehindGroups;
        if (savedLookbehind === null) st.lookbehindGroups = st.groups;
      }
      const body = parseSub(src, st, verbose, nested + 1);
      if (dir < 0 && savedLookbehind === null) st.lookbehindGroups = null;
      if (!src.match(')'))
        throw src.error('missing ), unterminated subpattern', src.tell() - start);
      return { t: 'assert', dir, negate: kind === '!', body };
    } else if (char === '(') {
      const condName = src.getUntil(')', 'group name');
      let gid: number;
      if (isPyIdentifier(condName)) {
        const g = st.names.get(condName);
        if (g === undefined) {
          throw src.error(`unknown group name ${pyRepr(condName)}`, cpLen(condName) + 1);
        }
        gid = g;
      } else {
        if (!/^[0-9]+$/.test(condName)) {
          throw src.error(`bad character in group name ${pyRepr(condName)}`, cpLen(condName) + 1);
        }
        gid = parseInt(condName, 10);
        if (gid === 0) throw src.error('bad group number', cpLen(condName) + 1);
        if (!st.condRefs.has(gid)) st.condRefs.set(gid, src.tell() - cpLen(condName) - 1);
      }
      st.checkLookbehindGroup(gid, src);
      const yes = parseSeq(src, st, verbose, nested + 1, false);
      let no: Node[] | null = null;
      if (src.match('|')) {
        no = parseSeq(src, st, verbose, nested + 1, false);
        if (src.next === '|') throw src.error('conditional backref with more than two branches');
      }
      if (!src.match(')'))
        throw src.error('missing ), unterminated subpattern', src.tell() - start);
      return { t: 'cond', gid, yes, no };
    } else if (char === '>') {
      capture = false;
      atomic = true;
    } else if (FLAG_LETTERS.has(char) || char === '-') {
      const r = parseFlags(src, st, char);
      if (r === null) {
        if (!first || sub.length > 0) {
          throw src.error('global flags not at the start of the expression', src.tell() - start);
        }
        return 'verbose';
      }
      throw new PyRegexError(
        'scoped inline flags such as (?i:...) are not supported',
        src.pattern,
        start,
        true,
      );
    } else {
      throw src.error(`unknown extension ?${char}`, cpLen(char) + 1);
    }
  }
  let gid: number | null = null;
  if (capture) {
    try {
      gid = st.openGroup(name);
    } catch (e) {
      throw src.error((e as Error).message, cpLen(name ?? '') + 1);
    }
  }
  const body = parseSub(src, st, verbose, nested + 1);
  if (!src.match(')')) throw src.error('missing ), unterminated subpattern', src.tell() - start);
  if (gid !== null) st.closeGroup(gid, body);
  if (atomic) return { t: 'atomic', body };
  return { t: 'group', gid, body };
}

/** Parse a Python regular expression. Throws {@link PyRegexError} like Python 3.11 would. */
export function parsePattern(pattern: string, flags: Partial<PyFlags> = {}): ParsedPattern {
  const run = (verbose: boolean): { seq: Node[]; st: State } => {
    const src = new Source(pattern);
    const st = new State();
    st.flags = {
      ignoreCase: flags.ignoreCase ?? false,
      multiline: flags.multiline ?? false,
      dotAll: flags.dotAll ?? false,
      verbose,
      ascii: flags.ascii ?? false,
    };
    const seq = parseSub(src, st, verbose, 0);
    if (src.next !== null) throw src.error('unbalanced parenthesis');
    for (const [g, pos] of st.condRefs) {
      if (g >= st.groups) throw new PyRegexError(`invalid group reference ${g}`, pattern, pos);
    }
    return { seq, st };
  };
  const initialVerbose = flags.verbose ?? false;
  let { seq, st } = run(initialVerbose);
  if (st.flags.verbose && !initialVerbose) ({ seq, st } = run(true));
  const widths = st.widths.map((w): [number, number] => w ?? [0, Infinity]);
  return { pattern, seq, flags: st.flags, groups: st.groups - 1, names: st.names, widths };
}

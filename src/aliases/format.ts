/**
 * Turns an alias format into its regular expression (docs/reference/alias-parser.md §A.2–A.4), exactly as st2
 * builds it, and compiles it with the Python-compatible engine.
 */
import { AliasLimitError, AliasParseError } from './errors.js';
import { findPlaceholders, type PlaceholderExpression } from './placeholders.js';
import { requiredWords, type RequiredWords } from './required-words.js';
import {
  isPyIdentifier,
  isPySpace,
  parsePattern,
  PyAnchored,
  PyRegex,
  PyRegexError,
  type Node,
  type ParsedPattern,
} from './pyre/index.js';

/** Leading literal text checked directly, then the rest of the pattern run at its end. */
export interface FastPath {
  /** Literal code points that must follow the leading whitespace. */
  prefix: Int32Array;
  /** The same literal as a string. */
  prefixText: string;
  tail: PyAnchored;
}

/**
 * How a match becomes parameters: group names and numbers, optional placeholders and their
 * defaults. Equal shapes are shared between formats, so thousands of similar formats read the
 * same few objects while matching.
 */
export interface ResultShape {
  /** Named groups (placeholders and user groups) in definition order. */
  readonly names: readonly string[];
  /** Their group numbers. */
  readonly ids: readonly number[];
  /** Optional placeholders in format order: name and default text. */
  readonly optional: readonly (readonly [string, string])[];
  /** The format is the empty string (a display-only object). */
  readonly empty: boolean;
}

const shapes = new Map<string, ResultShape>();

function shapeOf(
  names: readonly string[],
  ids: readonly number[],
  optional: readonly (readonly [string, string])[],
  empty: boolean,
): ResultShape {
  const key = JSON.stringify([names, ids, optional, empty]);
  let shape = shapes.get(key);
  if (!shape) {
    shape = { names, ids, optional, empty };
    if (shapes.size >= 50_000) shapes.clear();
    shapes.set(key, shape);
  }
  return shape;
}

/** A format ready to match commands. */
export interface CompiledFormat {
  format: string;
  /** The Python regular expression st2 builds (with the anchors it adds). */
  source: string;
  /** The whole expression, compiled on first use (multiple mode, tools). */
  readonly regex: PyRegex;
  /** Named groups (placeholders and user groups) in definition order. */
  names: ReadonlyMap<string, number>;
  /** The same names and group numbers as parallel arrays (cheaper to walk). */
  groupNames: readonly string[];
  groupIds: readonly number[];
  /** Optional placeholders in format order: name and default text. */
  optional: [string, string][];
  /** Names, numbers and defaults as a shared object. */
  shape: ResultShape;
  /** The literal words every match has, read from the syntax tree (the index files it by them). */
  required: RequiredWords;
  /** Single-mode shortcut, equivalent to searching with `regex`; null when not applicable. */
  fast: FastPath | null;
}

class Compiled implements CompiledFormat {
  private compiled: PyRegex | null;
  readonly groupNames: readonly string[];
  readonly groupIds: readonly number[];
  readonly shape: ResultShape;

  constructor(
    readonly format: string,
    readonly source: string,
    readonly names: ReadonlyMap<string, number>,
    readonly optional: [string, string][],
    readonly required: RequiredWords,
    readonly fast: FastPath | null,
    regex: PyRegex | null,
  ) {
    this.compiled = regex;
    this.shape = shapeOf([...names.keys()], [...names.values()], optional, format === '');
    this.groupNames = this.shape.names;
    this.groupIds = this.shape.ids;
  }

  get regex(): PyRegex {
    this.compiled ??= PyRegex.compile(this.source, { dotAll: true });
    return this.compiled;
  }
}

/** The value construct st2 puts in place of a placeholder (after its leading whitespace). */
export function valueCapture(name: string): string {
  return String.raw`["\']?(?P<${name}>(?:(?<=\').+?(?=\')|(?<=").+?(?=")|{.+?}|.+?))["\']?`;
}

function sub(
  re: PlaceholderExpression,
  text: string,
  repl: (m: (i: number) => string) => string,
): string {
  let out = '';
  let last = 0;
  for (const m of findPlaceholders(re, text)) {
    out += text.slice(last, m.start) + repl(m.group);
    last = m.end;
  }
  return out + text.slice(last);
}

type Part = { text: string } | { optional: boolean; w: string; name: string };

/** Split text into plain pieces and the placeholders `re` finds (group 1 = W, group 2 = name). */
function parts(re: PlaceholderExpression, text: string, optional: boolean): Part[] {
  const out: Part[] = [];
  let last = 0;
  for (const m of findPlaceholders(re, text)) {
    if (m.start > last) out.push({ text: text.slice(last, m.start) });
    out.push({ optional, w: m.group(1), name: m.group(2) });
    last = m.end;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

/** A placeholder of a format, as st2's substitution finds it. */
export interface Placeholder {
  name: string;
  optional: boolean;
}

/** The format's placeholders and its literal text (everything outside placeholders). */
export function splitFormat(format: string): { placeholders: Placeholder[]; text: string[] } {
  const pieces = parts('optionalSub', format, true).flatMap((p) =>
    'text' in p ? parts('requiredSub', p.text, false) : [p],
  );
  const placeholders: Placeholder[] = [];
  const text: string[] = [];
  for (const p of pieces) {
    if ('text' in p) text.push(p.text);
    else placeholders.push({ name: p.name, optional: p.optional });
  }
  return { placeholders, text };
}

const REGEX_META = /[.^$*+?{}[\]\\|()]/;
let template: { seq: Node[]; width: [number, number] } | undefined;

function cloneWithGroup(nodes: readonly Node[], gid: number): Node[] {
  return nodes.map((n): Node => {
    switch (n.t) {
      case 'group':
        return { t: 'group', gid: n.gid === null ? null : gid, body: cloneWithGroup(n.body, gid) };
      case 'branch':
        return { t: 'branch', alts: n.alts.map((a) => cloneWithGroup(a, gid)) };
      case 'assert':
        return { ...n, body: cloneWithGroup(n.body, gid) };
      case 'repeat':
        return { ...n, body: cloneWithGroup(n.body, gid) };
      case 'atomic':
        return { t: 'atomic', body: cloneWithGroup(n.body, gid) };
      default:
        return n;
    }
  });
}

/** A value capture as the index sees it: one or more characters of any kind. */
const VALUE_SKETCH: Node = {
  t: 'repeat',
  min: 1,
  max: Infinity,
  kind: 'lazy',
  body: [{ t: 'any' }],
};

const SPACE_STAR: Node = {
  t: 'repeat',
  min: 0,
  max: Infinity,
  kind: 'greedy',
  body: [{ t: 'in', negate: false, items: [{ t: 'cat', cat: 'space', negate: false }] }],
};

/**
 * Fast path for the usual format (literal words and placeholders, no regex syntax): build the
 * tree Python's parser would produce without parsing the generated pattern. Returns null when
 * the format needs the general path (regex syntax, odd or repeated names).
 */
function simpleFormat(
  format: string,
): (ParsedPattern & { tailSource: (n: number) => string; sketch: Node[] }) | null {
  const pieces = parts('optionalSub', format, true).flatMap((p) =>
    'text' in p ? parts('requiredSub', p.text, false) : [p],
  );
  const names = new Map<string, number>();
  for (const p of pieces) {
    if ('text' in p) {
      if (REGEX_META.test(p.text)) return null;
    } else {
      if (!isPyIdentifier(p.name) || names.has(p.name)) return null;
      names.set(p.name, names.size + 1);
    }
  }
  if (!template) {
    const parsed = parsePattern(valueCapture('x'), { dotAll: true });
    template = { seq: parsed.seq, width: parsed.widths[1] ?? [1, Infinity] };
  }
  const tpl = template;
  const lits = (s: string): Node[] =>
    Array.from(s, (c) => ({ t: 'lit', cp: c.codePointAt(0) ?? 0 }));
  const seq: Node[] = [{ t: 'at', at: 'beginning' }, SPACE_STAR];
  // The same tree with each value capture as `.+?`: what the index reads words from.
  const sketch: Node[] = [...seq];
  let source = String.raw`^\s*`;
  // The same text with group numbers for names: equal shapes compile to equal programs.
  let shape = source;
  for (const p of pieces) {
    if ('text' in p) {
      const text = lits(p.text);
      seq.push(...text);
      sketch.push(...text);
      source += p.text;
      shape += p.text;
      continue;
    }
    const gid = names.get(p.name) ?? 0;
    const body = [...lits(p.w), ...cloneWithGroup(tpl.seq, gid)];
    const capture = p.w + valueCapture(p.name);
    const numbered = p.w + valueCapture(`g${gid}`);
    const sketchBody = [...lits(p.w), VALUE_SKETCH];
    if (p.optional) {
      seq.push({ t: 'repeat', min: 0, max: 1, kind: 'greedy', body });
      sketch.push({ t: 'repeat', min: 0, max: 1, kind: 'greedy', body: sketchBody });
      source += `(?:${capture})?`;
      shape += `(?:${numbered})?`;
    } else {
      seq.push(...body);
      sketch.push(...sketchBody);
      source += capture;
      shape += numbered;
    }
  }
  seq.push(SPACE_STAR, { t: 'at', at: 'end' });
  sketch.push(SPACE_STAR, { t: 'at', at: 'end' });
  source += String.raw`\s*$`;
  const widths: [number, number][] = [[0, 0], ...[...names].map((): [number, number] => tpl.width)];
  return {
    pattern: source,
    seq,
    flags: { ignoreCase: false, multiline: false, dotAll: true, verbose: false, ascii: false },
    groups: names.size,
    names,
    widths,
    // Literal characters map one to one onto the text after the leading `^\s*`.
    tailSource: (n) => shape.slice(4 + n),
    sketch,
  };
}

/** Whether a node is `\s*` itself (a repeat of `\s` with no minimum). */
function isSpaceStar(n: Node): boolean {
  if (n.t !== 'repeat' || n.min !== 0 || n.body.length !== 1) return false;
  const body = n.body[0];
  return (
    body?.t === 'in' &&
    !body.negate &&
    body.items.length === 1 &&
    body.items[0]?.t === 'cat' &&
    body.items[0].cat === 'space' &&
    !body.items[0].negate
  );
}

const tails = new Map<string, PyAnchored>();

/**
 * The fast path: `^`, `\s*`, then literal text that starts with a non-space. A match must then
 * have that text right after the leading whitespace (backtracking into `\s*` cannot help), and
 * the rest of the pattern must match from its end. Equal rests share one compiled program.
 */
function fastPath(
  p: ParsedPattern,
  tailKey: (literal: string, rest: Node[]) => string,
): FastPath | null {
  const { seq, flags } = p;
  // Under ASCII, `\s` is narrower than the whitespace a command's start skips.
  if (flags.ignoreCase || flags.multiline || flags.ascii) return null;
  const head = seq[0];
  if (head?.t !== 'at' || (head.at !== 'beginning' && head.at !== 'beginning_string')) return null;
  let i = 1;
  while (i < seq.length && isSpaceStar(seq[i] as Node)) i++;
  if (i === 1) return null;
  const prefix: number[] = [];
  while (i < seq.length) {
    const n = seq[i];
    if (n?.t !== 'lit') break;
    prefix.push(n.cp);
    i++;
  }
  const first = prefix[0];
  if (first === undefined || isPySpace(first)) return null;
  const rest = seq.slice(i);
  const key = `${p.groups}:${tailKey(String.fromCodePoint(...prefix), rest)}`;
  let tail = tails.get(key);
  if (!tail) {
    tail = PyAnchored.fromParsed({ ...p, seq: rest, names: new Map() });
    if (tails.size >= 50_000) tails.clear();
    tails.set(key, tail);
  }
  return { prefix: Int32Array.from(prefix), prefixText: String.fromCodePoint(...prefix), tail };
}

/** Python-tree search for anchors, with st2's quirks (only the 2nd alternative of a branch). */
function hasAnchor(seq: readonly Node[], kinds: readonly string[]): boolean {
  for (const n of seq) {
    if (n.t === 'group') {
      if (hasAnchor(n.body, kinds)) return true;
    } else if (n.t === 'branch') {
      const second = n.alts[1];
      if (second && hasAnchor(second, kinds)) return true;
    } else if (n.t === 'at' && kinds.includes(n.at)) return true;
  }
  return false;
}

function regexError(e: unknown): never {
  if (e instanceof PyRegexError) {
    if (e.unsupported) {
      throw new AliasParseError('invalid_format', `unsupported regular expression: ${e.message}`);
    }
    throw new AliasParseError('invalid_format', `re.error: ${e.message}`);
  }
  if (e instanceof AliasParseError || e instanceof AliasLimitError) throw e;
  throw new AliasParseError('invalid_format', `invalid format: ${(e as Error).message}`);
}

/** The longest format accepted (st2 has no limit; longer ones are surely mistakes). */
export const MAX_FORMAT_LENGTH = 4096;

/**
 * Build and compile a format's regular expression. Throws `AliasParseError` (invalid_format),
 * or `AliasLimitError` (too_complex) for a format too large to handle safely.
 */
export function compileFormat(format: string): CompiledFormat {
  if (format.length > MAX_FORMAT_LENGTH) {
    throw new AliasParseError(
      'invalid_format',
      `format is too long (${format.length} characters; the limit is ${MAX_FORMAT_LENGTH})`,
    );
  }
  try {
    return build(format);
  } catch (e) {
    if (PyRegex.isBudgetError(e)) {
      throw new AliasLimitError(
        'too_complex',
        `format "${format}" is too complex to compile safely`,
      );
    }
    throw e;
  }
}

function build(format: string): CompiledFormat {
  const hasPlaceholder = format.includes('{{');
  const optional: [string, string][] = hasPlaceholder
    ? findPlaceholders('optionalFind', format).map((m) => [
        m.group(1),
        [2, 3, 4, 5].map((i) => m.group(i)).join(''),
      ])
    : [];
  const simple = simpleFormat(format);
  if (simple) {
    const fast = fastPath(simple, (literal) => `s:${simple.tailSource(literal.length)}`);
    return new Compiled(
      format,
      simple.pattern,
      simple.names,
      optional,
      requiredWords({ seq: simple.sketch, flags: simple.flags }),
      fast,
      null,
    );
  }
  let reg = format;
  if (hasPlaceholder) {
    reg = sub('optionalSub', reg, (g) => `(?:${g(1)}${valueCapture(g(2))})?`);
    reg = sub('requiredSub', reg, (g) => g(1) + valueCapture(g(2)));
  }
  let source: string;
  try {
    const tree = parsePattern(reg, { dotAll: true }).seq;
    source = reg;
    if (!hasAnchor(tree, ['beginning', 'beginning_string'])) source = String.raw`^\s*` + source;
    if (!hasAnchor(tree, ['end', 'end_string'])) source += String.raw`\s*$`;
  } catch (e) {
    regexError(e);
  }
  let regex: PyRegex;
  try {
    regex = PyRegex.compile(source, { dotAll: true });
  } catch (e) {
    regexError(e);
  }
  const parsed = regex.parsed;
  const fast = fastPath(parsed, (_literal, rest) => `j:${JSON.stringify([rest, parsed.flags])}`);
  return new Compiled(format, source, parsed.names, optional, requiredWords(parsed), fast, regex);
}

type Cached = CompiledFormat | AliasParseError | AliasLimitError;

/**
 * Compiled formats by text, in two generations: a hit in the older one moves to the newer; when
 * the newer fills up it becomes the older and the older is dropped. A set of up to
 * {@link CACHE_GENERATION} formats rebuilt again and again is never recompiled, and the cache
 * never holds more than twice that.
 */
export const CACHE_GENERATION = 50_000;
let young = new Map<string, Cached>();
let old = new Map<string, Cached>();

function remember(format: string, value: Cached): void {
  if (young.size >= CACHE_GENERATION) {
    old = young;
    young = new Map();
  }
  young.set(format, value);
}

/** {@link compileFormat} with a bounded cache (errors are cached too). */
export function compileFormatCached(format: string): CompiledFormat {
  let hit = young.get(format);
  if (hit === undefined) {
    hit = old.get(format);
    if (hit === undefined) {
      try {
        hit = compileFormat(format);
      } catch (e) {
        if (!(e instanceof AliasParseError || e instanceof AliasLimitError)) throw e;
        hit = e;
      }
    } else old.delete(format);
    remember(format, hit);
  }
  if (hit instanceof Error) throw hit;
  return hit;
}

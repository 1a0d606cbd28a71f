/**
 * Turns an alias format into its regular expression (alias-parser.md §A.2–A.4), exactly as st2
 * builds it, and compiles it with the Python-compatible engine.
 */
import { AliasLimitError, AliasParseError } from './errors.js';
import {
  CodeText,
  isPyIdentifier,
  parsePattern,
  PyRegex,
  PyRegexError,
  type Node,
} from './pyre/index.js';

/** A format ready to match commands. */
export interface CompiledFormat {
  format: string;
  /** The Python regular expression st2 builds (with the anchors it adds). */
  source: string;
  regex: PyRegex;
  /** Optional placeholders in format order: name and default text. */
  optional: [string, string][];
}

const KEY = String.raw`\s*(\S+?)\s*`;
const EXT_VALUE = String.raw`""|''|"(.+?)"|'(.+?)'|({.+?})|(.+?)`;
const OPTIONAL = `{{${KEY}\\s*=\\s*(?:${EXT_VALUE})\\s*}}`;
const REQUIRED = `{{${KEY}}}`;

const optionalSub = PyRegex.compile(String.raw`(\s*)` + OPTIONAL);
const requiredSub = PyRegex.compile(String.raw`(\s*)` + REQUIRED);
const optionalFind = PyRegex.compile(OPTIONAL, { dotAll: true });

/** The value construct st2 puts in place of a placeholder (after its leading whitespace). */
export function valueCapture(name: string): string {
  return String.raw`["\']?(?P<${name}>(?:(?<=\').+?(?=\')|(?<=").+?(?=")|{.+?}|.+?))["\']?`;
}

function sub(re: PyRegex, text: string, repl: (m: (i: number) => string) => string): string {
  const t = new CodeText(text);
  let out = '';
  let last = 0;
  for (const m of re.finditer(t)) {
    out += t.slice(last, m.start) + repl((i) => m.group(i) ?? '');
    last = m.end;
  }
  return out + t.slice(last, t.length);
}

type Part = { text: string } | { optional: boolean; w: string; name: string };

/** Split text into plain pieces and the placeholders `re` finds (group 1 = W, group 2 = name). */
function parts(re: PyRegex, text: string, optional: boolean): Part[] {
  const t = new CodeText(text);
  const out: Part[] = [];
  let last = 0;
  for (const m of re.finditer(t)) {
    if (m.start > last) out.push({ text: t.slice(last, m.start) });
    out.push({ optional, w: m.group(1) ?? '', name: m.group(2) ?? '' });
    last = m.end;
  }
  if (last < t.length) out.push({ text: t.slice(last, t.length) });
  return out;
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
function simpleFormat(format: string): CompiledFormat['regex'] | null {
  const pieces = parts(optionalSub, format, true).flatMap((p) =>
    'text' in p ? parts(requiredSub, p.text, false) : [p],
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
  const lits = (s: string): Node[] => Array.from(s, (c) => ({ t: 'lit', cp: c.codePointAt(0) ?? 0 }));
  const seq: Node[] = [{ t: 'at', at: 'beginning' }, SPACE_STAR];
  let source = String.raw`^\s*`;
  for (const p of pieces) {
    if ('text' in p) {
      seq.push(...lits(p.text));
      source += p.text;
      continue;
    }
    const gid = names.get(p.name) ?? 0;
    const body = [...lits(p.w), ...cloneWithGroup(tpl.seq, gid)];
    const capture = p.w + valueCapture(p.name);
    if (p.optional) {
      seq.push({ t: 'repeat', min: 0, max: 1, kind: 'greedy', body });
      source += `(?:${capture})?`;
    } else {
      seq.push(...body);
      source += capture;
    }
  }
  seq.push(SPACE_STAR, { t: 'at', at: 'end' });
  source += String.raw`\s*$`;
  const widths: [number, number][] = [[0, 0], ...[...names].map((): [number, number] => tpl.width)];
  return PyRegex.fromParsed({
    pattern: source,
    seq,
    flags: { ignoreCase: false, multiline: false, dotAll: true, verbose: false, ascii: false },
    groups: names.size,
    names,
    widths,
  });
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

/** Build and compile a format's regular expression. Throws `AliasParseError` (invalid_format). */
export function compileFormat(format: string): CompiledFormat {
  const hasPlaceholder = format.includes('{{');
  const optional: [string, string][] = hasPlaceholder
    ? optionalFind
        .finditer(new CodeText(format))
        .map((m) => [m.group(1) ?? '', [2, 3, 4, 5].map((i) => m.group(i) ?? '').join('')])
    : [];
  const simple = simpleFormat(format);
  if (simple) return { format, source: simple.parsed.pattern, regex: simple, optional };
  let reg = format;
  if (hasPlaceholder) {
    reg = sub(optionalSub, reg, (g) => `(?:${g(1)}${valueCapture(g(2))})?`);
    reg = sub(requiredSub, reg, (g) => g(1) + valueCapture(g(2)));
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
  try {
    return { format, source, regex: PyRegex.compile(source, { dotAll: true }), optional };
  } catch (e) {
    regexError(e);
  }
}

const cache = new Map<string, CompiledFormat | AliasParseError | AliasLimitError>();
const CACHE_LIMIT = 10_000;

/** {@link compileFormat} with a bounded cache (errors are cached too). */
export function compileFormatCached(format: string): CompiledFormat {
  let hit = cache.get(format);
  if (hit === undefined) {
    try {
      hit = compileFormat(format);
    } catch (e) {
      if (!(e instanceof AliasParseError || e instanceof AliasLimitError)) throw e;
      hit = e;
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(format, hit);
  }
  if (hit instanceof Error) throw hit;
  return hit;
}

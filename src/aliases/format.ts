/**
 * Turns an alias format into its regular expression (alias-parser.md §A.2–A.4), exactly as st2
 * builds it, and compiles it with the Python-compatible engine.
 */
import { AliasLimitError, AliasParseError } from './errors.js';
import { CodeText, PyRegex, PyRegexError, parsePattern, type Node } from './pyre/index.js';

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
  const optional: [string, string][] = optionalFind
    .finditer(new CodeText(format))
    .map((m) => [m.group(1) ?? '', [2, 3, 4, 5].map((i) => m.group(i) ?? '').join('')]);
  let reg = sub(optionalSub, format, (g) => `(?:${g(1)}${valueCapture(g(2))})?`);
  reg = sub(requiredSub, reg, (g) => g(1) + valueCapture(g(2)));
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

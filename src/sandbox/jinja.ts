/**
 * Jinja-compatible rendering with nunjucks, the way st2 renders alias templates: strict
 * undefined handling for `ack` and `result.extra` (with Jinja's error texts such as
 * `'cmd' is undefined`), lenient for `result.format`, `trim_blocks` and `lstrip_blocks`,
 * Python-style printing of values and Python's truth test (`jinja-truth.ts`), and st2's filters.
 */
import nunjucks from 'nunjucks';
import { ST2_FILTERS } from './jinja-filters.js';
import { installPythonTruth } from './jinja-truth.js';
import { applyJinjaWhitespace } from './jinja-whitespace.js';
import { pyRepr } from '../stackstorm/model.js';

nunjucks.installJinjaCompat();

/** A Jinja undefined-variable error, with Jinja's message text. */
export class JinjaUndefinedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JinjaUndefinedError';
  }
}

const ATTRIBUTE_OF_UNDEFINED = 'attribute of an undefined value';

// Jinja's Undefined raises on attribute access (`{{ x.y }}` with `x` undefined), in lenient
// mode too, where nunjucks yields ''. Compiled templates look attributes up through the shared
// runtime, so both environments get Jinja's behaviour.
const runtime = nunjucks.runtime as unknown as {
  memberLookup: (obj: unknown, val: unknown, ...slice: unknown[]) => unknown;
  suppressValue: (val: unknown, autoescape: boolean) => string;
};
const memberLookup = runtime.memberLookup;
// Python 2's dict methods: nunjucks' Jinja compatibility offers them, but st2 runs Python 3,
// where `d.iteritems()` is undefined and the template fails.
const PYTHON2_ONLY = new Set(['iteritems', 'itervalues', 'iterkeys', 'has_key']);
runtime.memberLookup = (obj, val, ...slice) => {
  if (obj === undefined) throw new JinjaUndefinedError(ATTRIBUTE_OF_UNDEFINED);
  if (
    typeof val === 'string' &&
    PYTHON2_ONLY.has(val) &&
    isObject(obj) &&
    !Object.hasOwn(obj, val)
  ) {
    return undefined;
  }
  if (slice.length === 0) return memberLookup(obj, val);
  // `x[1:3]` (start, stop, step): a string of a string, else a list that prints the Python way.
  const part = memberLookup(obj, val, ...slice);
  return typeof obj === 'string' && Array.isArray(part) ? part.join('') : pythonize(part);
};

// Jinja prints None, True and False as Python does (`{{ x }}` with x None is "None"); nunjucks
// prints '', 'true' and 'false'. An undefined value still prints as ''.
const PYTHON_SCALARS = new Map<unknown, string>([
  [null, 'None'],
  [true, 'True'],
  [false, 'False'],
]);
const suppressValue = runtime.suppressValue;
runtime.suppressValue = (val, autoescape) =>
  suppressValue(PYTHON_SCALARS.get(val) ?? val, autoescape);

/** A dict that prints like a Python dict (`{'a': 1}`) when a template outputs it. */
class PyDict {
  toString(): string {
    return pyRepr(this);
  }

  /** `{% for key in dict %}` walks the keys, as in Python. */
  *[Symbol.iterator](): Iterator<string> {
    yield* Object.keys(this);
  }
}

/** A list that prints like a Python list (`['a', 1]`) when a template outputs it. */
class PyList extends Array<unknown> {
  override toString(): string {
    return pyRepr([...this]);
  }
}

/** A copy of JSON data whose dicts and lists print the Python way inside templates. */
export function pythonize(value: unknown): unknown {
  if (Array.isArray(value)) {
    const list = new PyList();
    for (const item of value) list.push(pythonize(item));
    return list;
  }
  if (typeof value === 'object' && value !== null) {
    const dict = new PyDict() as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(value)) dict[k] = pythonize(v);
    return dict;
  }
  return value;
}

function isObject(o: unknown): o is Record<string, unknown> {
  return typeof o === 'object' && o !== null;
}

const six = {
  iteritems: (o: unknown) => (isObject(o) ? Object.entries(o) : []),
  iterkeys: (o: unknown) => (isObject(o) ? Object.keys(o) : []),
  itervalues: (o: unknown) => (isObject(o) ? Object.values(o) : []),
  text_type: (o: unknown) => String(o),
};

function makeEnv(strict: boolean): nunjucks.Environment {
  const env = new nunjucks.Environment(null, {
    autoescape: false,
    throwOnUndefined: strict,
    // Jinja's trimming is done by applyJinjaWhitespace; nunjucks must not trim again.
    trimBlocks: false,
    lstripBlocks: false,
  });
  for (const [name, fn] of Object.entries(ST2_FILTERS)) env.addFilter(name, fn);
  if (!strict) {
    // Jinja's lenient Undefined joins to ''; nunjucks' join throws on it.
    const join = (
      env as unknown as { getFilter(n: string): (...a: unknown[]) => unknown }
    ).getFilter('join');
    env.addFilter('join', (value: unknown, ...rest: unknown[]) =>
      value === undefined ? '' : join(value, ...rest),
    );
  }
  env.addGlobal('six', six);
  installPythonTruth(env, (v) => v instanceof PyDict);
  return env;
}

const strictEnv = makeEnv(true);
const lenientEnv = makeEnv(false);

/**
 * Render with lenient undefined handling: undefined prints as an empty string. As in Jinja,
 * an attribute of an undefined value throws `JinjaUndefinedError` and a `for` over None
 * throws a `TypeError`.
 */
export function renderLenient(template: string, context: Record<string, unknown>): string {
  const ctx = pythonizeContext(context);
  const source = applyJinjaWhitespace(template);
  const failure = findFailure(source, ctx, false);
  if (failure !== undefined) throw failure;
  try {
    return lenientEnv.renderString(source, ctx);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // An attribute of an undefined loop variable: not found statically.
    if (message.includes(ATTRIBUTE_OF_UNDEFINED)) throw new JinjaUndefinedError(message);
    throw error;
  }
}

/**
 * Render with strict undefined handling. Throws `JinjaUndefinedError` (message as Jinja
 * words it) when the template outputs an undefined value; other template errors are
 * rethrown as they are.
 */
export function renderStrict(template: string, context: Record<string, unknown>): string {
  const ctx = pythonizeContext(context);
  const source = applyJinjaWhitespace(template);
  try {
    return strictEnv.renderString(source, ctx);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const culprit = findFailure(source, ctx, true);
    if (culprit instanceof JinjaUndefinedError) throw culprit;
    // A null (Python None) is not undefined in Jinja: render it leniently instead.
    if (message.includes('attempted to output null or undefined value')) {
      return lenientEnv.renderString(source, ctx);
    }
    throw error;
  }
}

/**
 * st2's `render_values`: each top-level value rendered on its own (strict); strings as
 * templates, dicts and lists through their JSON text and parsed back, other values kept.
 */
export function renderValues(
  values: Readonly<Record<string, unknown>>,
  context: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'string') {
      out[key] = renderStrict(value, context);
    } else if (typeof value === 'object' && value !== null) {
      const rendered = renderStrict(JSON.stringify(value), context);
      try {
        out[key] = JSON.parse(rendered) as unknown;
      } catch {
        out[key] = rendered;
      }
    } else {
      out[key] = value;
    }
  }
  return out;
}

function pythonizeContext(context: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(context)) out[k] = pythonize(v);
  return out;
}

interface AstNode {
  typename: string;
  fields: string[];
  value?: unknown;
  [field: string]: unknown;
}

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && 'typename' in value && 'fields' in value;
}

const MISSING = Symbol('missing');
const UNKNOWN = Symbol('unknown');

/**
 * The error Jinja raises first for the template, as far as it can be pinned down from the
 * context alone: `JinjaUndefinedError` for an undefined value the template uses (`'x' is
 * undefined`, `'dict object' has no attribute 'y'`) — any use when `strict`, else only one
 * whose attribute is taken — or a `TypeError` for a `for` over None.
 */
function findFailure(
  template: string,
  ctx: Record<string, unknown>,
  strict: boolean,
): Error | undefined {
  const parser = (nunjucks as unknown as { parser: { parse(src: string): unknown } }).parser;
  let root: unknown;
  try {
    root = parser.parse(template);
  } catch {
    return undefined;
  }
  const locals = new Set<string>();
  let found: Error | undefined;

  // `dereferenced`: the value's attribute is taken (an error even in lenient Jinja).
  const resolve = (node: AstNode, dereferenced = false): unknown => {
    const report = strict || dereferenced;
    if (node.typename === 'Symbol') {
      const name = String(node.value);
      if (locals.has(name)) return UNKNOWN;
      if (name in ctx) return ctx[name];
      if (hasGlobal(name)) return UNKNOWN;
      if (report) found ??= new JinjaUndefinedError(`'${name}' is undefined`);
      return MISSING;
    }
    if (node.typename === 'LookupVal' && isNode(node.target) && isNode(node.val)) {
      const base = resolve(node.target, true);
      if (base === MISSING || base === UNKNOWN) return base;
      if (node.val.typename !== 'Literal') {
        walk(node.val);
        return UNKNOWN;
      }
      const key = node.val.value;
      if (typeof base === 'object' && base !== null && String(key) in base) {
        return (base as Record<string, unknown>)[String(key)];
      }
      if (report) {
        found ??= new JinjaUndefinedError(`${describe(base)} has no attribute '${String(key)}'`);
      }
      return MISSING;
    }
    walk(node);
    return UNKNOWN;
  };

  const walk = (node: AstNode): void => {
    if (found !== undefined) return;
    if (node.typename === 'Symbol' || node.typename === 'LookupVal') {
      resolve(node);
      return;
    }
    if (node.typename === 'For' && isNode(node.arr) && resolve(node.arr) === null) {
      found ??= new TypeError("'NoneType' object is not iterable");
    }
    if (node.typename === 'For' || node.typename === 'Set') {
      const targets = node.typename === 'For' ? [node.name] : (node.targets as unknown[]);
      for (const t of targets.flat()) {
        if (isNode(t) && t.typename === 'Symbol') locals.add(String(t.value));
        if (isNode(t) && t.typename === 'Array') {
          for (const c of t.children as unknown[]) if (isNode(c)) locals.add(String(c.value));
        }
      }
    }
    for (const field of node.fields) {
      if ((node.typename === 'Filter' || node.typename === 'FunCall') && field === 'name') continue;
      if (
        (node.typename === 'For' && field === 'name') ||
        (node.typename === 'Set' && field === 'targets')
      ) {
        continue;
      }
      const child = node[field];
      if (isNode(child)) walk(child);
      else if (Array.isArray(child)) for (const c of child) if (isNode(c)) walk(c);
    }
  };

  if (isNode(root)) walk(root);
  return found;
}

function hasGlobal(name: string): boolean {
  const globals = (strictEnv as unknown as { globals?: Record<string, unknown> }).globals ?? {};
  return name in globals;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return "'None'";
  if (Array.isArray(value)) return "'list object'";
  if (typeof value === 'object') return "'dict object'";
  if (typeof value === 'string') return "'str object'";
  if (typeof value === 'boolean') return "'bool object'";
  if (typeof value === 'number') return Number.isInteger(value) ? "'int object'" : "'float object'";
  return "'object'";
}

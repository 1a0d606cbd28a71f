/**
 * The st2 Jinja filters that result and ack templates commonly use, plus the few Jinja
 * built-ins nunjucks lacks, written for nunjucks.
 */
import { basename, dirname } from 'node:path';
import { stringify as toYaml, parse as fromYaml } from 'yaml';

type Filter = (...args: unknown[]) => unknown;

/** Keyword arguments nunjucks passes as a trailing object flagged `__keywords`. */
function splitKwargs(args: unknown[]): [unknown[], Record<string, unknown>] {
  const last = args[args.length - 1];
  if (typeof last === 'object' && last !== null && '__keywords' in last) {
    return [args.slice(0, -1), last];
  }
  return [args, {}];
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      out[key] = sortKeysDeep((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}

/** Python's `json.dumps`: `, ` and `: ` separators without indent, ASCII-only output. */
export function pyJsonDumps(value: unknown, indent?: number, sortKeys = false): string {
  const data = sortKeys ? sortKeysDeep(value) : value;
  const text =
    indent !== undefined
      ? data === undefined
        ? 'null'
        : JSON.stringify(data, null, indent)
      : compact(data);
  return text.replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function compact(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(compact).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const items = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${compact(v)}`);
    return `{${items.join(', ')}}`;
  }
  return value === undefined ? 'null' : JSON.stringify(value);
}

function jsonDump(value: unknown, indent: unknown, sortKeys: unknown): string {
  return pyJsonDumps(value, typeof indent === 'number' ? indent : undefined, sortKeys === true);
}

/** st2's `to_human_time_from_seconds`: `0s`, `3m5s`, `1h3m5s`, `2d1h0m0s`... */
export function toHumanTime(seconds: number): string {
  if (seconds === 0) return '0s';
  if (seconds < 1) return `${seconds}\u03bcs`;
  let rest = Math.round(seconds);
  const secs = rest % 60;
  rest = Math.floor(rest / 60);
  const mins = rest % 60;
  rest = Math.floor(rest / 60);
  const hours = rest % 24;
  rest = Math.floor(rest / 24);
  const years = Math.floor(rest / 365);
  const days = rest % 365;
  const parts = [years, days, hours, mins, secs];
  const units = ['y', 'd', 'h', 'm', 's'];
  const start = parts.findIndex((p) => p !== 0);
  if (start < 0) return '0s';
  return parts
    .slice(start)
    .map((p, i) => `${p}${units[start + i] ?? ''}`)
    .join('');
}

function pyRegex(pattern: unknown): RegExp {
  return new RegExp(
    String(pattern)
      .replace(/\(\?P</g, '(?<')
      .replace(/\(\?P=(\w+)\)/g, '\\k<$1>'),
    'u',
  );
}

/** The filters, by name. */
export const ST2_FILTERS: Readonly<Record<string, Filter>> = {
  to_json_string: (...args) => {
    const [[value, indent = 4, sortKeys = false], kw] = splitKwargs(args);
    return jsonDump(value, kw.indent ?? indent, kw.sort_keys ?? sortKeys);
  },
  tojson: (...args) => {
    const [[value, indent], kw] = splitKwargs(args);
    return jsonDump(value, kw.indent ?? indent, true);
  },
  // Through JSON: the template's dicts are iterable (their keys), which yaml would take for lists.
  to_yaml_string: (value) => toYaml(JSON.parse(JSON.stringify(value ?? null)) as unknown),
  from_json_string: (value) => JSON.parse(String(value)) as unknown,
  from_yaml_string: (value) => fromYaml(String(value)) as unknown,
  json_escape: (value) => JSON.stringify(String(value)).slice(1, -1),
  to_complex: (value) => JSON.stringify(value ?? null),
  regex_replace: (value, pattern, replacement) =>
    String(value).replace(
      new RegExp(pyRegex(pattern).source, 'gu'),
      String(replacement).replace(/\\(\d)/g, '$$$1'),
    ),
  regex_match: (value, pattern) =>
    new RegExp(`^(?:${pyRegex(pattern).source})`, 'u').test(String(value)),
  regex_search: (value, pattern) => pyRegex(pattern).test(String(value)),
  regex_substring: (value, pattern, index = 0) => {
    const found = [...String(value).matchAll(new RegExp(pyRegex(pattern).source, 'gu'))];
    const hit = found[Number(index)];
    if (!hit) throw new Error(`Could not find "${String(pattern)}" in "${String(value)}"`);
    return hit[0];
  },
  to_human_time_from_seconds: (value) => toHumanTime(Number(value)),
  use_none: (value) => (value === null || value === undefined ? '%*NONE*%' : value),
  basename: (value) => basename(String(value)),
  dirname: (value) => dirname(String(value)),
  items: (value) =>
    typeof value === 'object' && value !== null
      ? Object.entries(value as Record<string, unknown>)
      : [],
  map: (...args) => {
    const [[seq, name], kw] = splitKwargs(args);
    const items = Array.isArray(seq) ? (seq as unknown[]) : [];
    if (typeof kw.attribute === 'string') {
      const attr = kw.attribute;
      return items.map((item) =>
        typeof item === 'object' && item !== null
          ? (item as Record<string, unknown>)[attr]
          : undefined,
      );
    }
    const fn = typeof name === 'string' ? SIMPLE[name] : undefined;
    return fn ? items.map((item) => fn(item)) : items;
  },
};

const SIMPLE: Record<string, (v: unknown) => unknown> = {
  upper: (v) => String(v).toUpperCase(),
  lower: (v) => String(v).toLowerCase(),
  string: (v) => String(v),
  int: (v) => Number.parseInt(String(v), 10),
  trim: (v) => String(v).trim(),
  length: (v) => (Array.isArray(v) || typeof v === 'string' ? v.length : 0),
};

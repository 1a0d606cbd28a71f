/**
 * Turning zod's validation issues into one plain line: the dotted key and the reason.
 * Values are never echoed, except enum choices and numbers (never secrets).
 */
import type { z } from 'zod';
import { ConfigError } from '../core/errors.js';

type RawIssue = z.core.$ZodRawIssue;

/** "a string", "a list", "nothing"… for the value a person wrote. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return `${value}`;
  return `a ${typeof value}`;
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value)',
  record: 'a mapping (key: value)',
};

/** zod error map (per parse) producing stormbot's wording. */
export function reasonFor(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'is required';
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      // Where a boolean or number is expected the value is no secret, and showing it helps
      // ("no" is a string in YAML). Elsewhere the value may be a password: never shown.
      const plain = ['boolean', 'number', 'int'].includes(issue.expected);
      const shown =
        plain && typeof issue.input === 'string' && issue.input.length <= 40
          ? `the string ${JSON.stringify(issue.input)}`
          : plain && typeof issue.input === 'number'
            ? String(issue.input)
            : describeValue(issue.input);
      return `must be ${expected}, not ${shown}`;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string')
        return min <= 1 ? 'must not be empty' : `must be at least ${min} characters`;
      if (issue.origin === 'array') return `must have at least ${min} entries`;
      return issue.inclusive ? `must be at least ${min}` : `must be greater than ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      return issue.inclusive ? `must be at most ${max}` : `must be less than ${max}`;
    }
    case 'invalid_value': {
      const choices = issue.values.map((v) => JSON.stringify(v)).join(', ');
      const given =
        typeof issue.input === 'string' && issue.input.length <= 40
          ? JSON.stringify(issue.input)
          : describeValue(issue.input);
      return `must be one of ${choices}, not ${given}`;
    }
    default:
      return undefined;
  }
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      row[j] = Math.min(
        (row[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        previous + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}

/** The closest known key to a misspelt one, if close enough to be a likely typo. */
function closest(unknown: string, known: readonly string[]): string | undefined {
  const u = unknown.toLowerCase().replace(/-/g, '_');
  let best: { key: string; d: number } | undefined;
  for (const key of known) {
    const d = distance(u, key.toLowerCase());
    if (!best || d < best.d) best = { key, d };
  }
  if (!best) return undefined;
  const k = best.key.toLowerCase();
  const contained = Math.min(u.length, k.length) >= 3 && (u.includes(k) || k.includes(u));
  const near = best.d <= Math.max(1, Math.floor(k.length / 3)) || contained;
  return near ? best.key : undefined;
}

/** Keys a strict object accepts, found by walking the schema along a path. */
function knownKeys(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  let node: z.core.$ZodType | undefined = schema;
  for (const step of [...path, undefined]) {
    // Unwrap defaults, optionals and preprocess pipes down to the object or record.
    for (;;) {
      const def: z.core.$ZodTypeDef & Record<string, unknown> = node._zod.def as never;
      if (def.type === 'default' || def.type === 'prefault' || def.type === 'optional') {
        node = def.innerType as z.core.$ZodType;
      } else if (def.type === 'pipe') {
        // `.transform()` pipes the object into a transform; `z.preprocess` pipes into the object.
        const out = def.out as z.core.$ZodType;
        node = out._zod.def.type === 'transform' ? (def.in as z.core.$ZodType) : out;
      } else break;
    }
    const def: z.core.$ZodTypeDef & Record<string, unknown> = node._zod.def as never;
    if (step === undefined) {
      return def.type === 'object' ? Object.keys(def.shape as object) : [];
    }
    if (def.type === 'object') node = (def.shape as Record<string, z.core.$ZodType>)[String(step)];
    else if (def.type === 'record') node = def.valueType as z.core.$ZodType;
    else return [];
    if (!node) return [];
  }
  return [];
}

/** Dotted key of a zod path (`acl.rules.st2:*.allowusers`). */
function dotted(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/**
 * The one error to report for a failed validation. Unknown keys come first (a typo is usually
 * the cause of everything else), then the first remaining issue in file order.
 * @param label maps a dotted key to the name the person knows it by (an environment variable)
 * @param prefix where `schema` sits in the file (`['backends', 'irc']`)
 */
export function issueToError(
  issues: readonly z.core.$ZodIssue[],
  schema: z.core.$ZodType,
  label: (key: string) => { key: string; suffix: string },
  prefix: readonly string[] = [],
): ConfigError {
  const unknown = issues.find((i) => i.code === 'unrecognized_keys');
  if (unknown?.code === 'unrecognized_keys') {
    const name = unknown.keys[0] ?? '';
    const key = dotted([...prefix, ...unknown.path, name]);
    const guess = closest(name, knownKeys(schema, unknown.path));
    const more = unknown.keys.length > 1 ? ` (also: ${unknown.keys.slice(1).join(', ')})` : '';
    return new ConfigError(key, `unknown key${guess ? `; did you mean "${guess}"?` : ''}${more}`);
  }
  const issue = issues[0];
  if (!issue) return new ConfigError(dotted(prefix), 'invalid configuration');
  const { key, suffix } = label(dotted([...prefix, ...issue.path]));
  return new ConfigError(key, `${issue.message}${suffix}`);
}

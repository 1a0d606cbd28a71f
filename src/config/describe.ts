/**
 * Keeping secrets out of logs: the configuration object prints redacted (JSON.stringify, pino,
 * console.log, util.inspect), each secret as `[set]`.
 */
import { inspect } from 'node:util';

/** What a secret value is replaced with. */
export const SET = '[set]';

/** Key names whose string values are secrets, in stormbot's config and in back-ends' settings. */
const SECRET_NAME =
  /pass(word|phrase)?$|token$|secret|api_?key$|credentials?$|private_?key$|cookie/i;

/** Replace the password of a URL (`redis://:pw@host`) by `[set]`. */
function redactUrl(value: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/]*@/i.test(value)) return value;
  try {
    const url = new URL(value);
    if (!url.password) return value;
    const user = url.username ? decodeURIComponent(url.username) : '';
    return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/]*@/i, `$1${user}:${SET}@`);
  } catch {
    return value;
  }
}

/** `ancestors` holds the objects being copied above this one, to stop at cycles. */
function redact(value: unknown, ancestors: Set<object>): unknown {
  if (typeof value === 'string') return redactUrl(value);
  if (typeof value !== 'object' || value === null) return value;
  if (ancestors.has(value)) return '[circular]';
  ancestors.add(value);
  let out: unknown;
  if (Array.isArray(value)) out = value.map((v: unknown) => redact(v, ancestors));
  else {
    const copy: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      copy[key] = SECRET_NAME.test(key) && typeof v === 'string' ? SET : redact(v, ancestors);
    }
    out = copy;
  }
  ancestors.delete(value);
  return out;
}

/** A deep copy of any settings object with every secret replaced by `[set]`. */
function redactSecrets(value: unknown): unknown {
  return redact(value, new Set());
}

/**
 * Give every object in the tree a non-enumerable `toJSON` and `util.inspect` hook that print it
 * redacted, then freeze it. The values stay readable in code; only printing is affected.
 */
export function protectAndFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const child of Object.values(value)) protectAndFreeze(child);
  if (!Array.isArray(value)) {
    Object.defineProperty(value, 'toJSON', {
      value: () => redactSecrets(value),
      enumerable: false,
    });
    Object.defineProperty(value, inspect.custom, {
      value: (_depth: number, options: object) => inspect(redactSecrets(value), options),
      enumerable: false,
    });
  }
  return Object.freeze(value);
}

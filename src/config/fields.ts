/**
 * The building blocks of every section: zod field types for the file, URL rules (what a valid URL
 * is, how StackStorm base URLs are normalised, how the auth and stream URLs follow from the API
 * URL), parsers for environment variables, and the description of one variable.
 */
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';

/** A non-empty string. */
export const text = z.string().min(1);

/** A string without white space (names, prefixes, routes). */
export const word = (what: string) =>
  z.string().regex(/^\S*$/, { error: `must be ${what} without spaces` });

/** A URL with one of `protocols` (see `urlProblem`). */
export const urlField = (protocols?: readonly string[], allowCredentials?: boolean) =>
  z.string().superRefine((value, ctx) => {
    const problem = urlProblem(value, protocols, allowCredentials);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Errbot accepts a single string wherever a list of globs is expected. */
export const stringOrList = z.preprocess(
  (value) => (typeof value === 'string' ? [value] : value),
  z.array(z.string(), { error: 'must be a string or a list of strings' }),
);

/**
 * Identities (people, rooms) as Errbot ACLs and `BOT_ADMINS` take them: a string or a list, where
 * a numeric id written without quotes (Telegram's, Discord's `- 123456789`) is its digits. The
 * YAML reader keeps integers too long for a JavaScript number as their digits (`load.ts`).
 */
export const idOrList = z.preprocess(
  (value) => {
    const one = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v);
    if (Array.isArray(value)) return value.map(one);
    const single = one(value);
    return typeof single === 'string' ? [single] : single;
  },
  z.array(z.string(), { error: 'must be a string, a number or a list of them' }),
);

/** A list of strings. */
export const list = z.array(z.string(), { error: 'must be a list of strings' });

/** A whole number of at least `min`. */
export const count = (min: number) => z.number().int().min(min);

/** Returned by an environment parser to ignore the variable. */
export const SKIP = Symbol('skip');

/** One environment variable stormbot reads. */
export interface EnvVarSpec {
  /** The variable's name. */
  readonly name: string;
  /** Dotted key of the file it sets; `''` when it sets none (read elsewhere, or only noted). */
  readonly key: string;
  /** Turns the text into the key's value (or `SKIP`); throws a `ConfigError` naming the variable. */
  readonly parse: (value: string, name: string) => unknown;
  /** Warning to give when the variable is used. */
  readonly warning?: string | undefined;
}

/** Refuse the value of the variable `name`. */
export function reject(name: string, reason: string): never {
  throw new ConfigError(name, reason);
}

/** The text as it is. */
export const str = (value: string) => value;

/** The text trimmed and lower-cased (enum values). */
export const lower = (value: string) => value.trim().toLowerCase();

/** A whole number. */
export const int = (value: string, name: string): number =>
  /^\s*[+-]?\d+\s*$/.test(value)
    ? Number(value)
    : reject(name, `must be a whole number, not "${value.slice(0, 40)}"`);

/** A number. */
export const num = (value: string, name: string): number =>
  /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/.test(value)
    ? Number(value)
    : reject(name, `must be a number, not "${value.slice(0, 40)}"`);

/** The words read as true and false. */
export const TRUE = ['true', '1', 'yes', 'on'];
export const FALSE = ['false', '0', 'no', 'off'];

/** A boolean (`true`/`1`/`yes`/`on` or `false`/`0`/`no`/`off`). */
export const bool = (value: string, name: string): boolean => {
  const v = value.trim().toLowerCase();
  if (TRUE.includes(v)) return true;
  if (FALSE.includes(v)) return false;
  return reject(name, `must be true or false, not "${value.slice(0, 40)}"`);
};

/** A comma-separated list. */
export const csv = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/**
 * Why `value` is not an acceptable URL, or undefined when it is.
 * @param protocols accepted schemes, with the colon (`['http:', 'https:']`)
 * @param allowCredentials whether `user:password@` may appear (Redis URLs carry the password so)
 */
export function urlProblem(
  value: string,
  protocols: readonly string[] = ['http:', 'https:'],
  allowCredentials = false,
): string | undefined {
  const schemes = protocols.map((p) => `${p}//`).join(' or ');
  if (value.trim() === '') return 'must not be empty';
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value))
    return `must be an absolute URL starting with ${schemes}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a valid URL';
  }
  if (!protocols.includes(url.protocol)) return `must start with ${schemes}, not ${url.protocol}//`;
  if (!allowCredentials && (url.username || url.password)) {
    return 'must not contain a user name or password';
  }
  return undefined;
}

/** The URL without trailing slashes, query or fragment. */
function bare(value: string): URL {
  const url = new URL(value);
  url.search = '';
  url.hash = '';
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

function unslashed(url: URL): string {
  return url.toString().replace(/\/+$/, '');
}

/**
 * A StackStorm service base URL in the form stormbot uses everywhere: versioned, no trailing
 * slash. err-stackstorm's `https://host/api/v1` stays as it is; st2chatops' `https://host/api`
 * and `http://host:9101` get `/v1` appended (hubot-stackstorm appends it when calling).
 */
export function versionedBase(value: string): string {
  const url = bare(value);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = /\/v1$/.test(path) ? path : `${path}/v1`;
  return unslashed(url);
}

/**
 * The auth or stream base URL that goes with a versioned API base URL, the way st2's own nginx
 * layout and st2chatops' defaults pair them:
 * - `https://host/api/v1` → `https://host/auth/v1` / `https://host/stream/v1` (nginx layout);
 * - `http://host:9101/v1` → `http://host:9100/v1` / `http://host:9102/v1` (direct ports);
 * - anything else cannot be derived.
 */
export function deriveServiceUrl(apiBase: string, service: 'auth' | 'stream'): string | undefined {
  const url = bare(apiBase);
  const segments = url.pathname.split('/');
  const apiIndex = segments.length - 2;
  if (segments[apiIndex] === 'api' && segments[apiIndex + 1] === 'v1') {
    segments[apiIndex] = service;
    url.pathname = segments.join('/');
    return unslashed(url);
  }
  if (url.port === '9101') {
    url.port = service === 'auth' ? '9100' : '9102';
    return unslashed(url);
  }
  return undefined;
}

/** A base URL that ends in exactly one `/` (login links and the web server's public URL). */
export function withTrailingSlash(value: string): string {
  const url = new URL(value);
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return url.toString();
}

/** A web UI base URL without trailing slash (links are `<base>/#/history/<id>/general`). */
export function webuiBase(value: string): string {
  return unslashed(bare(value));
}

/** `http://<host>:<port>/`, bracketing IPv6 addresses and using a reachable name for wildcards. */
export function localBaseUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const h = reachable.includes(':') ? `[${reachable}]` : reachable;
  return `http://${h}:${port}/`;
}

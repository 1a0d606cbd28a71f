/**
 * The building blocks of every section: zod field types for the file, parsers for environment
 * variables, and the description of one variable.
 */
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { urlProblem } from './urls.js';

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

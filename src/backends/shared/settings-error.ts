/**
 * Turning a zod validation failure of a back-end's settings into a `ConfigError` that names the
 * offending key (`backends.slack.bot_token`) and the reason in plain words, never the value.
 */
import type { z } from 'zod';
import { ConfigError } from '../../core/errors.js';

/**
 * Validate `settings` with `schema`, or throw a `ConfigError` for the first problem found.
 * @param prefix the dotted path of the settings (`backends.slack`)
 */
export function parseSettings<T extends z.ZodType>(
  schema: T,
  settings: unknown,
  prefix: string,
): z.output<T> {
  const result = schema.safeParse(settings ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new ConfigError(prefix, 'invalid settings');
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    throw new ConfigError([prefix, ...path, key].join('.'), 'unknown key');
  }
  const key = [prefix, ...path].join('.');
  if (issue.code === 'invalid_type' && valueAt(settings, path) === undefined) {
    throw new ConfigError(key, 'is required');
  }
  throw new ConfigError(key, issue.message);
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const part of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

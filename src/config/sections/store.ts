/**
 * `store.*` and `secrets.*`: the key/value store and the encryption key of its secrets.
 */
import { join } from 'node:path';
import { z } from 'zod';
import type { SectionContext } from '../context.js';
import { lower, str, text, urlField, type EnvVarSpec } from '../fields.js';

/** The schema of `store`. */
export const schema = z.strictObject({
  driver: z.enum(['sqlite', 'memory', 'redis']).default('sqlite'),
  path: text.optional(),
  redis_url: urlField(['redis:', 'rediss:'], true).optional(),
  key_prefix: z.string().default('stormbot:'),
});

/** The schema of `secrets`. */
export const secretsSchema = z.strictObject({ key_file: text.optional() });

/** The variable holding the secret store's key; wins over the key file; never part of the config. */
export const SECRET_KEY_ENV = 'STORMBOT_SECRET_KEY';

/** The environment variables of `store.*` and `secrets.*`. */
export const env: readonly EnvVarSpec[] = [
  { name: 'STORMBOT_STORE', key: 'store.driver', parse: lower },
  { name: 'STORMBOT_STORE_PATH', key: 'store.path', parse: str },
  { name: 'STORMBOT_REDIS_URL', key: 'store.redis_url', parse: str },
  { name: 'STORMBOT_STORE_KEY_PREFIX', key: 'store.key_prefix', parse: str },
  { name: 'STORMBOT_SECRET_KEY_FILE', key: 'secrets.key_file', parse: str },
];

/** `store` checked (redis needs its URL) and normalised; the file defaults into `dataDir`. */
export function settings(file: z.output<typeof schema>, dataDir: string, ctx: SectionContext) {
  if (file.driver === 'redis' && file.redis_url === undefined) {
    throw ctx.missing(
      'store.redis_url',
      'store.driver',
      'is required when store.driver is "redis"',
    );
  }
  if (file.driver !== 'redis' && file.redis_url !== undefined) {
    ctx.warn(`store.redis_url is ignored: store.driver is "${file.driver}"`);
  }
  return {
    driver: file.driver,
    /** Absolute path of the sqlite file. */
    path: ctx.absolute(file.path ?? join(dataDir, 'stormbot.db')),
    /** `redis://` or `rediss://` URL (driver `redis`). */
    redisUrl: file.redis_url,
    keyPrefix: file.key_prefix,
  };
}

/** `secrets` normalised; the key file defaults into `dataDir`. */
export function secretsSettings(
  file: z.output<typeof secretsSchema>,
  dataDir: string,
  ctx: SectionContext,
) {
  return {
    /** Absolute path of the key file, created with mode 0600 on first start. */
    keyFile: ctx.absolute(file.key_file ?? join(dataDir, 'secret.key')),
    /** True when `STORMBOT_SECRET_KEY` is set (it then wins over the file; never stored here). */
    keyInEnv: (ctx.env[SECRET_KEY_ENV] ?? '') !== '',
  };
}

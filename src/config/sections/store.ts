/**
 * `store.*` and `secrets.*`: the key/value store and the encryption key of its secrets.
 */
import { join } from 'node:path';
import { z } from 'zod';
import type { SectionContext } from '../context.js';
import { lower, str, text, urlField, type EnvVarSpec } from '../fields.js';

/** The schema of `store`. */
export const storeSchema = z.strictObject({
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
export const storeEnv: readonly EnvVarSpec[] = [
  { name: 'STORMBOT_STORE', key: 'store.driver', parse: lower },
  { name: 'STORMBOT_STORE_PATH', key: 'store.path', parse: str },
  { name: 'STORMBOT_REDIS_URL', key: 'store.redis_url', parse: str },
  { name: 'STORMBOT_STORE_KEY_PREFIX', key: 'store.key_prefix', parse: str },
  { name: 'STORMBOT_SECRET_KEY_FILE', key: 'secrets.key_file', parse: str },
];

/** Drivers of the key/value store (`store.driver`). */
export type StoreDriver = z.output<typeof storeSchema>['driver'];

/** The key/value store (`store.*`). */
export interface StoreSettings {
  readonly driver: StoreDriver;
  /** Absolute path of the sqlite file. */
  readonly path: string;
  /** `redis://` or `rediss://` URL (driver `redis`). */
  readonly redisUrl?: string | undefined;
  /** Prefix of every key the store writes in Redis. */
  readonly keyPrefix: string;
}

/** Where the encryption key of the secret store comes from (`secrets.*`). */
export interface SecretsSettings {
  /** Absolute path of the key file, created with mode 0600 on first start. */
  readonly keyFile: string;
  /** True when `STORMBOT_SECRET_KEY` is set (it then wins over the file; never stored here). */
  readonly keyInEnv: boolean;
}

/** `store` checked (redis needs its URL) and normalised; the file defaults into `dataDir`. */
export function storeSettings(
  file: z.output<typeof storeSchema>,
  dataDir: string,
  ctx: SectionContext,
): StoreSettings {
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
    path: ctx.absolute(file.path ?? join(dataDir, 'stormbot.db')),
    redisUrl: file.redis_url,
    keyPrefix: file.key_prefix,
  };
}

/** `secrets` normalised; the key file defaults into `dataDir`. */
export function secretsSettings(
  file: z.output<typeof secretsSchema>,
  dataDir: string,
  ctx: SectionContext,
): SecretsSettings {
  return {
    keyFile: ctx.absolute(file.key_file ?? join(dataDir, 'secret.key')),
    keyInEnv: (ctx.env[SECRET_KEY_ENV] ?? '') !== '',
  };
}

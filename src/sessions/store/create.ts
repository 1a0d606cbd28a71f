/**
 * Pick and open a store driver from configuration. Drivers with native or network dependencies
 * are imported only when chosen.
 */
import type { Clock } from '../../core/clock.js';
import { ConfigError } from '../../core/errors.js';
import type { Logger } from '../../log.js';
import { MemoryStore } from './memory.js';
import type { KeyValueStore } from './types.js';

/** The store drivers there are. */
export type StoreDriver = 'memory' | 'sqlite' | 'redis';

/** What `createStore` needs. */
export interface CreateStoreOptions {
  /** Which driver to use. */
  readonly driver: StoreDriver;
  /** sqlite: the database file (required for sqlite). */
  readonly path?: string | undefined;
  /** redis: the server URL (required for redis). */
  readonly redisUrl?: string | undefined;
  /** redis: prefix of every key (default `stormbot:`). */
  readonly keyPrefix?: string | undefined;
  /** Judges expiry; defaults to the system clock. */
  readonly clock?: Clock | undefined;
  /** Where drivers log trouble. */
  readonly logger?: Logger | undefined;
}

/** Open the configured store. Missing driver settings raise a `ConfigError`. */
export async function createStore(options: CreateStoreOptions): Promise<KeyValueStore> {
  switch (options.driver) {
    case 'memory':
      return new MemoryStore({ clock: options.clock });
    case 'sqlite': {
      if (!options.path) throw new ConfigError('store.path', 'the sqlite driver needs a file path');
      const { SqliteStore } = await import('./sqlite.js');
      const store = await SqliteStore.open({ path: options.path, clock: options.clock });
      options.logger?.info({ store: store.location }, 'opened the sqlite store');
      return store;
    }
    case 'redis': {
      if (!options.redisUrl) {
        throw new ConfigError('store.redis_url', 'the redis driver needs a redis:// URL');
      }
      const { RedisStore } = await import('./redis.js');
      const store = await RedisStore.open({
        url: options.redisUrl,
        keyPrefix: options.keyPrefix,
        clock: options.clock,
        logger: options.logger,
      });
      options.logger?.info({ store: store.location }, 'connected to the redis store');
      return store;
    }
    default:
      throw new ConfigError(
        'store.driver',
        `unknown driver ${JSON.stringify(options.driver)}: use memory, sqlite or redis`,
      );
  }
}

/**
 * Pick and open a store driver from its validated settings (`src/config` checks them). Drivers
 * with native or network dependencies are imported only when chosen.
 */
import type { Clock } from '../core/clock.js';
import { StartupError } from '../core/errors.js';
import type { Logger } from '../log.js';
import { MemoryStore } from './memory.js';
import type { KeyValueStore } from './types.js';

/** What `createStore` needs. */
export interface CreateStoreOptions {
  /** Which driver to use (`store.driver`). */
  readonly driver: 'memory' | 'sqlite' | 'redis';
  /** sqlite: the database file (`store.path`). */
  readonly path?: string | undefined;
  /** redis: the server URL (`store.redis_url`). */
  readonly redisUrl?: string | undefined;
  /** redis: prefix of every key (default `stormbot:`). */
  readonly keyPrefix?: string | undefined;
  /** Judges expiry; defaults to the system clock. */
  readonly clock?: Clock | undefined;
  /** Where drivers log trouble. */
  readonly logger?: Logger | undefined;
}

/**
 * Open the configured store. A store that cannot be opened (a directory as the sqlite file, an
 * unreachable redis, a setting missing) is a `StartupError` naming the setting.
 */
export async function createStore(options: CreateStoreOptions): Promise<KeyValueStore> {
  const { driver, clock, logger } = options;
  if (driver === 'memory') return new MemoryStore({ clock });
  let store: KeyValueStore;
  try {
    if (driver === 'sqlite') {
      const { SqliteStore } = await import('./sqlite.js');
      store = await SqliteStore.open({ path: options.path ?? '', clock });
    } else {
      const { RedisStore } = await import('./redis.js');
      const url = options.redisUrl ?? '';
      store = await RedisStore.open({ url, keyPrefix: options.keyPrefix, clock, logger });
    }
  } catch (error) {
    const setting = driver === 'sqlite' ? 'store.path' : 'store.redis_url';
    throw new StartupError(`${setting}: ${(error as Error).message}`, { cause: error });
  }
  logger?.info({ store: store.location }, `opened the ${driver} store`);
  return store;
}

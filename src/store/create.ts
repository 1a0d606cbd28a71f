/**
 * Pick and open a store driver from its validated settings (`src/config` checks them). Drivers
 * with native or network dependencies are imported only when chosen.
 */
import type { Clock } from '../core/clock.js';
import { StartupError } from '../core/errors.js';
import type { Logger } from '../log.js';
import { MemoryStore } from './memory.js';
import type { KeyValueStore } from './types.js';

/** The store drivers there are. */
export type StoreDriver = 'memory' | 'sqlite' | 'redis';

/** What `createStore` needs. */
export interface CreateStoreOptions {
  /** Which driver to use. */
  readonly driver: StoreDriver;
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
 * unreachable redis) is a `StartupError` naming the setting.
 */
export async function createStore(options: CreateStoreOptions): Promise<KeyValueStore> {
  switch (options.driver) {
    case 'memory':
      return new MemoryStore({ clock: options.clock });
    case 'sqlite': {
      const path = setting('store.path', options.path);
      const { SqliteStore } = await import('./sqlite.js');
      const store = await opening('store.path', SqliteStore.open({ path, clock: options.clock }));
      options.logger?.info({ store: store.location }, 'opened the sqlite store');
      return store;
    }
    case 'redis': {
      const url = setting('store.redis_url', options.redisUrl);
      const { RedisStore } = await import('./redis.js');
      const store = await opening(
        'store.redis_url',
        RedisStore.open({
          url,
          keyPrefix: options.keyPrefix,
          clock: options.clock,
          logger: options.logger,
        }),
      );
      options.logger?.info({ store: store.location }, 'connected to the redis store');
      return store;
    }
  }
}

/** A setting `src/config` guarantees for the chosen driver. */
function setting(name: string, value: string | undefined): string {
  if (!value) throw new RangeError(`${name} is required for this store driver`);
  return value;
}

/** The opened store, or a `StartupError` naming the setting that points at it. */
async function opening<T>(name: string, open: Promise<T>): Promise<T> {
  try {
    return await open;
  } catch (error) {
    throw new StartupError(`${name}: ${(error as Error).message}`, { cause: error });
  }
}

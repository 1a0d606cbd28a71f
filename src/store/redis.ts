/**
 * The `redis` driver, for several replicas sharing state. Keys are `<prefix><namespace>:<key>`;
 * each value is stored as `<expiresAt>\n<value>` (expiresAt empty when there is no TTL) so expiry
 * is judged against the injected clock like the other drivers, while a real PX TTL, a little
 * longer, lets redis drop forgotten keys on its own.
 */
import { createClient } from 'redis';
import { systemClock, type Clock } from '../core/clock.js';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import { StoreClosedError } from './errors.js';
import type { KeyValueStore, SetOptions, StoreNamespace } from './types.js';
import { checkKey, checkNamespace, expiryOf, isLive } from './validate.js';

type Client = ReturnType<typeof makeClient>;

/** How much longer than the TTL redis keeps a key, covering clock skew between replicas. */
const EXPIRY_SLACK_MS = 60_000;

/** Keys fetched per MGET when listing a namespace. */
const BATCH = 500;

// Replace the key only when it is absent or expired by the caller's clock (ARGV[2]); a value
// without our header is left alone.
const SET_IF_EXPIRED = `
local cur = redis.call('GET', KEYS[1])
if cur then
  local exp = string.match(cur, '^(%d*)\\n')
  if exp == nil or exp == '' or tonumber(exp) > tonumber(ARGV[2]) then return 0 end
end
if ARGV[3] == '' then
  redis.call('SET', KEYS[1], ARGV[1])
else
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
end
return 1
`;

/** Options for `RedisStore.open`. */
export interface RedisStoreOptions {
  /** `redis://[user:password@]host[:port][/db]` or `rediss://…` for TLS. */
  readonly url: string;
  /** Prepended to every key (default `stormbot:`), so several bots can share one redis. */
  readonly keyPrefix?: string | undefined;
  /** Judges expiry; defaults to the system clock. */
  readonly clock?: Clock | undefined;
  /** Connection trouble is logged here (never with credentials). */
  readonly logger?: Logger | undefined;
}

/** A store in redis. */
export class RedisStore implements KeyValueStore {
  readonly driver = 'redis';
  private closing: Promise<void> | undefined;

  private constructor(
    readonly location: string,
    readonly keyPrefix: string,
    private readonly client: Client,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Connect to redis; rejects with a clear error when the server cannot be reached. */
  static async open(options: RedisStoreOptions): Promise<RedisStore> {
    const prefix = options.keyPrefix ?? 'stormbot:';
    const location = `${publicUrl(options.url)} (keys ${prefix}*)`;
    const logger = options.logger ?? silentLogger();
    let ready = false;
    // Fail at start-up instead of retrying forever; once connected, keep reconnecting.
    const client = makeClient(options.url, (retries, cause) =>
      ready ? Math.min(100 * 2 ** retries, 5000) : new Error(cause.message),
    );
    client.on('error', (err: unknown) => {
      logger.warn(
        { store: location, reason: (err as Error).message },
        'redis store connection error',
      );
    });
    try {
      await client.connect();
    } catch (err) {
      client.destroy();
      throw new Error(`cannot connect to redis at ${location}: ${(err as Error).message}`, {
        cause: err,
      });
    }
    ready = true;
    return new RedisStore(location, prefix, client, options.clock ?? systemClock, logger);
  }

  namespace(name: string): StoreNamespace {
    const base = `${this.keyPrefix}${checkNamespace(name)}:`;
    const full = (key: string): string => {
      if (this.closing) throw new StoreClosedError(this.driver);
      return base + checkKey(key);
    };
    return {
      get: async (key) => {
        const raw = await this.client.get(full(key));
        if (raw === null) return undefined;
        const entry = this.decode(raw, key);
        return entry && isLive(entry.expiresAt, this.clock.now()) ? entry.value : undefined;
      },
      set: async (key, value, options) => {
        const k = full(key);
        const { encoded, px } = this.encode(value, options);
        await this.client.set(k, encoded, px ? { expiration: { type: 'PX', value: px } } : {});
      },
      setIfAbsent: async (key, value, options) => {
        const k = full(key);
        const { encoded, px } = this.encode(value, options);
        const expiration = px ? { expiration: { type: 'PX' as const, value: px } } : {};
        if ((await this.client.set(k, encoded, { ...expiration, condition: 'NX' })) !== null) {
          return true;
        }
        // Present in redis, but possibly expired by our clock before redis's own TTL fires.
        const replaced = await this.client.eval(SET_IF_EXPIRED, {
          keys: [k],
          arguments: [encoded, String(this.clock.now()), px ? String(px) : ''],
        });
        return replaced === 1;
      },
      delete: async (key) => {
        const raw = await this.client.getDel(full(key));
        if (raw === null) return false;
        const entry = this.decode(raw, key);
        return !entry || isLive(entry.expiresAt, this.clock.now());
      },
      keys: async () => {
        if (this.closing) throw new StoreClosedError(this.driver);
        const now = this.clock.now();
        const found = new Set<string>();
        for await (const batch of this.client.scanIterator({
          MATCH: `${globEscape(base)}*`,
          COUNT: BATCH,
        })) {
          for (const k of batch) found.add(k);
        }
        const all = [...found];
        const live: string[] = [];
        for (let i = 0; i < all.length; i += BATCH) {
          const chunk = all.slice(i, i + BATCH);
          const values = chunk.length ? await this.client.mGet(chunk) : [];
          chunk.forEach((k, j) => {
            const raw = values[j];
            const key = k.slice(base.length);
            if (raw === null || raw === undefined) return;
            const entry = this.decode(raw, key);
            if (entry && isLive(entry.expiresAt, now)) live.push(key);
          });
        }
        return live;
      },
    };
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        if (this.client.isOpen) await this.client.close();
        else this.client.destroy();
      } catch (err) {
        this.logger.debug({ reason: (err as Error).message }, 'redis store close');
      }
    })();
    return this.closing;
  }

  private encode(value: string, options: SetOptions | undefined) {
    const now = this.clock.now();
    const expiresAt = expiryOf(now, options);
    return {
      encoded: `${expiresAt ?? ''}\n${value}`,
      px: expiresAt === undefined ? undefined : expiresAt - now + EXPIRY_SLACK_MS,
    };
  }

  private decode(
    raw: string,
    key: string,
  ): { value: string; expiresAt: number | undefined } | undefined {
    const nl = raw.indexOf('\n');
    const head = nl < 0 ? 'x' : raw.slice(0, nl);
    if (!/^\d*$/.test(head)) {
      this.logger.warn(
        { store: this.location, keyLength: key.length },
        'skipping a malformed value',
      );
      return undefined;
    }
    return { value: raw.slice(nl + 1), expiresAt: head === '' ? undefined : Number(head) };
  }
}

function makeClient(
  url: string,
  reconnectStrategy: (retries: number, cause: Error) => number | Error,
) {
  return createClient({ url, socket: { reconnectStrategy } });
}

/** The URL without user name or password, for logs and errors (`src/config` checked it). */
function publicUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    // Node's error carries the input, password included: never let it travel.
    throw new RangeError('the redis URL is not a valid URL');
  }
  u.username = '';
  u.password = '';
  return u.toString();
}

/** Escape redis glob metacharacters so a prefix matches itself literally. */
function globEscape(s: string): string {
  return s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/**
 * The key/value store behind sessions, secrets and delivery bookkeeping.
 *
 * Drivers: `memory` (tests, single process), `sqlite` (the embedded default, one file) and
 * `redis` (several replicas). Every driver passes the same contract suite
 * (`test/contracts/store-contract.ts`).
 */

/** Options for writes. */
export interface SetOptions {
  /** Time to live in milliseconds; the key disappears after it. Omitted: no expiry. */
  readonly ttlMs?: number | undefined;
}

/**
 * One namespace of a store: keys in different namespaces never collide. Keys are non-empty
 * strings (stored as they are, not encrypted); values are any Unicode string. Expiry is judged
 * against the store's injected `Clock`. After `close()` every method rejects with
 * `StoreClosedError`.
 */
export interface StoreNamespace {
  /** The value, or undefined when absent or expired. */
  get(key: string): Promise<string | undefined>;
  /** Write a value (replacing any), with an optional TTL. */
  set(key: string, value: string, options?: SetOptions): Promise<void>;
  /**
   * Write only when the key is absent (or expired). Resolves true when written. Atomic across
   * processes for drivers that are shared (redis, sqlite), so it can serve as a lock or dedupe.
   */
  setIfAbsent(key: string, value: string, options?: SetOptions): Promise<boolean>;
  /** Remove a key; resolves true when it existed. */
  delete(key: string): Promise<boolean>;
  /** Every live key of the namespace, in no particular order. */
  keys(): Promise<string[]>;
}

/** A store: a set of namespaces over one backing service. */
export interface KeyValueStore {
  /** The driver's name (`memory`, `sqlite`, `redis`). */
  readonly driver: string;
  /**
   * Where the data lives, for logs and advice (a file path, or a redis URL without credentials
   * plus the key prefix). Undefined for stores that keep nothing beyond the process.
   */
  readonly location?: string | undefined;
  /**
   * A view of one namespace (cheap; may be called often). Names are 1-64 letters, digits, `_`,
   * `.` or `-` (a RangeError otherwise). `meta` is reserved for the store's own bookkeeping.
   */
  namespace(name: string): StoreNamespace;
  /** Release connections and file handles; idempotent. */
  close(): Promise<void>;
}

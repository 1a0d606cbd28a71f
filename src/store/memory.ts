/**
 * The `memory` driver: a Map per namespace, gone when the process exits. For tests and for a
 * single process that does not need anything to survive a restart.
 */
import { systemClock, type Clock } from '../core/clock.js';
import { StoreClosedError } from './errors.js';
import type { KeyValueStore, SetOptions, StoreNamespace } from './types.js';
import { checkKey, checkNamespace, expiryOf, isLive, settle } from './validate.js';

interface Entry {
  value: string;
  expiresAt: number | undefined;
}

/** Writes between two sweeps of expired entries (keys written once and never read again). */
const SWEEP_EVERY = 256;

/** Options for `MemoryStore`. */
export interface MemoryStoreOptions {
  /** Judges expiry; defaults to the system clock. */
  readonly clock?: Clock | undefined;
}

/** A store held in the process's memory. */
export class MemoryStore implements KeyValueStore {
  readonly driver = 'memory';
  readonly location = undefined;
  private readonly clock: Clock;
  private readonly data = new Map<string, Map<string, Entry>>();
  private closed = false;
  private writes = 0;

  constructor(options: MemoryStoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  namespace(name: string): StoreNamespace {
    checkNamespace(name);
    const table = (): Map<string, Entry> => {
      if (this.closed) throw new StoreClosedError(this.driver);
      let t = this.data.get(name);
      if (!t) {
        t = new Map();
        this.data.set(name, t);
      }
      return t;
    };
    const live = (t: Map<string, Entry>, key: string): Entry | undefined => {
      const e = t.get(key);
      if (e && !isLive(e.expiresAt, this.clock.now())) {
        t.delete(key);
        return undefined;
      }
      return e;
    };
    const write = (t: Map<string, Entry>, key: string, value: string, options?: SetOptions) => {
      t.set(key, { value, expiresAt: expiryOf(this.clock.now(), options) });
      if (++this.writes % SWEEP_EVERY === 0) this.sweep();
    };
    const run = settle;
    return {
      get: (key) => run(() => live(table(), checkKey(key))?.value),
      set: (key, value, options) =>
        run(() => {
          write(table(), checkKey(key), value, options);
        }),
      setIfAbsent: (key, value, options) =>
        run(() => {
          const t = table();
          if (live(t, checkKey(key))) return false;
          write(t, key, value, options);
          return true;
        }),
      delete: (key) =>
        run(() => {
          const t = table();
          const existed = live(t, checkKey(key)) !== undefined;
          t.delete(key);
          return existed;
        }),
      keys: () =>
        run(() => {
          const t = table();
          return [...t.keys()].filter((k) => live(t, k));
        }),
    };
  }

  close(): Promise<void> {
    this.closed = true;
    this.data.clear();
    return Promise.resolve();
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const t of this.data.values()) {
      for (const [k, e] of t) if (!isLive(e.expiresAt, now)) t.delete(k);
    }
  }
}

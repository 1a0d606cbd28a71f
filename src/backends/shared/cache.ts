/**
 * A small bounded cache whose entries expire, timed by the injected clock. Used for names looked
 * up over a chat's API (users, channels), which change rarely but do change.
 */
import type { Clock } from '../../core/clock.js';

/** A map with a time to live per entry and a maximum size (the oldest entries go first). */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; expires: number }>();

  /**
   * @param clock the source of time
   * @param ttlMs how long an entry stays valid
   * @param maxEntries how many entries are kept at most
   */
  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** The value for `key`, or undefined when it is missing or has expired. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Store `value` under `key` for the cache's time to live. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.clock.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }
}

/** A bounded set of recently seen keys, for dropping duplicate deliveries. */
export class RecentKeys {
  private readonly keys = new Set<string>();

  constructor(private readonly max = 1000) {}

  /** Record `key`; true when it was seen before (a duplicate). */
  seen(key: string): boolean {
    if (this.keys.has(key)) return true;
    this.keys.add(key);
    if (this.keys.size > this.max) {
      const oldest = this.keys.values().next();
      if (!oldest.done) this.keys.delete(oldest.value);
    }
    return false;
  }
}

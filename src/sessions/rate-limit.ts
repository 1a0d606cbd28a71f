/**
 * A token bucket per key (client address): each attempt takes a token, tokens come back at a
 * steady rate up to the burst size. Time comes from the injected clock.
 */
import type { Clock } from '../core/clock.js';

/** Settings of a `TokenBucketLimiter`. */
export interface TokenBucketOptions {
  /** Attempts allowed at once (the bucket's size). */
  readonly burst: number;
  /** Milliseconds for one token to come back. */
  readonly refillEveryMs: number;
  /** Keys remembered at most; the least recently used are forgotten first (memory bound). */
  readonly maxKeys?: number | undefined;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** In-memory token buckets, one per key. */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxKeys: number;

  constructor(
    private readonly clock: Clock,
    private readonly options: TokenBucketOptions,
  ) {
    if (!(options.burst >= 1) || !(options.refillEveryMs > 0)) {
      throw new RangeError('a token bucket needs burst >= 1 and refillEveryMs > 0');
    }
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /** Take one token for `key`. Resolves false (and takes nothing) when the bucket is empty. */
  take(key: string): boolean {
    const now = this.clock.now();
    const bucket = this.refill(key, now);
    // Re-insert so the Map's order is least-recently-used first.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next();
      if (!oldest.done) this.buckets.delete(oldest.value);
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Milliseconds until `key` may try again (0 when it may now). */
  retryAfterMs(key: string): number {
    const bucket = this.refill(key, this.clock.now());
    if (bucket.tokens >= 1) return 0;
    return Math.ceil((1 - bucket.tokens) * this.options.refillEveryMs);
  }

  private refill(key: string, now: number): Bucket {
    const bucket = this.buckets.get(key) ?? { tokens: this.options.burst, at: now };
    const gained = (now - bucket.at) / this.options.refillEveryMs;
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + Math.max(0, gained));
    bucket.at = now;
    return bucket;
  }
}

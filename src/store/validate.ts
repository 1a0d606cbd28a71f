/**
 * Argument checks shared by every driver, so all of them accept and refuse the same input.
 */
import type { SetOptions } from './types.js';

const NAMESPACE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/**
 * Refuse a namespace name that could collide with another once joined to a key (the redis
 * driver builds `<prefix><namespace>:<key>`, so `:` must not appear in a namespace).
 */
export function checkNamespace(name: string): string {
  if (!NAMESPACE.test(name)) {
    throw new RangeError(
      `invalid store namespace ${JSON.stringify(name.slice(0, 80))}: use 1-64 letters, digits, ` +
        `'_', '.' or '-', starting with a letter or digit`,
    );
  }
  return name;
}

/** Refuse an empty key. */
export function checkKey(key: string): string {
  if (key.length === 0) throw new RangeError('store keys must not be empty');
  return key;
}

/**
 * The absolute expiry (epoch ms) for a write made at `now`, or undefined without a TTL.
 * A TTL must be a positive finite number of milliseconds; fractions round up.
 */
export function expiryOf(now: number, options: SetOptions | undefined): number | undefined {
  const ttl = options?.ttlMs;
  if (ttl === undefined) return undefined;
  if (!Number.isFinite(ttl) || ttl <= 0) {
    throw new RangeError(`ttlMs must be a positive number of milliseconds, got ${String(ttl)}`);
  }
  return now + Math.ceil(ttl);
}

/** Whether an entry expiring at `expiresAt` is still live at `now`. */
export function isLive(expiresAt: number | null | undefined, now: number): boolean {
  return expiresAt === undefined || expiresAt === null || now < expiresAt;
}

/** Run a synchronous driver step as a promise, so a throw becomes a rejection. */
export function settle<T>(fn: () => T): Promise<T> {
  return new Promise((resolve) => {
    resolve(fn());
  });
}

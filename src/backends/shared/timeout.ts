/**
 * Bounding how long a connection step may take, timed by the injected clock.
 */
import type { Clock } from '../../core/clock.js';

/**
 * Settle like `work`, or reject with `onTimeout()`'s error once `ms` milliseconds have passed on
 * `clock` without it settling. The timer is cancelled either way.
 */
export async function withTimeout<T>(
  clock: Clock,
  ms: number,
  work: Promise<T>,
  onTimeout: () => Error,
): Promise<T> {
  const abort = new AbortController();
  const timeout = clock.sleep(ms, abort.signal).then(() => {
    throw onTimeout();
  });
  // Aborting the sleep rejects `timeout`; that rejection means nothing.
  timeout.catch(() => undefined);
  try {
    return await Promise.race([work, timeout]);
  } finally {
    abort.abort();
  }
}

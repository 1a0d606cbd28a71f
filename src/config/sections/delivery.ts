/**
 * `delivery.*`: holding and retrying announcements while the chat is unreachable.
 */
import { z } from 'zod';
import type { SectionContext } from '../context.js';
import { count } from '../fields.js';

/** The schema of `delivery` (no environment variables). */
export const schema = z.strictObject({
  queue_size: count(1).default(1000),
  max_attempts: count(0).default(0),
  retry_base_ms: count(1).default(1000),
  retry_max_ms: count(1).default(60000),
});

/** `delivery` checked (the cap is not below the first delay) and normalised. */
export function settings(file: z.output<typeof schema>, ctx: SectionContext) {
  if (file.retry_max_ms < file.retry_base_ms) {
    throw ctx.error(
      'delivery.retry_max_ms',
      `must be at least delivery.retry_base_ms (${file.retry_base_ms})`,
    );
  }
  return {
    /** Announcements held at most; beyond that the oldest is dropped, logged and counted. */
    queueSize: file.queue_size,
    /** Attempts per announcement; 0 = keep trying until the queue overflows. */
    maxAttempts: file.max_attempts,
    /** First retry delay in milliseconds (doubles each attempt). */
    retryBaseMs: file.retry_base_ms,
    retryMaxMs: file.retry_max_ms,
  };
}

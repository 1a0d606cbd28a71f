/**
 * Reconnect delays: exponential growth, capped, with jitter so that many bots (or replicas) do
 * not hammer a recovering st2 in step.
 */

/** Shape of the backoff schedule. */
export interface BackoffOptions {
  /** Delay before the first retry, before jitter (ms). */
  initialMs: number;
  /** Upper bound of any delay (ms). */
  maxMs: number;
  /** Growth per attempt. */
  factor: number;
  /** Share of the delay that is random, 0..1: the delay lies in [base × (1 − jitter), base]. */
  jitter: number;
}

/** 1 s, doubling, capped at 60 s, up to half of it random. */
export const DEFAULT_BACKOFF: BackoffOptions = {
  initialMs: 1000,
  maxMs: 60_000,
  factor: 2,
  jitter: 0.5,
};

/**
 * Delay before retry number `attempt` (0-based). Never negative, never above `maxMs`.
 * `random` returns a number in [0, 1), like Math.random.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.min(attempt, 64));
  const base = Math.min(options.maxMs, options.initialMs * options.factor ** exponent);
  const jitter = Math.min(1, Math.max(0, options.jitter));
  const r = Math.min(1, Math.max(0, random()));
  return Math.max(0, Math.round(base * (1 - jitter * r)));
}

/**
 * The one retry schedule of the process: exponential growth, capped, with jitter so that many
 * bots (or replicas) do not hammer a recovering server in step. Every reconnect and every retried
 * delivery waits one of these delays.
 */

/** Shape of the schedule. */
export interface BackoffSchedule {
  /** Delay before the first retry, before jitter (ms). */
  readonly initialMs: number;
  /** Upper bound of any delay (ms). */
  readonly maxMs: number;
  /** Growth per attempt (default 2). */
  readonly factor?: number | undefined;
  /**
   * Share of the delay that is random, 0..1 (default 0.5): the delay lies in
   * [base × (1 − jitter), base]; 0 gives the plain exponential schedule.
   */
  readonly jitter?: number | undefined;
}

/** 1 s, doubling, capped at 60 s, up to half of it random. */
export const DEFAULT_BACKOFF: BackoffSchedule = { initialMs: 1000, maxMs: 60_000 };

/**
 * Delay before retry number `attempt` (0-based): base = min(max, initial × factorⁿ), and the
 * random share is taken off the top, delay = base × (1 − jitter × r). So `random` 0 gives the
 * full base and a random near 1 the shortest delay. Never negative, never above `maxMs`.
 * @param random a number in [0, 1), like `Math.random` (the default)
 */
export function backoffDelay(
  attempt: number,
  schedule: BackoffSchedule = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.min(attempt, 64));
  const base = Math.min(schedule.maxMs, schedule.initialMs * (schedule.factor ?? 2) ** exponent);
  const jitter = Math.min(1, Math.max(0, schedule.jitter ?? 0.5));
  const r = Math.min(1, Math.max(0, random()));
  return Math.max(0, Math.round(base * (1 - jitter * r)));
}

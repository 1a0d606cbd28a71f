/**
 * Reconnect delays for chat connections: exponential, capped, optionally jittered, reset after a
 * successful connection. The schedule itself is st2's (`backoffDelay`); this keeps the count.
 */
import { backoffDelay } from '../../stackstorm/backoff.js';

/** Options of `Backoff`. */
export interface BackoffOptions {
  /** The first delay's upper bound, in milliseconds. */
  readonly initialMs: number;
  /** No delay is longer than this, in milliseconds. */
  readonly maxMs: number;
  /** A number in [0, 1); `Math.random` by default. */
  readonly random?: (() => number) | undefined;
  /**
   * The share of each delay that is random, 0..1 (default 0.5, "equal jitter"); 0 gives the
   * plain doubling schedule.
   */
  readonly jitter?: number | undefined;
}

/**
 * Attempt n waits between (1 − jitter) and all of min(max, initial·2ⁿ), so reconnecting bots
 * spread out without ever retrying at once. With the default jitter a random 0 gives the shortest
 * delay (half) and a random near 1 the longest.
 */
export class Backoff {
  private attempt = 0;
  private readonly random: () => number;

  constructor(private readonly options: BackoffOptions) {
    this.random = options.random ?? Math.random;
  }

  /** How many delays were handed out since the start or the last `reset`. */
  get attempts(): number {
    return this.attempt;
  }

  /** The delay before the next attempt, in milliseconds; each call counts one attempt. */
  next(): number {
    const r = this.random();
    const schedule = {
      initialMs: this.options.initialMs,
      maxMs: this.options.maxMs,
      factor: 2,
      jitter: this.options.jitter ?? 0.5,
    };
    // backoffDelay takes its random share off the top; 1 − r keeps "small r, short delay".
    const delay = backoffDelay(this.attempt, schedule, () => 1 - r);
    this.attempt++;
    return delay;
  }

  /** Start again from the shortest delay (after a successful connection). */
  reset(): void {
    this.attempt = 0;
  }
}

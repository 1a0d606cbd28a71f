/**
 * Reconnect delays: exponential with jitter, capped, reset after a successful connection.
 */

/** Options of `Backoff`. */
export interface BackoffOptions {
  /** The first delay's upper bound, in milliseconds. */
  readonly initialMs: number;
  /** No delay is longer than this, in milliseconds. */
  readonly maxMs: number;
  /** A number in [0, 1); `Math.random` by default. */
  readonly random?: (() => number) | undefined;
}

/**
 * "Equal jitter" backoff: attempt n waits between half and all of min(max, initial·2ⁿ), so
 * reconnecting bots spread out without ever retrying at once.
 */
export class Backoff {
  private attempt = 0;
  private readonly random: () => number;

  constructor(private readonly options: BackoffOptions) {
    this.random = options.random ?? Math.random;
  }

  /** The delay before the next attempt, in milliseconds; each call counts one attempt. */
  next(): number {
    const ceiling = Math.min(this.options.maxMs, this.options.initialMs * 2 ** this.attempt);
    if (ceiling < this.options.maxMs) this.attempt++;
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  /** Start again from the shortest delay (after a successful connection). */
  reset(): void {
    this.attempt = 0;
  }
}

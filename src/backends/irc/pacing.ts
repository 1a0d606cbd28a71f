/**
 * Flood-safe pacing of outgoing lines: a token bucket on an injectable clock.
 */
import type { Clock } from '../../core/clock.js';

/**
 * A token bucket: `capacity` lines may go at once, then one every `intervalMs`. `take` waits
 * (on the clock) for a token; callers serialise themselves so lines keep their order.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  /**
   * @param clock the time source
   * @param capacity the burst size (at least 1)
   * @param intervalMs the time one token takes to come back
   */
  constructor(
    private readonly clock: Clock,
    private readonly capacity: number,
    private readonly intervalMs: number,
  ) {
    this.tokens = capacity;
    this.last = clock.now();
  }

  /** Tokens available right now (fractional while refilling). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  /** Wait for a token and spend it; rejects when `signal` aborts while waiting. */
  async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      this.refill();
      // The epsilon absorbs floating-point drift so an exact wait is enough.
      if (this.tokens >= 1 - 1e-9) {
        this.tokens = Math.max(0, this.tokens - 1);
        return;
      }
      await this.clock.sleep(Math.ceil((1 - this.tokens) * this.intervalMs), signal);
    }
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.capacity, this.tokens + elapsed / this.intervalMs);
  }
}

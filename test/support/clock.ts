/**
 * The manual clock every test drives instead of sleeping.
 */
import type { Clock, TimerHandle } from '../../src/core/clock.js';

/**
 * A clock for tests: time moves only when `advance` is called, and due timers run then, in order.
 */
export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = ++this.seq;
    this.timers.set(id, { at: this.current + Math.max(0, ms), fn });
    return { cancel: () => this.timers.delete(id) };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const handle = this.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        handle.cancel();
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Number of timers waiting to run. */
  get pending(): number {
    return this.timers.size;
  }

  /** Milliseconds until the next timer is due, or undefined when none is scheduled. */
  nextDelay(): number | undefined {
    let min: number | undefined;
    for (const t of this.timers.values()) min = min === undefined ? t.at : Math.min(min, t.at);
    return min === undefined ? undefined : min - this.current;
  }

  /**
   * Move time forward by `ms`, running every timer that falls due, each at its own time, and
   * letting promise callbacks settle between them.
   */
  async advance(ms: number): Promise<void> {
    const end = this.current + ms;
    for (;;) {
      await flushMicrotasks();
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.timers) {
        if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
      }
      if (!next) break;
      this.timers.delete(next[0]);
      this.current = Math.max(this.current, next[1].at);
      next[1].fn();
    }
    this.current = end;
    await flushMicrotasks();
  }
}

/** Let pending promise callbacks (and I/O callbacks already queued) run. */
export async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

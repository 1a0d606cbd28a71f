/**
 * Requests waiting for the server's answer (a channel or room join), one per key, each given up
 * after a timeout on the injected clock.
 */
import type { Clock, TimerHandle } from '../../core/clock.js';

interface Waiting<T> {
  readonly data: T;
  readonly timer: TimerHandle;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/** Requests awaiting an answer, by key, with what the caller noted about each. */
export class PendingAnswers<T = undefined> {
  private readonly waiting = new Map<string, Waiting<T>>();

  constructor(private readonly clock: Clock) {}

  /**
   * Wait for the answer about `key`: resolves on `resolve(key)`; rejects on `reject(key, …)`,
   * `rejectAll`, or with `timeoutReason` once `timeoutMs` have passed.
   * @param data what to remember about the request (see `get`)
   * @param ask sends the request once the wait is in place; if it throws, the wait rejects
   */
  wait(
    key: string,
    data: T,
    timeoutMs: number,
    timeoutReason: string,
    ask?: () => void,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        this.waiting.delete(key);
        reject(new Error(timeoutReason));
      }, timeoutMs);
      this.waiting.set(key, { data, timer, resolve, reject });
      ask?.();
    });
  }

  /** What was noted about the request waiting on `key`, or undefined when none is. */
  get(key: string): T | undefined {
    return this.waiting.get(key)?.data;
  }

  /** The answer about `key` came: its request succeeds. False when nothing was waiting. */
  resolve(key: string): boolean {
    const entry = this.take(key);
    entry?.resolve();
    return entry !== undefined;
  }

  /** The request waiting on `key` failed for `reason`. False when nothing was waiting. */
  reject(key: string, reason: string): boolean {
    const entry = this.take(key);
    entry?.reject(new Error(reason));
    return entry !== undefined;
  }

  /** Fail every waiting request for `reason` (the connection is gone). */
  rejectAll(reason: string): void {
    for (const entry of this.waiting.values()) {
      entry.timer.cancel();
      entry.reject(new Error(reason));
    }
    this.waiting.clear();
  }

  private take(key: string): Waiting<T> | undefined {
    const entry = this.waiting.get(key);
    if (!entry) return undefined;
    this.waiting.delete(key);
    entry.timer.cancel();
    return entry;
  }
}

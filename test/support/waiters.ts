/**
 * Awaiting values a test fake or client will see: calls, posts, messages, acknowledgements.
 */
import { bounded, WAIT_LIMIT_MS } from './wait.js';

/** Bounded promises that resolve with the first matching value seen (or still to be seen). */
export class Waiters<T> {
  private waiting: { readonly match: (value: T) => boolean; readonly resolve: (v: T) => void }[] =
    [];
  /** Every value notified, so a failed wait can say what came instead. */
  private readonly notified: T[] = [];

  /**
   * `kind` names the values in failures (`a Slack call`, `an XMPP message`); `limitMs` bounds
   * each wait (default `WAIT_LIMIT_MS`).
   */
  constructor(
    private readonly kind: string,
    private readonly limitMs = WAIT_LIMIT_MS,
  ) {}

  /**
   * Resolve with the first of `seen` that satisfies `match`, else with the first value passed to
   * `notify` from now on that does; reject (see `bounded`) when none comes in time. The failure
   * names `what` (default: the source of `match`) and lists the last of `seen` and of every value
   * notified.
   */
  wait(match: (value: T) => boolean, seen: readonly T[] = [], what?: string): Promise<T> {
    const hit = seen.find(match);
    if (hit !== undefined) return Promise.resolve(hit);
    const found = new Promise<T>((resolve) => this.waiting.push({ match, resolve }));
    return bounded(found, {
      what: `${this.kind} ${what ?? `matching ${String(match)}`}`,
      seen: () => [...seen, ...this.notified.filter((v) => !seen.includes(v))],
      limitMs: this.limitMs,
    });
  }

  /** Resolve every waiter that `value` satisfies; they stop waiting. */
  notify(value: T): void {
    this.notified.push(value);
    this.waiting = this.waiting.filter((w) => {
      if (!w.match(value)) return true;
      w.resolve(value);
      return false;
    });
  }
}

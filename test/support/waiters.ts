/**
 * Awaiting values a test fake or client will see: calls, posts, messages, acknowledgements.
 */

/** Promises that resolve with the first matching value seen (or still to be seen). */
export class Waiters<T> {
  private waiting: { readonly match: (value: T) => boolean; readonly resolve: (v: T) => void }[] =
    [];

  /**
   * Resolve with the first of `seen` that satisfies `match`, else with the first value passed to
   * `notify` from now on that does.
   */
  wait(match: (value: T) => boolean, seen: readonly T[] = []): Promise<T> {
    const hit = seen.find(match);
    if (hit !== undefined) return Promise.resolve(hit);
    return new Promise((resolve) => this.waiting.push({ match, resolve }));
  }

  /** Resolve every waiter that `value` satisfies; they stop waiting. */
  notify(value: T): void {
    this.waiting = this.waiting.filter((w) => {
      if (!w.match(value)) return true;
      w.resolve(value);
      return false;
    });
  }
}

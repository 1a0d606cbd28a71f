/**
 * A back-end's connection state as `ChatBackend.status()` (and so `/healthz`) shows it, with a way
 * to be told of changes and to await a particular state.
 */
import type { BackendStatus } from '../../core/backend.js';

/** The current connection status and everyone waiting on it. */
export class StatusBoard {
  private current: BackendStatus;
  private readonly listeners = new Set<(status: BackendStatus) => void>();

  /** @param initial the status before anything happened (`not started`) */
  constructor(initial: BackendStatus) {
    this.current = initial;
  }

  /** The current status. */
  get(): BackendStatus {
    return this.current;
  }

  /** Make `status` the current one and tell every listener, in the order they were added. */
  set(status: BackendStatus): void {
    this.current = status;
    for (const listener of [...this.listeners]) listener(status);
  }

  /** Call `listener` on every change; returns a function that removes it. */
  onChange(listener: (status: BackendStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolve with the first status (the current one or a later one) that satisfies `predicate`. */
  waitFor(predicate: (status: BackendStatus) => boolean): Promise<BackendStatus> {
    const now = this.current;
    if (predicate(now)) return Promise.resolve(now);
    return new Promise((resolve) => {
      const off = this.onChange((status) => {
        if (!predicate(status)) return;
        off();
        resolve(status);
      });
    });
  }
}

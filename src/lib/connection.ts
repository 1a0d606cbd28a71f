/**
 * The one connection lifecycle of the process: connect, and after a failed attempt or a drop,
 * connect again after a jittered backoff timed by the injected clock, until stopped. It keeps the
 * status (`/healthz` shows a back-end's). It knows nothing of what it connects: each attempt is
 * one call of `connect`, which hands back a `Link` whose `closed` promise says when (and why)
 * that connection ended.
 */
import type { Clock, TimerHandle } from '../core/clock.js';
import { toError } from '../core/errors.js';
import type { Logger } from '../log.js';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffSchedule } from './backoff.js';

/** One established connection, as `connect` hands it back. */
export interface Link {
  /** Resolves with the reason once the connection has ended; never rejects. */
  readonly closed: Promise<string>;
}

/** What one connection attempt gets from the engine. */
export interface Attempt {
  /**
   * Aborted by `stop`. The attempt then releases what it opened, also when it already connected:
   * the engine neither awaits nor closes anything itself.
   */
  readonly signal: AbortSignal;
  /** Show how far the attempt got while not connected yet (`joining rooms`). */
  progress(detail: string): void;
}

/** The connection state, as `ChatBackend.status()` reports it. */
export interface ConnectionStatus {
  readonly connected: boolean;
  /**
   * Why not connected: `not started`, `connecting`, `reconnecting`, a progress detail,
   * `<reason>; reconnecting in <n>s` or `stopped`.
   */
  readonly detail?: string | undefined;
}

/** Options of a `Connection`. */
export interface ConnectionOptions {
  /** What is connected, at the start of log lines (`IRC`, `st2 stream`). */
  readonly name: string;
  /** The source of time for the delays between attempts. */
  readonly clock: Clock;
  /** Where failed attempts and lost connections are logged (reason and the next delay). */
  readonly logger: Logger;
  /**
   * One attempt: resolves with the link once connected, rejects (with the reason as the error's
   * message, which the status shows) when it failed, having released what it opened.
   */
  readonly connect: (attempt: Attempt) => Promise<Link>;
  /** The delays between attempts (default 1 s doubling to 60 s, half jitter). */
  readonly backoff?: BackoffSchedule | undefined;
  /** Numbers in [0, 1) for the jitter (default `Math.random`). */
  readonly random?: (() => number) | undefined;
  /** A connection that stayed up this long starts the schedule over (default 0: any). */
  readonly stableAfterMs?: number | undefined;
}

/** Keeps one connection up and reports its state. */
export class Connection {
  private current: ConnectionStatus = { connected: false, detail: 'not started' };
  private readonly listeners = new Set<(status: ConnectionStatus) => void>();
  private controller: AbortController | undefined;
  private timer: TimerHandle | undefined;
  private active = false;
  private failures = 0;
  private attempts = 0;

  constructor(private readonly options: ConnectionOptions) {}

  /** True from `start` until `stop`. */
  get running(): boolean {
    return this.active;
  }

  /** Attempts made after the first one since `start` (reconnects, successful or not). */
  get retries(): number {
    return Math.max(0, this.attempts - 1);
  }

  /**
   * Make the first attempt; resolves once connected or once a retry has been scheduled. Does
   * nothing while running; after `stop` it starts over.
   */
  async start(): Promise<void> {
    if (this.active) return;
    this.active = true;
    this.failures = 0;
    this.attempts = 0;
    await this.attempt();
  }

  /** Stop: abort the current attempt, cancel a pending one, and say `stopped`; idempotent. */
  stop(): void {
    this.active = false;
    this.timer?.cancel();
    this.timer = undefined;
    this.controller?.abort(new Error('stopped'));
    this.controller = undefined;
    this.set({ connected: false, detail: 'stopped' });
  }

  /** The current status. */
  status(): ConnectionStatus {
    return this.current;
  }

  /** Resolve with the first status (the current one or a later one) that satisfies `predicate`. */
  waitFor(predicate: (status: ConnectionStatus) => boolean): Promise<ConnectionStatus> {
    if (predicate(this.current)) return Promise.resolve(this.current);
    return new Promise((resolve) => {
      const listener = (status: ConnectionStatus): void => {
        if (!predicate(status)) return;
        this.listeners.delete(listener);
        resolve(status);
      };
      this.listeners.add(listener);
    });
  }

  private async attempt(): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    const live = (): boolean => this.controller === controller;
    this.attempts++;
    this.set({ connected: false, detail: this.attempts === 1 ? 'connecting' : 'reconnecting' });
    let link: Link;
    try {
      link = await this.options.connect({
        signal: controller.signal,
        progress: (detail) => {
          if (live()) this.set({ connected: false, detail });
        },
      });
    } catch (error) {
      if (live()) this.retry(toError(error).message, 'connection failed');
      return;
    }
    if (!live()) return;
    const since = this.options.clock.now();
    this.set({ connected: true });
    void link.closed.then((reason) => {
      if (!live()) return;
      if (this.options.clock.now() - since >= (this.options.stableAfterMs ?? 0)) {
        this.failures = 0;
      }
      this.retry(reason, 'connection lost');
    });
  }

  private retry(reason: string, what: string): void {
    const delayMs = backoffDelay(
      this.failures++,
      this.options.backoff ?? DEFAULT_BACKOFF,
      this.options.random,
    );
    this.options.logger.warn(
      { reason, failures: this.failures, delayMs },
      `${this.options.name} ${what}`,
    );
    this.set({
      connected: false,
      detail: `${reason}; reconnecting in ${Math.ceil(delayMs / 1000)}s`,
    });
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      if (this.active) void this.attempt();
    }, delayMs);
  }

  private set(status: ConnectionStatus): void {
    this.current = status;
    for (const listener of [...this.listeners]) listener(status);
  }
}

/** A link and the function that ends it (the first call's reason counts). */
export interface LinkEnd {
  readonly link: Link;
  readonly end: (reason: string) => void;
}

/** A link for a connection whose end is reported by an event (a socket's `close`). */
export function linkEnd(): LinkEnd {
  let end: (reason: string) => void = () => undefined;
  const closed = new Promise<string>((resolve) => {
    end = resolve;
  });
  return { link: { closed }, end };
}

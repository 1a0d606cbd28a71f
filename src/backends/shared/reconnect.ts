/**
 * Keeping a chat connection up: connect, and after a failed attempt or a drop, try again with an
 * exponential backoff timed by the injected clock, until stopped. The state it reports is what
 * `ChatBackend.status()` (and so `/healthz`) shows. Used by the Slack and Mattermost back-ends,
 * whose connect step is one promise.
 */
import type { BackendStatus } from '../../core/backend.js';
import type { Clock, TimerHandle } from '../../core/clock.js';
import { toError } from '../../core/errors.js';
import type { Logger } from '../../log.js';
import { Backoff } from './backoff.js';
import { StatusBoard } from './status.js';

/** Options of a `Reconnector`. */
export interface ReconnectorOptions {
  /** The source of time for the backoff. */
  readonly clock: Clock;
  /** Where attempts and drops are logged. */
  readonly logger: Logger;
  /** One connection attempt: resolves once connected, rejects when it failed. */
  readonly connect: () => Promise<void>;
  /** Close whatever a failed attempt or a stop leaves open; must not reject. */
  readonly disconnect: () => Promise<void>;
  /** The first delay before trying again (default 1 s); it doubles per failure. */
  readonly minDelayMs?: number | undefined;
  /** The longest delay between attempts (default 60 s). */
  readonly maxDelayMs?: number | undefined;
}

type State = 'idle' | 'connecting' | 'connected' | 'waiting' | 'stopped';

/** Drives connection attempts and reports the connection state. */
export class Reconnector {
  private state: State = 'idle';
  private timer: TimerHandle | undefined;
  private readonly board = new StatusBoard({ connected: false, detail: 'not started' });
  private readonly backoff: Backoff;

  constructor(private readonly options: ReconnectorOptions) {
    this.backoff = new Backoff({
      initialMs: options.minDelayMs ?? 1000,
      maxMs: options.maxDelayMs ?? 60_000,
      jitter: 0,
    });
  }

  /** Make the first attempt. Resolves once connected or once a retry has been scheduled. */
  async start(): Promise<void> {
    if (this.state !== 'idle' && this.state !== 'stopped') return;
    this.backoff.reset();
    await this.attempt();
  }

  /** Report that the established connection was lost; a reconnect is scheduled. */
  dropped(reason: string): void {
    if (this.state !== 'connected') return;
    this.options.logger.warn({ reason }, 'chat connection lost');
    this.schedule(reason);
  }

  /** Stop trying and close the connection; idempotent. */
  async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    if (this.state === 'stopped') return;
    this.set('stopped', 'stopped');
    await this.options.disconnect();
  }

  /** The current state, as `ChatBackend.status()` reports it. */
  status(): BackendStatus {
    return this.board.get();
  }

  /** True once `stop` has been called (and until the next `start`). */
  get stopped(): boolean {
    return this.state === 'stopped';
  }

  /** Call `listener` on every state change; returns a function that removes it. */
  onChange(listener: (status: BackendStatus) => void): () => void {
    return this.board.onChange(listener);
  }

  /** Resolve with the first status (the current one or a later one) that satisfies `predicate`. */
  waitFor(predicate: (status: BackendStatus) => boolean): Promise<BackendStatus> {
    return this.board.waitFor(predicate);
  }

  private async attempt(): Promise<void> {
    this.set('connecting', this.backoff.attempts === 0 ? 'connecting' : 'reconnecting');
    try {
      await this.options.connect();
    } catch (error) {
      if (this.state === 'stopped') return;
      const reason = toError(error).message;
      const failures = this.backoff.attempts + 1;
      this.options.logger.warn({ reason, failures }, 'chat connection failed');
      await this.options.disconnect();
      if (this.state !== 'connecting') return;
      this.schedule(reason);
      return;
    }
    if (this.state !== 'connecting') {
      await this.options.disconnect();
      return;
    }
    this.backoff.reset();
    this.set('connected', 'connected');
    this.options.logger.info('chat connection established');
  }

  private schedule(reason: string): void {
    const delay = this.backoff.next();
    this.set('waiting', `${reason}; reconnecting in ${formatDelay(delay)}`);
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      if (this.state === 'waiting') void this.attempt();
    }, delay);
  }

  private set(state: State, detail: string): void {
    this.state = state;
    this.board.set(state === 'connected' ? { connected: true } : { connected: false, detail });
  }
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${Math.round(ms / 1000)}s`;
}

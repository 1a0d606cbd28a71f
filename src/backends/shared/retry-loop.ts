/**
 * The reconnect loop of a back-end that opens a fresh client for every attempt (IRC, XMPP): it
 * runs an attempt, and when the back-end reports the connection gone, waits a jittered backoff on
 * the injected clock and runs the next one, until stopped. The status it keeps is what
 * `ChatBackend.status()` shows; the back-end reports progress (`joining rooms`, connected).
 */
import type { BackendStatus } from '../../core/backend.js';
import type { Clock, TimerHandle } from '../../core/clock.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import { StatusBoard } from './status.js';

/** Options of a `RetryLoop`. */
export interface RetryLoopOptions {
  /** Time for the delays between attempts. */
  readonly clock: Clock;
  /** The delays between attempts. */
  readonly backoff: BackoffOptions;
  /**
   * One connection attempt. It never rejects: it reports success through `report` and
   * `succeeded`, and failure through `retry`.
   */
  readonly attempt: () => Promise<void>;
}

/** Runs connection attempts with a backoff between them and keeps the connection status. */
export class RetryLoop {
  private readonly board = new StatusBoard({ connected: false, detail: 'not started' });
  private readonly backoff: Backoff;
  private timer: TimerHandle | undefined;
  private active = false;

  constructor(private readonly options: RetryLoopOptions) {
    this.backoff = new Backoff(options.backoff);
  }

  /** True from `start` until `stop`. */
  get running(): boolean {
    return this.active;
  }

  /** Run the first attempt; resolves once it has settled (connected, or a retry scheduled). */
  async start(): Promise<void> {
    this.active = true;
    await this.run();
  }

  /** Stop: no further attempt runs, and the status says `stopped`. */
  stop(): void {
    this.active = false;
    this.timer?.cancel();
    this.timer = undefined;
    this.board.set({ connected: false, detail: 'stopped' });
  }

  /** The current status. */
  status(): BackendStatus {
    return this.board.get();
  }

  /** Resolve once the status satisfies `predicate` (at once when it already does). */
  whenStatus(predicate: (status: BackendStatus) => boolean): Promise<BackendStatus> {
    return this.board.waitFor(predicate);
  }

  /** Report progress of the current attempt (`joining channels`, or connected). */
  report(status: BackendStatus): void {
    this.board.set(status);
  }

  /** The connection is established: the next failure waits the shortest delay again. */
  succeeded(): void {
    this.backoff.reset();
  }

  /**
   * The connection failed or was lost: schedule the next attempt after the backoff delay and say
   * so in the status. Returns the delay in milliseconds, or undefined when stopped.
   */
  retry(reason: string): number | undefined {
    if (!this.active) return undefined;
    const delay = this.backoff.next();
    this.board.set({
      connected: false,
      detail: `${reason}; reconnecting in ${Math.ceil(delay / 1000)}s`,
    });
    this.timer?.cancel();
    this.timer = this.options.clock.setTimeout(() => void this.run(), delay);
    return delay;
  }

  private async run(): Promise<void> {
    if (!this.active) return;
    this.timer = undefined;
    this.board.set({ connected: false, detail: 'connecting' });
    await this.options.attempt();
  }
}

/**
 * Tracking the executions the bot started until their result is announced, so that after a
 * gap in the stream (st2 does not replay missed announcements) the bot can tell people what
 * happened instead of leaving them waiting in silence.
 */
import type { Clock } from '../core/clock.js';
import { toError } from '../core/errors.js';
import type { Logger } from '../log.js';
import { COMPLETED_STATES, type Announcement } from '../stackstorm/model.js';
import type { AnnouncementSink } from './announcement.js';
import type { St2Gateway } from './ports.js';

/** One execution waiting for its result. */
export interface TrackedExecution {
  /** stormbot's id for the request, sent in `source_context.request_id`. */
  readonly requestId: string;
  readonly executionId: string;
  /** Where the result goes, as st2 would announce it. */
  readonly channel: string;
  readonly user: string;
  readonly context: Readonly<Record<string, unknown>>;
  readonly actionRef?: string | undefined;
  readonly webUrl?: string | undefined;
  readonly startedAt: number;
}

/** Options of the tracker. */
export interface TrackerOptions {
  readonly st2: St2Gateway;
  readonly sink: AnnouncementSink;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Forget executions older than this (default 24 h): their result will never be chased. */
  readonly maxAgeMs?: number | undefined;
}

/** The tracker. */
export class ExecutionTracker {
  private readonly byRequest = new Map<string, TrackedExecution>();
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly options: TrackerOptions) {}

  /** Executions still waiting for their result. */
  get pending(): number {
    return this.byRequest.size;
  }

  /** Every tracked execution. */
  list(): TrackedExecution[] {
    return [...this.byRequest.values()];
  }

  /** Start tracking an execution. */
  track(execution: TrackedExecution): void {
    this.byRequest.set(execution.requestId, execution);
  }

  /** An announcement was posted: stop tracking the execution it belongs to. */
  settle(announcement: Announcement): void {
    const id = announcement.context?.request_id;
    if (typeof id === 'string' && this.byRequest.delete(id)) this.notifyIfIdle();
  }

  /** Resolve once no execution is pending. */
  idle(): Promise<void> {
    if (this.byRequest.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /**
   * After a gap in the stream: ask st2 about every tracked execution and post a short status line
   * (with the web URL) for those that finished meanwhile. Returns how many were recovered.
   */
  async recover(): Promise<number> {
    const { st2, sink, clock, logger } = this.options;
    const maxAge = this.options.maxAgeMs ?? 24 * 3_600_000;
    let recovered = 0;
    for (const tracked of this.list()) {
      if (clock.now() - tracked.startedAt > maxAge) {
        this.byRequest.delete(tracked.requestId);
        logger.warn({ execution: tracked.executionId }, 'stopped tracking an old execution');
        continue;
      }
      try {
        const execution = await st2.getExecution(tracked.executionId);
        const status = execution.status;
        if (!COMPLETED_STATES.has(status)) continue;
        // The announcement may have arrived while we were asking.
        if (!this.byRequest.has(tracked.requestId)) continue;
        this.byRequest.delete(tracked.requestId);
        const url = execution.web_url ?? tracked.webUrl;
        const ref = execution.action?.ref ?? tracked.actionRef ?? 'the action';
        await sink.deliver(
          {
            channel: tracked.channel,
            user: tracked.user,
            message:
              `Execution ${tracked.executionId} (${ref}) ${status} while I was disconnected from ` +
              `StackStorm, so I missed its result.${url ? ` Details: ${url}` : ''}`,
            context: { ...tracked.context, status },
          },
          'recovery',
        );
        recovered++;
      } catch (error) {
        logger.warn(
          { err: toError(error), execution: tracked.executionId },
          'could not check an execution after a stream gap',
        );
      }
    }
    this.notifyIfIdle();
    return recovered;
  }

  private notifyIfIdle(): void {
    if (this.byRequest.size > 0) return;
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}

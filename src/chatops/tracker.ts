/**
 * Tracking the executions the bot started until their result is announced, so that people are
 * never left waiting in silence: after a gap in the stream (st2 does not replay missed
 * announcements) the bot tells them what happened, and when an execution ends and StackStorm
 * announces nothing (its chatops workflow failed, e.g. on a `result.format` that does not render:
 * docs/reference/st2-api.md §6) the execution is handed to `onSilent`.
 */
import type { Clock, TimerHandle } from '../core/clock.js';
import { toError } from '../core/errors.js';
import { backoffDelay } from '../lib/backoff.js';
import type { Logger } from '../log.js';
import { COMPLETED_STATES, type Announcement } from '../stackstorm/model.js';
import type { AnnouncementSink } from './announcement.js';
import type { St2Gateway } from './ports.js';

/** One execution waiting for its result. */
export interface TrackedExecution {
  /** stormbot's id for the request, sent in `source_context.request_id`. */
  readonly requestId: string;
  readonly executionId: string;
  /** `<pack>.<name>` of the alias that started it. */
  readonly alias: string;
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
  /** An execution ended and no announcement for it came within `SILENCE_MS` (it is forgotten). */
  readonly onSilent?: ((tracked: TrackedExecution) => void) | undefined;
}

/** The most executions tracked at once; past it the oldest is forgotten (and logged). */
export const MAX_TRACKED = 10_000;
/** How often the tracker looks at its executions. */
export const SWEEP_MS = 15_000;
/** How long after the tracker saw an execution end its announcement may take to arrive. */
export const SILENCE_MS = 30_000;
/** When to ask st2 about a running execution: 15 s after it started, doubling to 5 min. */
const CHECKS = { initialMs: SWEEP_MS, maxMs: 300_000, jitter: 0 };

interface Entry {
  readonly tracked: TrackedExecution;
  /** When to look at it next. */
  dueAt: number;
  checks: number;
  /** When the tracker saw it completed. */
  endedAt?: number;
  /** An announcement for it arrived (queued or posted): stop chasing it. */
  announced?: boolean;
}

/** The tracker. */
export class ExecutionTracker {
  private readonly byRequest = new Map<string, Entry>();
  private readonly waiters: (() => void)[] = [];
  private timer: TimerHandle | undefined;
  /** Until the stream is (back) up, a missing announcement proves nothing. */
  private streamDown = true;
  private stopped = false;

  constructor(private readonly options: TrackerOptions) {}

  /** Executions still waiting for their result. */
  get pending(): number {
    return this.byRequest.size;
  }

  /** Every tracked execution. */
  list(): TrackedExecution[] {
    return [...this.byRequest.values()].map((e) => e.tracked);
  }

  /** Start tracking an execution. */
  track(execution: TrackedExecution): void {
    const dueAt = execution.startedAt + SWEEP_MS;
    this.byRequest.set(execution.requestId, { tracked: execution, dueAt, checks: 0 });
    for (const [id, { tracked }] of this.byRequest) {
      if (this.byRequest.size <= MAX_TRACKED) break;
      this.byRequest.delete(id);
      this.options.logger.warn(
        { alias: tracked.alias, execution: tracked.executionId },
        'too many executions awaiting their result; stopped tracking the oldest',
      );
    }
    this.schedule();
  }

  /** The tracked execution an announcement belongs to. */
  find(announcement: Announcement): TrackedExecution | undefined {
    return this.entry(announcement)?.tracked;
  }

  /** Log fields naming the alias and execution an announcement belongs to (empty when unknown). */
  describe(announcement: Announcement): { alias?: string; execution?: string } {
    const tracked = this.find(announcement);
    const execution = tracked?.executionId ?? announcement.executionId;
    return {
      ...(tracked ? { alias: tracked.alias } : {}),
      ...(execution ? { execution } : {}),
    };
  }

  /** An announcement arrived for delivery: its execution is not silent. */
  announced(announcement: Announcement): void {
    const entry = this.entry(announcement);
    if (entry) entry.announced = true;
  }

  /** An announcement was posted (or given up): stop tracking the execution it belongs to. */
  settle(announcement: Announcement): void {
    const id = announcement.context?.request_id;
    if (typeof id === 'string' && this.byRequest.delete(id)) this.notifyIfIdle();
  }

  /** The stream dropped: announcements are lost until `recover` ran after it is back. */
  pause(): void {
    this.streamDown = true;
  }

  /** Stop looking at executions. */
  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
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
    const { st2, sink, logger } = this.options;
    let recovered = 0;
    for (const tracked of this.list()) {
      if (this.expired(tracked)) continue;
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
            executionId: tracked.executionId,
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
    this.streamDown = false;
    this.notifyIfIdle();
    return recovered;
  }

  /** Forget an execution older than `maxAgeMs`; true when it was. */
  private expired(tracked: TrackedExecution): boolean {
    const maxAge = this.options.maxAgeMs ?? 24 * 3_600_000;
    if (this.options.clock.now() - tracked.startedAt <= maxAge) return false;
    this.byRequest.delete(tracked.requestId);
    this.options.logger.warn(
      { alias: tracked.alias, execution: tracked.executionId },
      'stopped tracking an old execution',
    );
    return true;
  }

  private entry(announcement: Announcement): Entry | undefined {
    const id = announcement.context?.request_id;
    return typeof id === 'string' ? this.byRequest.get(id) : undefined;
  }

  private schedule(): void {
    if (this.timer || this.stopped || this.byRequest.size === 0) return;
    this.timer = this.options.clock.setTimeout(() => {
      void this.sweep().finally(() => {
        this.timer = undefined;
        this.schedule();
      });
    }, SWEEP_MS);
  }

  /**
   * Ask st2 about the executions that are due; one that ended `SILENCE_MS` ago with no
   * announcement is handed to `onSilent` and forgotten.
   */
  private async sweep(): Promise<void> {
    const { st2, clock, logger } = this.options;
    if (this.streamDown) return;
    for (const entry of [...this.byRequest.values()]) {
      const { tracked } = entry;
      if (entry.announced || clock.now() < entry.dueAt || this.expired(tracked)) continue;
      if (entry.endedAt !== undefined) {
        this.byRequest.delete(tracked.requestId);
        this.options.onSilent?.(tracked);
        continue;
      }
      try {
        const execution = await st2.getExecution(tracked.executionId);
        if (COMPLETED_STATES.has(execution.status)) {
          entry.endedAt = clock.now();
          entry.dueAt = entry.endedAt + SILENCE_MS;
          continue;
        }
      } catch (error) {
        logger.warn(
          { err: toError(error), alias: tracked.alias, execution: tracked.executionId },
          'could not check on an execution',
        );
      }
      entry.dueAt = clock.now() + backoffDelay(++entry.checks, CHECKS);
    }
    this.notifyIfIdle();
  }

  private notifyIfIdle(): void {
    if (this.byRequest.size > 0) return;
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}

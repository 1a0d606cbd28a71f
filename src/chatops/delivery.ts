/**
 * The delivery queue: posts announcements to chat, in order, retrying while the chat is down.
 *
 * Nothing is dropped silently: an announcement that cannot be mapped to a place, that the chat
 * keeps refusing, or that is pushed out of a full queue, is logged (naming what it belongs to),
 * counted and handed to `onDropped` with a plain reason.
 */
import { createHash } from 'node:crypto';
import type { Bot } from '../core/bot.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import { toError } from '../core/errors.js';
import { backoffDelay } from '../lib/backoff.js';
import type { Logger } from '../log.js';
import type { Announcement } from '../stackstorm/model.js';
import type { AnnouncementSink, AnnouncementSource } from './announcement.js';
import { announcementTarget, renderAnnouncement } from './render.js';

/** Options of the delivery queue. */
export interface DeliveryOptions {
  readonly bot: Bot;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Most announcements waiting at once; past it the oldest is dropped (logged, counted). */
  readonly queueSize: number;
  /**
   * Attempts per announcement before it is dropped; 0 retries while the chat is unreachable
   * until the queue overflows, and gives up after `REFUSALS` refusals by a connected chat.
   */
  readonly maxAttempts: number;
  /** First retry delay; doubles per attempt up to `retryMaxMs`, jittered (`lib/backoff`). */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** Numbers in [0, 1) for the jitter (default `Math.random`). */
  readonly random?: (() => number) | undefined;
  /** Log fields naming what an announcement belongs to (alias, execution). */
  readonly describe?: ((a: Announcement) => Readonly<Record<string, unknown>>) | undefined;
  /** Called when an announcement is accepted for delivery (tracking). */
  readonly onQueued?: ((a: Announcement) => void) | undefined;
  /** Called after an announcement was posted (tracking, metrics). */
  readonly onDelivered?: ((a: Announcement, source: AnnouncementSource) => void) | undefined;
  /** Called when an announcement is given up (overflow, unmappable, attempts exhausted). */
  readonly onDropped?: ((a: Announcement, reason: string) => void) | undefined;
  /** Called whenever the number of waiting announcements changes (metrics). */
  readonly onSize?: ((size: number) => void) | undefined;
}

/** Counters of the queue, for metrics and health. */
export interface DeliveryCounters {
  delivered: number;
  dropped: number;
  retries: number;
  duplicates: number;
}

interface Item {
  readonly announcement: Announcement;
  readonly source: AnnouncementSource;
  attempts: number;
  /** Failed attempts while the chat said it was connected. */
  refusals: number;
}

/** Refusals by a connected chat after which an announcement is given up (`maxAttempts` 0). */
export const REFUSALS = 5;

const DEDUPE_WINDOW_MS = 10 * 60_000;

/** The queue. */
export class DeliveryQueue implements AnnouncementSink {
  readonly counters: DeliveryCounters = { delivered: 0, dropped: 0, retries: 0, duplicates: 0 };
  private readonly items: Item[] = [];
  private readonly seen = new Map<string, number>();
  private running = false;
  private timer: TimerHandle | undefined;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: DeliveryOptions) {}

  /** Announcements waiting to be posted. */
  get size(): number {
    return this.items.length;
  }

  deliver(announcement: Announcement, source: AnnouncementSource): Promise<void> {
    const key = dedupeKey(announcement);
    if (key) {
      const now = this.options.clock.now();
      for (const [k, at] of this.seen) if (now - at > DEDUPE_WINDOW_MS) this.seen.delete(k);
      if (this.seen.has(key)) {
        this.counters.duplicates++;
        this.options.logger.info({ source }, 'duplicate announcement ignored');
        return Promise.resolve();
      }
      this.seen.set(key, now);
    }
    if (isBlank(announcement.message)) {
      this.drop(
        announcement,
        "its text is empty: the alias's result format rendered nothing for this execution",
      );
      return Promise.resolve();
    }
    if (this.items.length >= this.options.queueSize) {
      const oldest = this.items.shift();
      if (oldest) this.drop(oldest.announcement, 'the delivery queue was full');
    }
    this.items.push({ announcement, source, attempts: 0, refusals: 0 });
    this.options.onQueued?.(announcement);
    this.options.onSize?.(this.items.length);
    void this.pump();
    return Promise.resolve();
  }

  /** Resolve once the queue is empty (everything posted or dropped). */
  idle(): Promise<void> {
    if (this.items.length === 0 && !this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stop retrying; what is still queued is logged as undelivered. */
  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    for (const item of this.items.splice(0)) this.drop(item.announcement, 'the bot is stopping');
  }

  /** Read through a method: `stop()` may flip it while `pump` awaits. */
  private get halted(): boolean {
    return this.stopped;
  }

  private async pump(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      for (
        let item = this.items.at(0);
        item !== undefined && !this.halted;
        item = this.items.at(0)
      ) {
        const ok = await this.attempt(item);
        if (!ok) {
          this.scheduleRetry(item);
          return;
        }
        this.items.shift();
        this.options.onSize?.(this.items.length);
      }
    } finally {
      this.running = false;
    }
    if (this.items.length === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  /** Post one item; false when it should be retried later. */
  private async attempt(item: Item): Promise<boolean> {
    const { bot, logger } = this.options;
    const a = item.announcement;
    item.attempts++;
    try {
      const target = await announcementTarget(a, bot.backend);
      if (!target) {
        this.drop(a, `no place on ${bot.backend.name} matches channel "${a.channel}"`);
        return true;
      }
      const mention =
        a.user && !(target.kind === 'direct')
          ? await bot.backend.identity.principalFor(a.user)
          : undefined;
      await bot.send(target, renderAnnouncement(a, mention));
      this.counters.delivered++;
      this.options.onDelivered?.(a, item.source);
      return true;
    } catch (error) {
      const { maxAttempts } = this.options;
      const refused = bot.backend.status().connected;
      if (refused) item.refusals++;
      logger.warn(
        { err: toError(error), attempt: item.attempts, channel: a.channel, ...this.describe(a) },
        'could not post an announcement',
      );
      if (maxAttempts > 0 && item.attempts >= maxAttempts) {
        this.drop(
          a,
          refused
            ? `the chat refused it ${item.attempts} times`
            : `the chat was unreachable for ${item.attempts} attempts`,
        );
        return true;
      }
      if (maxAttempts === 0 && item.refusals >= REFUSALS) {
        this.drop(a, `the chat refused it ${item.refusals} times`);
        return true;
      }
      return false;
    }
  }

  private scheduleRetry(item: Item): void {
    const { retryBaseMs, retryMaxMs, clock, random } = this.options;
    const schedule = { initialMs: retryBaseMs, maxMs: retryMaxMs };
    const delay = backoffDelay(item.attempts - 1, schedule, random);
    this.counters.retries++;
    this.timer = clock.setTimeout(() => {
      this.timer = undefined;
      void this.pump();
    }, delay);
  }

  private drop(a: Announcement, reason: string): void {
    this.counters.dropped++;
    this.options.logger.error(
      { channel: a.channel, user: a.user, reason, ...this.describe(a) },
      'announcement dropped',
    );
    this.options.onDropped?.(a, reason);
  }

  private describe(a: Announcement): Readonly<Record<string, unknown>> {
    return this.options.describe?.(a) ?? {};
  }
}

/** A key that identifies the same announcement arriving twice (stream and webhook). */
function dedupeKey(a: Announcement): string | undefined {
  const request = a.context?.request_id;
  if (typeof request !== 'string') return undefined;
  return createHash('sha256')
    .update(JSON.stringify([request, a.channel, a.user ?? '', a.message]))
    .digest('base64url');
}

/** True when an announcement has nothing to post: no text in either `{~}` half. */
function isBlank(message: string): boolean {
  return message.replace('{~}', '').trim().length === 0;
}

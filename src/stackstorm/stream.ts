/**
 * The st2 event stream consumer: one SSE connection to `{stream_url}/stream` with an explicit
 * `events=` filter, fresh credentials at every connect, a read timeout derived from st2's 25 s
 * heartbeat, and jittered exponential reconnects. It emits announcements and alias changes, and
 * tells when it (dis)connects so the chatops layer can recover what finished during a gap.
 */
import { EventEmitter } from 'node:events';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { z } from 'zod';
import type { Clock, TimerHandle } from '../core/clock.js';
import type { Logger } from '../log.js';
import { DEFAULT_BACKOFF, type BackoffSchedule } from '../lib/backoff.js';
import { Connection, type Attempt, type Link } from '../lib/connection.js';
import type { St2Client } from './client.js';
import { St2Error, St2TimeoutError, St2UnreachableError } from './errors.js';
import { parseAnnouncement, type ActionAlias, type Announcement } from './model.js';

/** st2 sends a heartbeat after 25 s without events; two missed ones and some slack → dead. */
export const DEFAULT_READ_TIMEOUT_MS = 60_000;

/** What changed about an alias. */
export type St2AliasChange = 'create' | 'update' | 'delete';

/** Settings of the stream consumer. */
export interface St2StreamOptions {
  /** The client whose credentials, TLS settings and stream URL are used. */
  client: St2Client;
  /** Announcement routes to listen to (`st2.announcement__<route>`), e.g. `['chatops']`. */
  routes: readonly string[];
  logger: Logger;
  /** Also ask for `st2.actionalias__create|update|delete` (default true). */
  aliasEvents?: boolean | undefined;
  /** Defaults to the client's clock. */
  clock?: Clock | undefined;
  /** Source of jitter, [0, 1) (default Math.random). */
  random?: (() => number) | undefined;
  /** No byte for this long → the connection is considered dead (default 60 s). */
  readTimeoutMs?: number | undefined;
  /** Deadline for st2 to answer a connect (default: the client's call deadline). */
  connectTimeoutMs?: number | undefined;
  /** Reconnect schedule (default 1 s doubling to 60 s, half jitter). */
  backoff?: Partial<BackoffSchedule> | undefined;
  /** A connection that lasted this long resets the backoff (default 30 s). */
  stableAfterMs?: number | undefined;
}

/** What can be observed of the consumer at any time. */
export interface St2StreamState {
  /** A stream is open and st2 answered 200. */
  connected: boolean;
  /** When the current connection opened (ms since the epoch). */
  connectedAt: number | undefined;
  /** When the last event (not heartbeat) arrived. */
  lastEventAt: number | undefined;
  /** When the last byte (heartbeats included) arrived. */
  lastDataAt: number | undefined;
  /** Reconnect attempts since start. */
  reconnects: number;
  /** Why the last connection ended or the last attempt failed. */
  lastError: Error | undefined;
  /** Events skipped because their body was malformed. */
  malformed: number;
}

/** Information about a connection that ended. */
export interface St2DisconnectInfo {
  /** Why it ended; undefined when `stop()` ended it. */
  error: Error | undefined;
  /** How long it had been open. */
  connectedForMs: number;
  /** True when `stop()` ended it. */
  stopped: boolean;
}

/** Events of the consumer. Listener errors are logged and never break the stream. */
export interface St2StreamEvents {
  /** An `st2.announcement__<route>` event with a valid payload. */
  announcement: [route: string, announcement: Announcement];
  /** An `st2.actionalias__<change>` event with the alias (as it was, for `delete`). */
  alias: [change: St2AliasChange, alias: ActionAlias];
  /** A stream opened (first connect or reconnect). */
  connected: [];
  /** An open stream ended; events may have been missed until the next `connected`. */
  disconnected: [info: St2DisconnectInfo];
}

const aliasSchema = z.looseObject({
  name: z.string().min(1),
  pack: z.string().min(1),
  action_ref: z.string().default(''),
  formats: z.array(z.unknown()).default([]),
});

const ANNOUNCEMENT_PREFIX = 'st2.announcement__';
const ALIAS_PREFIX = 'st2.actionalias__';
const ALIAS_CHANGES: readonly St2AliasChange[] = ['create', 'update', 'delete'];

/**
 * The `events=` filter for these routes (and alias changes). Routes are validated by the
 * configuration (no `,`, `*`, `?`, `[` or `]`).
 */
function streamEventFilter(routes: readonly string[], aliasEvents = true): string[] {
  const names = routes.map((route) => ANNOUNCEMENT_PREFIX + route);
  if (aliasEvents) names.push(...ALIAS_CHANGES.map((c) => ALIAS_PREFIX + c));
  return [...new Set(names)];
}

/** See the module comment. */
export class St2Stream extends EventEmitter<St2StreamEvents> {
  private readonly client: St2Client;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly readTimeoutMs: number;
  private readonly connectTimeoutMs: number | undefined;
  private readonly events: string;
  private readonly connection: Connection;
  private stopped = false;
  /** Settles once the current attempt (and its connection, if it opened) has ended. */
  private ending: Promise<unknown> = Promise.resolve();
  private readonly current: Omit<St2StreamState, 'reconnects'> = {
    connected: false,
    connectedAt: undefined,
    lastEventAt: undefined,
    lastDataAt: undefined,
    lastError: undefined,
    malformed: 0,
  };

  constructor(options: St2StreamOptions) {
    super();
    this.client = options.client;
    this.logger = options.logger;
    this.clock = options.clock ?? options.client.clock;
    this.readTimeoutMs = options.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
    this.connectTimeoutMs = options.connectTimeoutMs;
    this.events = streamEventFilter(options.routes, options.aliasEvents ?? true).join(',');
    this.connection = new Connection({
      name: 'st2 stream',
      clock: this.clock,
      logger: this.logger,
      backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
      random: options.random,
      stableAfterMs: options.stableAfterMs ?? 30_000,
      connect: (attempt) => {
        const opened = this.connectOnce(attempt);
        this.ending = opened.then(
          (link) => link.closed,
          () => undefined,
        );
        return opened;
      },
    });
  }

  /** A snapshot of the consumer's state. */
  get state(): Readonly<St2StreamState> {
    return { ...this.current, reconnects: this.connection.retries };
  }

  /** The `events=` filter sent to st2. */
  get eventFilter(): string {
    return this.events;
  }

  /**
   * Connect, and keep reconnecting until `stop()`. Calling it twice does nothing; a stopped
   * consumer does not start again (make a new one).
   */
  start(): void {
    if (this.connection.running || this.stopped) return;
    void this.connection.start();
  }

  /** Close the stream and stop reconnecting; resolves when everything has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.connection.stop();
    await this.ending;
  }

  private isStopped(): boolean {
    return this.stopped;
  }

  /** One connection attempt: resolves once st2 answered; the link closes when the stream ends. */
  private async connectOnce(attempt: Attempt): Promise<Link> {
    const controller = new AbortController();
    const abort = (): void => {
      controller.abort(new Error('stream stopped'));
    };
    attempt.signal.addEventListener('abort', abort, { once: true });
    let body: ReadableStream<Uint8Array> | null;
    try {
      const opened = await this.client.openStream(
        { events: this.events },
        { signal: controller.signal, timeoutMs: this.connectTimeoutMs },
      );
      body = opened.response.body;
      if (!body) throw new St2UnreachableError('unreachable', 'st2 stream answered without a body');
    } catch (err) {
      attempt.signal.removeEventListener('abort', abort);
      controller.abort(new Error('stream closed'));
      throw this.failure(err, false) ?? err;
    }
    const connectedAt = this.clock.now();
    Object.assign(this.current, { connected: true, connectedAt });
    this.logger.info({ events: this.events }, 'connected to the st2 stream');
    this.safeEmit('connected');
    const closed = this.read(body, controller, connectedAt).finally(() => {
      attempt.signal.removeEventListener('abort', abort);
    });
    return { closed };
  }

  /** Read an open stream until it ends; resolves with why it ended. */
  private async read(
    body: ReadableStream<Uint8Array>,
    controller: AbortController,
    connectedAt: number,
  ): Promise<string> {
    let timer: TimerHandle | undefined;
    const read = { timedOut: false };
    let error: Error | undefined;
    const arm = (): void => {
      timer?.cancel();
      timer = this.clock.setTimeout(() => {
        read.timedOut = true;
        controller.abort(new Error('read timeout'));
      }, this.readTimeoutMs);
    };
    try {
      arm();
      const parser = createParser({
        onEvent: (event) => {
          this.dispatch(event);
        },
        onError: (err) => {
          this.current.malformed++;
          this.logger.warn({ err: err.message }, 'malformed st2 stream line skipped');
        },
      });
      const decoder = new TextDecoder();
      for await (const chunk of body as AsyncIterable<Uint8Array>) {
        arm();
        this.current.lastDataAt = this.clock.now();
        parser.feed(decoder.decode(chunk, { stream: true }));
        if (this.isStopped()) break;
      }
      if (!this.isStopped()) {
        error = new St2UnreachableError('unreachable', 'StackStorm closed the event stream');
        this.current.lastError = error;
      }
    } catch (err) {
      error = this.failure(err, read.timedOut);
    } finally {
      timer?.cancel();
      if (!controller.signal.aborted) controller.abort(new Error('stream closed'));
    }
    const connectedForMs = this.clock.now() - connectedAt;
    this.current.connected = false;
    this.current.connectedAt = undefined;
    this.safeEmit('disconnected', { error, connectedForMs, stopped: this.isStopped() });
    return error?.message ?? 'stopped';
  }

  /** Why a connection failed or ended, kept as `lastError`; undefined when `stop()` ended it. */
  private failure(err: unknown, timedOut: boolean): Error | undefined {
    let error: Error | undefined;
    if (timedOut) {
      error = new St2TimeoutError(
        `no data on the st2 event stream for ${this.readTimeoutMs} ms (st2 sends a heartbeat every 25 s)`,
        { cause: err },
      );
    } else if (!this.isStopped()) {
      error =
        err instanceof St2Error
          ? err
          : new St2UnreachableError('unreachable', `st2 event stream failed: ${String(err)}`, {
              cause: err,
            });
    }
    if (error) this.current.lastError = error;
    return error;
  }

  private dispatch(event: EventSourceMessage): void {
    const name = event.event;
    if (name === undefined) {
      this.logger.debug('st2 stream message without an event name skipped');
      return;
    }
    this.current.lastEventAt = this.clock.now();
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      this.skip(name, 'data is not JSON');
      return;
    }
    if (name.startsWith(ANNOUNCEMENT_PREFIX)) {
      const route = name.slice(ANNOUNCEMENT_PREFIX.length);
      const payload = isObject(data) ? data.payload : undefined;
      const parsed = parseAnnouncement(payload);
      if (!parsed.ok) {
        this.skip(name, parsed.error);
        return;
      }
      this.safeEmit('announcement', route, parsed.announcement);
      return;
    }
    if (name.startsWith(ALIAS_PREFIX)) {
      const change = name.slice(ALIAS_PREFIX.length) as St2AliasChange;
      if (!ALIAS_CHANGES.includes(change)) {
        this.logger.debug({ event: name }, 'st2 alias event ignored');
        return;
      }
      const parsed = aliasSchema.safeParse(data);
      if (!parsed.success) {
        this.skip(name, z.prettifyError(parsed.error));
        return;
      }
      this.safeEmit('alias', change, parsed.data as ActionAlias);
      return;
    }
    this.logger.debug({ event: name }, 'st2 stream event ignored');
  }

  private skip(event: string, reason: string): void {
    this.current.malformed++;
    this.logger.warn({ event, reason }, 'malformed st2 stream event skipped');
  }

  private safeEmit<K extends keyof St2StreamEvents>(name: K, ...args: St2StreamEvents[K]): void {
    try {
      (this.emit as (n: K, ...a: St2StreamEvents[K]) => boolean)(name, ...args);
    } catch (err) {
      this.logger.error({ err, event: name }, 'st2 stream listener failed');
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

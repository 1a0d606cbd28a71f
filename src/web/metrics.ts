/**
 * The Prometheus metrics stormbot exposes on `GET /metrics`. Every part of the bot receives the
 * typed handles from `createMetrics()` and counts; the web server only renders the registry.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** Options of `createMetrics`. */
export interface MetricsOptions {
  /** Also export Node.js process metrics (CPU, memory, event loop); default true. */
  readonly processMetrics?: boolean | undefined;
  /** Prefix of every metric name; default `stormbot_`. */
  readonly prefix?: string | undefined;
}

/** The registry plus one typed handle per metric. */
export interface StormbotMetrics {
  /** Rendered by `GET /metrics`. */
  readonly registry: Registry;
  /** Chat commands handled, by `result` (`ok`, `denied`, `error`, `failed`…). */
  readonly commands: Counter<'result'>;
  /** Alias executions requested from StackStorm, by `result` (`started`, `refused`, `failed`…). */
  readonly executions: Counter<'result'>;
  /** Announcements posted to chat, by `source` (`stream`, `webhook`, `recovery`). */
  readonly announcementsDelivered: Counter<'source'>;
  /** Announcements given up on (queue overflow, permanent failure). */
  readonly announcementsDropped: Counter;
  /** Reconnections of the StackStorm event stream. */
  readonly streamReconnects: Counter;
  /** Errors, by `kind` (`st2`, `backend`, `store`, `webhook`, `unexpected`…). */
  readonly errors: Counter<'kind'>;
  /** 1 while the StackStorm event stream is connected, else 0. */
  readonly streamConnected: Gauge;
  /** Announcements waiting in the delivery queue. */
  readonly deliveryQueueSize: Gauge;
}

/** Create a fresh registry with stormbot's metrics (a new one per call, so tests never clash). */
export function createMetrics(options: MetricsOptions = {}): StormbotMetrics {
  const registry = new Registry();
  const p = options.prefix ?? 'stormbot_';
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: p });
  const registers = [registry];
  return {
    registry,
    commands: new Counter({
      name: `${p}commands_total`,
      help: 'Chat commands handled, by result.',
      labelNames: ['result'],
      registers,
    }),
    executions: new Counter({
      name: `${p}executions_total`,
      help: 'Action-alias executions requested from StackStorm, by result.',
      labelNames: ['result'],
      registers,
    }),
    announcementsDelivered: new Counter({
      name: `${p}announcements_delivered_total`,
      help: 'Announcements posted to chat, by source.',
      labelNames: ['source'],
      registers,
    }),
    announcementsDropped: new Counter({
      name: `${p}announcements_dropped_total`,
      help: 'Announcements that could not be delivered and were given up on.',
      registers,
    }),
    streamReconnects: new Counter({
      name: `${p}stream_reconnects_total`,
      help: 'Reconnections of the StackStorm event stream.',
      registers,
    }),
    errors: new Counter({
      name: `${p}errors_total`,
      help: 'Errors, by kind.',
      labelNames: ['kind'],
      registers,
    }),
    streamConnected: new Gauge({
      name: `${p}stream_connected`,
      help: '1 while the StackStorm event stream is connected, else 0.',
      registers,
    }),
    deliveryQueueSize: new Gauge({
      name: `${p}delivery_queue_size`,
      help: 'Announcements waiting in the delivery queue.',
      registers,
    }),
  };
}

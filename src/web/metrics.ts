/**
 * The Prometheus side of the metrics port (`src/core/metrics.ts`): every part of the bot counts
 * through `Metrics`; the web server renders the registry on `GET /metrics`.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { CounterName, GaugeName, Metrics } from '../core/metrics.js';

/** Options of `createMetrics`. */
export interface MetricsOptions {
  /** Also export Node.js process metrics (CPU, memory, event loop); default true. */
  readonly processMetrics?: boolean | undefined;
}

/** The metrics port over a Prometheus registry. */
export interface StormbotMetrics extends Metrics {
  /** Rendered by `GET /metrics`. */
  readonly registry: Registry;
}

/** Each counter's exported name (after the prefix), help, and label when it has one. */
const COUNTERS: Record<CounterName, [string, string, string?]> = {
  commands: ['commands_total', 'Chat commands handled, by result.', 'result'],
  executions: [
    'executions_total',
    'Action-alias executions requested from StackStorm, by result.',
    'result',
  ],
  announcementsDelivered: [
    'announcements_delivered_total',
    'Announcements posted to chat, by source.',
    'source',
  ],
  announcementsDropped: [
    'announcements_dropped_total',
    'Announcements that could not be delivered and were given up on.',
  ],
  streamReconnects: ['stream_reconnects_total', 'Reconnections of the StackStorm event stream.'],
  errors: ['errors_total', 'Errors, by kind.', 'kind'],
};

/** Each gauge's exported name (after the prefix) and help. */
const GAUGES: Record<GaugeName, [string, string]> = {
  streamConnected: [
    'stream_connected',
    '1 while the StackStorm event stream is connected, else 0.',
  ],
  deliveryQueueSize: ['delivery_queue_size', 'Announcements waiting in the delivery queue.'],
};

/** Create a fresh registry with stormbot's metrics (a new one per call, so tests never clash). */
export function createMetrics(options: MetricsOptions = {}): StormbotMetrics {
  const registry = new Registry();
  const p = 'stormbot_';
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: p });
  const registers = [registry];
  const counters = new Map<CounterName, { counter: Counter; label?: string }>();
  for (const [key, [name, help, label]] of Object.entries(COUNTERS)) {
    const labelNames = label ? [label] : [];
    const counter = new Counter({ name: `${p}${name}`, help, labelNames, registers });
    counters.set(key as CounterName, { counter, label });
  }
  const gauges = new Map<GaugeName, Gauge>();
  for (const [key, [name, help]] of Object.entries(GAUGES)) {
    gauges.set(key as GaugeName, new Gauge({ name: `${p}${name}`, help, registers }));
  }
  return {
    registry,
    count(name, value) {
      const c = counters.get(name);
      if (c?.label && value !== undefined) c.counter.inc({ [c.label]: value });
      else c?.counter.inc();
    },
    set(name, value) {
      gauges.get(name)?.set(value);
    },
  };
}

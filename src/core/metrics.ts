/**
 * The metrics port: every part of the bot counts through it, and `src/web/metrics.ts` renders the
 * counts on `GET /metrics`.
 */

/**
 * The counters, each split by at most one label: `commands` by `result` (`ok`, `denied` by the
 * ACL, `error` known, `failed` unexpectedly, `unknown` command), `executions` by `result`
 * (`started`), `announcementsDelivered` by `source`, `errors` by `kind` (`st2`, `webhook`…);
 * `announcementsDropped` and `streamReconnects` have none.
 */
export type CounterName =
  | 'commands'
  | 'executions'
  | 'announcementsDelivered'
  | 'announcementsDropped'
  | 'streamReconnects'
  | 'errors';

/** The gauges: `streamConnected` (1 or 0) and `deliveryQueueSize`. */
export type GaugeName = 'streamConnected' | 'deliveryQueueSize';

/** Where counts go. */
export interface Metrics {
  /** Count one event; `label` is the value of the counter's label, when it has one. */
  count(counter: CounterName, label?: string): void;
  /** Set a gauge. */
  set(gauge: GaugeName, value: number): void;
}

/** Metrics nobody reads: the web server, which renders them on `/metrics`, is off. */
export const uncounted: Metrics = {
  count() {},
  set() {},
};

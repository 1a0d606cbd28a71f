/**
 * A web server for route tests: a recording announcement sink, fresh metrics, captured logs and
 * a ManualClock. Closed by the caller (`after(() => s.server.close())`).
 */
import type { AnnouncementSink, AnnouncementSource } from '../../../src/chatops/announcement.js';
import type { Announcement } from '../../../src/stackstorm/model.js';
import { ManualClock } from '../../support/clock.js';
import { createMetrics, type StormbotMetrics } from '../../../src/web/metrics.js';
import { createWebServer, type WebServer, type WebServerOptions } from '../../../src/web/server.js';
import type { HealthReport } from '../../../src/web/health.js';
import { capturingLogger, type CapturedLogger } from '../../support/logs.js';

/** Shared webhook secrets of the tests. */
export const WEBHOOK_TOKEN = 'webhook-token-5f1c9a7e2b';
export const WEBHOOK_HMAC = 'hmac-secret-0b8d4e6a19';

/** Records what the webhooks deliver; `fail` makes `deliver` reject. */
export class RecordingSink implements AnnouncementSink {
  readonly delivered: { announcement: Announcement; source: AnnouncementSource }[] = [];
  fail: Error | undefined;

  deliver(announcement: Announcement, source: AnnouncementSource): Promise<void> {
    if (this.fail) return Promise.reject(this.fail);
    this.delivered.push({ announcement, source });
    return Promise.resolve();
  }
}

/** A server plus what tests look at. */
export interface ServerHarness {
  readonly server: WebServer;
  readonly sink: RecordingSink;
  readonly metrics: StormbotMetrics;
  readonly logs: CapturedLogger;
  readonly clock: ManualClock;
  /** What `/healthz` reports; tests replace it. */
  health: () => Promise<HealthReport>;
}

/** Build a server with webhooks on (token and HMAC) at base URL `http://bot.test/`. */
export async function makeServer(
  overrides: Partial<Omit<WebServerOptions, 'clock'>> & { clock?: ManualClock } = {},
): Promise<ServerHarness> {
  const clock = overrides.clock ?? new ManualClock(Date.UTC(2026, 0, 1));
  const sink = new RecordingSink();
  const metrics = createMetrics({ processMetrics: false });
  const logs = capturingLogger();
  let health: () => Promise<HealthReport> = () =>
    Promise.resolve({
      checks: { stream: { ok: true }, stackstorm: { ok: true }, backend: { ok: true } },
    });
  const server = await createWebServer({
    host: '127.0.0.1',
    port: 0,
    baseUrl: 'http://bot.test/',
    logger: logs.logger,
    sink,
    webhook: { token: WEBHOOK_TOKEN, hmacSecret: WEBHOOK_HMAC },
    health: () => health(),
    metrics,
    ...overrides,
    clock,
  });
  return {
    server,
    sink,
    metrics,
    logs,
    clock,
    get health() {
      return health;
    },
    set health(fn) {
      health = fn;
    },
  };
}

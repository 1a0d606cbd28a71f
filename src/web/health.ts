/**
 * `GET /healthz`: whether the bot can do its job (stream connected, StackStorm reachable, chat
 * back-end connected). 200 when every check passes, 503 otherwise, JSON either way.
 */
import type { FastifyInstance } from 'fastify';
import { toError } from '../core/errors.js';
import type { Logger } from '../log.js';

/** One check of the health report. */
export interface HealthCheck {
  readonly ok: boolean;
  /** What is wrong (or a short fact when ok); never a secret. */
  readonly detail?: string | undefined;
}

/**
 * What the bot reports about itself. Usual checks: `stream` (the st2 event stream is
 * connected), `stackstorm` (the API answered recently), `backend` (the chat is connected).
 */
export interface HealthReport {
  readonly checks: Readonly<Record<string, HealthCheck>>;
}

/** The JSON body of `GET /healthz`. */
export interface HealthBody {
  readonly status: 'ok' | 'unhealthy';
  readonly checks: Readonly<Record<string, HealthCheck>>;
}

/** Add `GET /healthz` to an app. */
export function registerHealthRoute(
  app: FastifyInstance,
  health: () => Promise<HealthReport>,
  logger: Logger,
): void {
  app.get('/healthz', async (_request, reply) => {
    let body: HealthBody;
    try {
      const report = await health();
      const ok = Object.values(report.checks).every((c) => c.ok);
      body = { status: ok ? 'ok' : 'unhealthy', checks: report.checks };
    } catch (error) {
      logger.error({ err: toError(error) }, 'the health check failed');
      body = {
        status: 'unhealthy',
        checks: { health: { ok: false, detail: 'the health check failed' } },
      };
    }
    return reply.code(body.status === 'ok' ? 200 : 503).send(body);
  });
}

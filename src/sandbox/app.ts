/**
 * The fastify application of the sandbox: st2's request handling around the routes (request
 * ids, raw body reading, `{faultstring}` errors, unknown paths), fault injection and request
 * recording.
 */
import { randomUUID } from 'node:crypto';
import Fastify, {
  LogController,
  type FastifyError,
  type FastifyInstance,
  type FastifyRequest,
} from 'fastify';
import type { SandboxContext } from './context.js';
import { INTERNAL_SERVER_ERROR, St2HttpError } from './errors.js';
import { registerAliasExecutionRoutes } from './routes/alias-execution.js';
import { registerAliasRoutes } from './routes/aliases.js';
import { registerAuthRoutes } from './routes/auth.js';
import { registerExecutionRoutes } from './routes/executions.js';
import { registerInquiryRoutes } from './routes/inquiries.js';
import { registerRootRoutes } from './routes/root.js';
import { registerRuleRoutes } from './routes/rules.js';
import { registerStreamRoutes } from './routes/stream.js';
import type { RecordedRequest } from './types.js';

/** Build (not start) the sandbox's HTTP application. */
export function buildApp(
  ctx: SandboxContext,
  tls?: { cert: string; key: string },
): FastifyInstance {
  const app = Fastify({
    loggerInstance: ctx.logger,
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: true,
    routerOptions: { ignoreTrailingSlash: true },
    bodyLimit: 1024 * 1024,
    ...(tls ? { https: { cert: tls.cert, key: tls.key } } : {}),
  }) as unknown as FastifyInstance;

  const recorded = new WeakMap<FastifyRequest, RecordedRequest>();

  // st2 reads bodies itself (JSON assumed without Content-Type), so keep them raw here.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });

  app.addHook('onRequest', async (request, reply) => {
    const given = request.headers['x-request-id'];
    reply.header('X-Request-ID', typeof given === 'string' && given !== '' ? given : randomUUID());
    const record: RecordedRequest = {
      method: request.method,
      path: request.url.split('?')[0] ?? request.url,
      query: { ...(request.query as Record<string, unknown>) },
      headers: flattenHeaders(request.headers),
      body: undefined,
    };
    ctx.requests.push(record);
    recorded.set(request, record);
    ctx.logger.debug({ method: request.method, path: record.path }, 'sandbox request');
    if (ctx.faults.latencyMs > 0) await ctx.clock.sleep(ctx.faults.latencyMs);
    const failure = ctx.faults.failures.shift();
    if (failure) throw new St2HttpError(failure.status, failure.faultstring);
  });

  app.addHook('preHandler', (request, _reply, done) => {
    const record = recorded.get(request);
    const raw = request.body;
    if (record && raw !== undefined && raw !== '') {
      const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
      try {
        record.body = JSON.parse(text) as unknown;
      } catch {
        record.body = text;
      }
    }
    done();
  });

  app.setErrorHandler((error: FastifyError | St2HttpError, _request, reply) => {
    if (error instanceof St2HttpError) {
      return reply.code(error.status).send({ faultstring: error.faultstring, ...error.extra });
    }
    const status = error.statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return reply.code(status).send({ faultstring: error.message });
    }
    ctx.logger.error({ err: error }, 'sandbox: unexpected error');
    return reply.code(500).send({ faultstring: INTERNAL_SERVER_ERROR });
  });

  app.setNotFoundHandler((_request, reply) => {
    return reply.code(404).send({ faultstring: 'The resource could not be found.' });
  });

  registerAuthRoutes(app, ctx);
  registerRootRoutes(app, ctx);
  registerAliasRoutes(app, ctx);
  registerAliasExecutionRoutes(app, ctx);
  registerExecutionRoutes(app, ctx);
  registerInquiryRoutes(app, ctx);
  registerStreamRoutes(app, ctx);
  registerRuleRoutes(app, ctx);
  return app;
}

function flattenHeaders(headers: FastifyRequest['headers']): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

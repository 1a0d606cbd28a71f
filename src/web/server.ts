/**
 * stormbot's HTTP server (fastify): webhooks, health, metrics and the sign-in page.
 *
 * Routes are mounted at `/` and, when the base URL has a path (`https://host/stormbot/`), under
 * that path too, so a reverse proxy may pass the prefix through or strip it.
 */
import type { AddressInfo } from 'node:net';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import {
  fastify,
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
} from 'fastify';
import type { AnnouncementSink } from '../chatops/announcement.js';
import { systemClock, type Clock } from '../core/clock.js';
import { StartupError, toError } from '../core/errors.js';
import type { Logger } from '../log.js';
import type { LoginService } from '../sessions/types.js';
import type { BackendHttpRoute } from '../core/backend-web.js';
import { registerBackendRoutes } from './backend-routes.js';
import { registerBodyParsers } from './body.js';
import { registerHealthRoute, type HealthReport } from './health.js';
import { registerLoginRoutes } from './login.js';
import type { StormbotMetrics } from './metrics.js';
import { registerWebhookRoutes } from './webhook.js';
import { webhookAuthConfigured, type WebhookAuthOptions } from './webhook-auth.js';

/** Options of `createWebServer`. */
export interface WebServerOptions {
  /** Address to listen on (`127.0.0.1`, `0.0.0.0`, `::`). */
  readonly host: string;
  /** Port to listen on; 0 picks a free one (tests). */
  readonly port: number;
  /**
   * The public URL people reach the server at (`https://bot.example.com/stormbot/`). The login
   * page answers only there; validated by the configuration (`web.base_url`). Omitted:
   * `http://<host>:<bound port>/`, settled by `start()`.
   */
  readonly baseUrl?: string | undefined;
  /**
   * fastify's `trustProxy`: believe `X-Forwarded-*` from these proxies: `true` (any), or
   * addresses/CIDRs (a list or a comma-separated string). A bare hop count is accepted but
   * fastify then trusts no forwarded header, as it cannot check the immediate peer.
   */
  readonly trustProxy?: boolean | number | string | readonly string[] | undefined;
  /** The process logger, shared with fastify. */
  readonly logger: Logger;
  /** Where webhook announcements go; without it the webhooks are disabled. */
  readonly sink?: AnnouncementSink | undefined;
  /** Webhook authentication; without a token or HMAC secret the webhooks are disabled (404). */
  readonly webhook?: WebhookAuthOptions | undefined;
  /** The health report behind `GET /healthz`. */
  readonly health: () => Promise<HealthReport>;
  /** Rendered on `GET /metrics`; webhook refusals and failures count as `errors` `webhook`. */
  readonly metrics: StormbotMetrics;
  /** The sign-in service; without it the login page is not served. */
  readonly sessions?: LoginService | undefined;
  /** Requests per minute and client address on the login page and API (default 30). */
  readonly loginRequestsPerMinute?: number | undefined;
  /** Judges the webhook timestamp skew. */
  readonly clock?: Clock | undefined;
  /** The chat back-end's own routes (`ChatBackend.web.routes`: Mattermost's button callbacks). */
  readonly backendRoutes?: readonly BackendHttpRoute[] | undefined;
}

/** The server: the fastify app (for `inject` in tests) plus start and stop. */
export interface WebServer {
  /** The fastify instance. */
  readonly app: FastifyInstance;
  /** The public base URL in force, ending in `/`. */
  readonly baseUrl: string;
  /** Listen; resolves to the bound address as a URL (`http://127.0.0.1:3141/`). */
  start(): Promise<string>;
  /** Stop listening and finish in-flight requests; idempotent. */
  close(): Promise<void>;
}

/** The base URL (validated by the configuration, `web.base_url`) with a path ending in `/`. */
function baseUrlOf(value: string): URL {
  const url = new URL(value);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** Why the server could not listen, for the errors only running reveals. */
const LISTEN_ERRORS: Record<string, string> = {
  EADDRINUSE: 'is already in use',
  EACCES: 'needs privileges stormbot does not have',
  EADDRNOTAVAIL: 'is not an address of this machine',
};

/** Build the server (routes registered, not listening yet). */
export async function createWebServer(options: WebServerOptions): Promise<WebServer> {
  const log = options.logger.child({ component: 'web' });
  const clock = options.clock ?? systemClock;
  const configured = options.baseUrl ? baseUrlOf(options.baseUrl) : undefined;
  let bound: URL | undefined;
  const baseUrl = (): URL =>
    configured ?? bound ?? new URL(`http://${hostForUrl(options.host)}:${options.port}/`);

  const fastifyLogger: FastifyBaseLogger = options.logger;
  const app = fastify({
    loggerInstance: fastifyLogger,
    logController: new LogController({ disableRequestLogging: true }),
    // fastify accepts a hop count at run time; its type declarations omit it.
    trustProxy: (options.trustProxy ?? false) as boolean | string | string[],
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
  });

  registerBodyParsers(app);
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: baseUrl().protocol === 'https:',
    xFrameOptions: { action: 'deny' },
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`Too many requests; try again in ${context.after}.`), {
        statusCode: context.statusCode,
      }),
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    void reply.header('cache-control', 'no-store');
    done(null, payload);
  });
  app.addHook('onResponse', (request, reply, done) => {
    log.debug(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'http request',
    );
    done();
  });
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status < 500) return reply.code(status).send({ error: error.message });
    log.error({ err: toError(error) }, 'http request failed');
    return reply.code(500).send({ error: 'internal error; see the bot log' });
  });

  const webhooksOn = Boolean(options.sink) && webhookAuthConfigured(options.webhook);
  if (!webhooksOn) {
    log.info(
      options.sink
        ? 'webhooks disabled: set webhook.token or webhook.hmac_secret to enable POST /chatops/message and /hubot/st2 (or webhook.trusted_sources for /hubot/st2 alone)'
        : 'webhooks disabled: no announcement delivery attached',
    );
  }
  if (!options.sessions) log.debug('login page disabled (client-side sign-in is off)');

  const mounts = [''];
  if (configured && configured.pathname !== '/')
    mounts.push(configured.pathname.replace(/\/$/, ''));
  for (const prefix of mounts) {
    await app.register(
      async (scope) => {
        registerHealthRoute(scope, options.health, log);
        scope.get('/metrics', async (_request, reply) =>
          reply
            .type(options.metrics.registry.contentType)
            .send(await options.metrics.registry.metrics()),
        );
        if (webhooksOn && options.sink) {
          registerWebhookRoutes(scope, {
            sink: options.sink,
            auth: options.webhook ?? {},
            clock,
            logger: options.logger,
            onError: () => {
              options.metrics.count('errors', 'webhook');
            },
          });
        }
        registerBackendRoutes(scope, options.backendRoutes ?? [], log);
        if (options.sessions) {
          await registerLoginRoutes(scope, {
            service: options.sessions,
            baseUrl,
            logger: options.logger,
            requestsPerMinute: options.loginRequestsPerMinute ?? 30,
          });
        }
      },
      { prefix },
    );
  }
  await app.ready();

  let closed = false;
  return {
    app,
    get baseUrl() {
      return baseUrl().href;
    },
    async start() {
      try {
        await app.listen({ host: options.host, port: options.port });
      } catch (error) {
        const why = LISTEN_ERRORS[(error as NodeJS.ErrnoException).code ?? ''];
        if (!why) throw error;
        throw new StartupError(
          `the web server cannot listen on ${hostForUrl(options.host)}:${options.port}: it ${why} ` +
            '(web.host, web.port)',
          { cause: error },
        );
      }
      const address = app.server.address() as AddressInfo;
      const local = new URL(`http://${hostForUrl(options.host)}:${address.port}/`);
      if (!configured) bound = local;
      log.info(
        {
          address: local.href,
          baseUrl: baseUrl().href,
          webhooks: webhooksOn,
          login: Boolean(options.sessions),
        },
        'web server listening',
      );
      return local.href;
    },
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
    },
  };
}

/** A host as it goes in a URL: IPv6 in brackets, wildcard addresses as loopback. */
function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

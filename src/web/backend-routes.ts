/**
 * Mounting the chat back-end's own routes (`ChatBackend.web`, see `src/core/backend-web.ts`):
 * each is a `POST` taking a small JSON body, rate-limited per client address, answered with what
 * the back-end returns.
 */
import type { FastifyInstance } from 'fastify';
import type { BackendHttpRoute } from '../core/backend-web.js';
import { toError } from '../core/errors.js';
import type { Logger } from '../log.js';

/** Largest body a back-end route accepts (a chat's callback is a few hundred bytes). */
const BODY_LIMIT_BYTES = 64 * 1024;

/** Requests per minute and client address (a chat server calls from one address). */
const REQUESTS_PER_MINUTE = 600;

/** Add the back-end's routes to `app`. */
export function registerBackendRoutes(
  app: FastifyInstance,
  routes: readonly BackendHttpRoute[],
  logger: Logger,
): void {
  for (const route of routes) {
    app.post(
      route.path,
      {
        bodyLimit: BODY_LIMIT_BYTES,
        config: { rateLimit: { max: REQUESTS_PER_MINUTE, timeWindow: '1 minute' } },
      },
      async (request, reply) => {
        try {
          const answer = await route.handle({ body: request.body, clientAddress: request.ip });
          return await reply.code(answer.status).send(answer.body);
        } catch (error) {
          logger.error({ err: toError(error), route: route.path }, 'back-end route failed');
          return reply.code(500).send({ error: 'internal error; see the bot log' });
        }
      },
    );
  }
}

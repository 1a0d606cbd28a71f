/**
 * st2auth: `POST /auth/v1/tokens` (HTTP Basic, optional `{ttl}`) and
 * `POST /auth/v1/tokens/validate`.
 */
import type { FastifyInstance } from 'fastify';
import { validateBody, type BodySchema } from '../body-schema.js';
import { authenticate, readBody, servicePaths, type SandboxContext } from '../context.js';
import { badRequest } from '../errors.js';

const TOKEN_REQUEST: BodySchema = {
  properties: {
    ttl: { type: ['integer', 'null'], minimum: 1 },
    user: { type: ['string'] },
    impersonate_user: { type: ['string'] },
    nickname_origin: { type: ['string'] },
  },
  additionalProperties: true,
};

/** Register the auth routes. */
export function registerAuthRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  for (const path of servicePaths('auth', '/tokens')) {
    app.post(path, async (request, reply) => {
      const body = readBody(request) ?? {};
      const problem = validateBody(body, TOKEN_REQUEST);
      if (problem) throw badRequest(problem);
      const fields = body as { ttl?: number | null; user?: string; impersonate_user?: string };
      const user = ctx.auth.checkBasic(request.headers.authorization);
      const record = ctx.auth.issueToken(user, fields.ttl, fields.user ?? fields.impersonate_user);
      ctx.logger.info({ user: record.user }, 'sandbox: token issued');
      return reply
        .code(201)
        .header('X-API-URL', `${ctx.baseUrl()}/api`)
        .send(ctx.auth.tokenBody(record));
    });
  }

  for (const path of servicePaths('auth', '/tokens/validate')) {
    app.post(path, async (request, reply) => {
      authenticate(ctx, request, reply);
      const body = readBody(request);
      const token =
        typeof body === 'object' && body !== null ? (body as { token?: unknown }).token : undefined;
      if (typeof token !== 'string' || token === '') throw badRequest('Token is not provided.');
      return reply.code(200).send({ valid: ctx.auth.isValid(token) });
    });
  }
}

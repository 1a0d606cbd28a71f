/**
 * The client-side sign-in page and its API:
 * - `GET login/<uuid>`: the page (HTML, CSS and JS shipped in `static/login/`, no CDN);
 * - `GET login/assets/*`: its stylesheet and script;
 * - `POST login/authenticate/<uuid>`: `{authenticated, return_code, message}`;
 * - `GET index.html?uuid=<uuid>`: err-stackstorm's link form, redirected to `login/<uuid>`.
 * Every link in the page is relative, so it works under a base path behind a reverse proxy.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toError } from '../core/errors.js';
import type { Logger } from '../log.js';
import { LoginCode, outcome } from '../sessions/codes.js';
import { isSessionId } from '../sessions/links.js';
import type { LoginOutcome, LoginService } from '../sessions/types.js';
import { parseLoginBody } from './login-payload.js';
import { hostMatches, originMatches } from './origin.js';

/** Where the page's files are, in the source tree and in the published package alike. */
export const LOGIN_STATIC_DIR = fileURLToPath(new URL('../../static/login/', import.meta.url));

/** What the login routes need. */
export interface LoginRouteOptions {
  readonly service: LoginService;
  /** The public base URL (read per request, so it may be settled after the server listens). */
  readonly baseUrl: () => URL;
  readonly logger: Logger;
  /** Requests per minute and client address on the page and the API (outer limit). */
  readonly requestsPerMinute: number;
}

/** The JSON body of the authenticate route (err-stackstorm's field names). */
export interface LoginResponseBody {
  readonly authenticated: boolean;
  readonly return_code: number;
  readonly message: string;
}

function send(reply: FastifyReply, result: LoginOutcome): FastifyReply {
  const body: LoginResponseBody = {
    authenticated: result.authenticated,
    return_code: result.returnCode,
    message: result.message,
  };
  return reply.code(result.httpStatus).send(body);
}

/** Add the login routes to `app` (called once per mount point). */
export async function registerLoginRoutes(
  app: FastifyInstance,
  options: LoginRouteOptions,
): Promise<void> {
  const log = options.logger.child({ component: 'login' });
  const page = readFileSync(`${LOGIN_STATIC_DIR}index.html`, 'utf8');
  const rateLimit = { max: options.requestsPerMinute, timeWindow: 60_000 };
  const misdirected = (reply: FastifyReply) =>
    reply
      .code(421)
      .type('text/plain; charset=utf-8')
      .send("This page is only served at the bot's configured address (base_url).");

  await app.register(fastifyStatic, {
    root: `${LOGIN_STATIC_DIR}assets`,
    prefix: '/login/assets/',
    decorateReply: false,
    index: false,
    list: false,
    dotfiles: 'deny',
    cacheControl: false,
  });

  app.get<{ Params: { id: string } }>('/login/:id', { config: { rateLimit } }, (request, reply) => {
    if (!hostMatches(request, options.baseUrl())) return misdirected(reply);
    if (!isSessionId(request.params.id)) {
      return reply
        .code(404)
        .type('text/plain; charset=utf-8')
        .send('This sign-in link is not valid.');
    }
    return reply.type('text/html; charset=utf-8').send(page);
  });

  app.get<{ Querystring: { uuid?: string } }>(
    '/index.html',
    { config: { rateLimit } },
    (request, reply) => {
      const id = typeof request.query.uuid === 'string' ? request.query.uuid.toLowerCase() : '';
      if (!isSessionId(id)) {
        return reply
          .code(404)
          .type('text/plain; charset=utf-8')
          .send('This sign-in link is not valid.');
      }
      return reply.redirect(`login/${id}`, 302);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/login/authenticate/:id',
    {
      config: { rateLimit },
      errorHandler: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
        const status = error.statusCode ?? 500;
        let result: LoginOutcome;
        if (status === 429) {
          result = outcome(
            LoginCode.RateLimited,
            'Too many requests from your address. Wait a minute and try again.',
          );
        } else if (status < 500) {
          result = outcome(
            LoginCode.InvalidPayload,
            `Invalid authentication payload: ${error.message}`,
          );
        } else {
          log.error({ err: toError(error) }, 'login request failed');
          result = outcome(
            LoginCode.Unexpected,
            'Something went wrong on the bot. An operator can find the details in its log.',
          );
        }
        void send(reply, result);
      },
    },
    async (request, reply) => {
      const base = options.baseUrl();
      if (!hostMatches(request, base) || !originMatches(request, base)) {
        log.warn(
          { clientAddress: request.ip, origin: request.headers.origin, host: request.host },
          'cross-origin sign-in request refused',
        );
        return send(
          reply,
          outcome(
            LoginCode.OriginRefused,
            'Sign in from the page the bot sent you, at its configured address.',
          ),
        );
      }
      if (!request.headers['content-type']?.toLowerCase().startsWith('application/json')) {
        return send(
          reply,
          outcome(LoginCode.InvalidPayload, 'Invalid authentication payload: send JSON.'),
        );
      }
      const parsed = parseLoginBody(request.body);
      if (!parsed.ok) {
        return send(
          reply,
          outcome(LoginCode.InvalidPayload, `Invalid authentication payload: ${parsed.error}`),
        );
      }
      const id = request.params.id.toLowerCase();
      return send(reply, await options.service.authenticate(id, parsed.attempt, request.ip));
    },
  );
}

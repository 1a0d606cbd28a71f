/**
 * The webhooks StackStorm (or anything holding the shared secret) posts announcements to:
 * `POST /chatops/message` (err-stackstorm) and `POST /hubot/st2` (hubot-stackstorm; also from the
 * `webhook.trusted_sources` without a token). Both deliver through the same sink as the stream.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AnnouncementSink } from '../chatops/announcement.js';
import type { Clock } from '../core/clock.js';
import { toError } from '../core/errors.js';
import type { Logger } from '../log.js';
import { parseAnnouncementBody } from './announcement-payload.js';
import { trustedSourceCheck } from './trusted-sources.js';
import { verifyWebhook, type WebhookAuthOptions } from './webhook-auth.js';

/** What the webhook routes need. */
export interface WebhookRouteOptions {
  readonly sink: AnnouncementSink;
  readonly auth: WebhookAuthOptions;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Counted on refusals and failed deliveries (`errors_total{kind="webhook"}`), when given. */
  readonly onError?: (() => void) | undefined;
}

/** The reply bodies, in each origin's style. */
const DIALECTS = {
  chatops: { ok: { status: 'completed', message: 'Delivered to chat backend.' } },
  hubot: { ok: { status: 'completed', msg: 'Message posted successfully' } },
} as const;

/** Add the two webhook routes to `app`. */
export function registerWebhookRoutes(app: FastifyInstance, options: WebhookRouteOptions): void {
  const log = options.logger.child({ component: 'webhook' });
  const trusted = trustedSourceCheck(options.auth.trustedSources ?? []);
  const handler =
    (dialect: keyof typeof DIALECTS) => async (request: FastifyRequest, reply: FastifyReply) => {
      const verdict = verifyWebhook(
        request.headers,
        request.rawBody ?? Buffer.alloc(0),
        options.auth,
        options.clock.now(),
        // Only hubot's route: its Exchange sender cannot send a token.
        dialect === 'hubot' ? { address: request.ip, trusted } : undefined,
      );
      if (!verdict.ok) {
        options.onError?.();
        log.warn(
          { route: request.routeOptions.url, clientAddress: request.ip, reason: verdict.reason },
          'webhook refused',
        );
        return reply.code(401).send({ status: 'failed', error: 'unauthorized' });
      }
      const parsed = parseAnnouncementBody(request.body);
      if (!parsed.ok) {
        options.onError?.();
        log.warn(
          { route: request.routeOptions.url, reason: parsed.error },
          'malformed webhook payload',
        );
        return reply.code(400).send({ status: 'failed', error: parsed.error });
      }
      try {
        await options.sink.deliver(parsed.announcement, 'webhook');
      } catch (error) {
        options.onError?.();
        const err = toError(error);
        log.warn({ err }, 'webhook announcement refused by delivery');
        return reply.code(400).send({ status: 'failed', error: `not delivered: ${err.message}` });
      }
      log.debug(
        { channel: parsed.announcement.channel, auth: verdict.method },
        'webhook announcement queued',
      );
      return reply.code(200).send(DIALECTS[dialect].ok);
    };
  app.post('/chatops/message', handler('chatops'));
  app.post('/hubot/st2', handler('hubot'));
}

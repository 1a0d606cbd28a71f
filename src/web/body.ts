/**
 * Body parsing that keeps the raw bytes (the webhook signature is computed over them): JSON with
 * fastify's own safe parser, and URL-encoded forms.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request body exactly as received, for signature checks. */
    rawBody?: Buffer | undefined;
  }
}

/** An error with an HTTP status, as fastify expects from a content-type parser. */
function badRequest(message: string): Error & { statusCode: number } {
  return Object.assign(new Error(message), { statusCode: 400 });
}

/** Register the JSON and form parsers on `app`. */
export function registerBodyParsers(app: FastifyInstance): void {
  app.decorateRequest('rawBody', undefined);
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer' },
    (request: FastifyRequest, body: Buffer, done) => {
      request.rawBody = body;
      if (body.length === 0) {
        done(badRequest('the request body is empty; send a JSON object'), undefined);
        return;
      }
      void jsonParser(request, body.toString('utf8'), (error, value) => {
        done(error ? badRequest('the request body is not valid JSON') : null, value);
      });
    },
  );
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'buffer' },
    (request: FastifyRequest, body: Buffer, done) => {
      request.rawBody = body;
      done(null, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
    },
  );
}

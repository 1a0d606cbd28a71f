/**
 * Inquiries (`core.ask`): `GET /inquiries`, `GET /inquiries/{id}`, `PUT /inquiries/{id}`.
 * An inquiry is a pending execution of an `inquirer` action; responding completes it.
 */
import type { FastifyInstance } from 'fastify';
import { validateBody, type BodySchema } from '../body-schema.js';
import { authenticate, readBody, servicePaths, type SandboxContext } from '../context.js';
import { St2HttpError, badRequest, notFound } from '../errors.js';
import { validateJsonSchema } from '../../stackstorm/model.js';
import { listResponse } from '../listing.js';
import type { Execution } from '../types.js';

const RESPONSE: BodySchema = {
  properties: { id: { type: ['string'] }, response: { type: ['object'] } },
  required: ['response'],
  additionalProperties: true,
};

function inquiryView(execution: Execution): Record<string, unknown> {
  const result = (execution.result ?? {}) as Record<string, unknown>;
  return {
    id: execution.id,
    route: result.route ?? '',
    ttl: result.ttl ?? 1440,
    users: result.users ?? [],
    roles: result.roles ?? [],
    schema: result.schema ?? {},
  };
}

function isInquiry(execution: Execution): boolean {
  return execution.runner.name === 'inquirer';
}

/**
 * The pending inquiry `id`, or st2's errors: 404 with webob's default text (st2 aborts with an
 * empty message), 400 when it is no inquiry, timed out or already answered.
 */
function pendingInquiry(ctx: SandboxContext, id: string): Execution {
  const execution = ctx.engine.executions.get(id);
  if (!execution) throw notFound('The resource could not be found.');
  if (!isInquiry(execution)) throw badRequest(`Action execution "${id}" is not an inquiry.`);
  if (execution.status === 'timeout')
    throw badRequest(`Inquiry "${id}" timed out and cannot be responded to.`);
  if (execution.status !== 'pending')
    throw badRequest(`Inquiry "${id}" has already been responded to.`);
  return execution;
}

/** Register the inquiry routes. */
export function registerInquiryRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  for (const path of servicePaths('api', '/inquiries')) {
    app.get(path, async (request, reply) => {
      authenticate(ctx, request, reply);
      const items = [...ctx.engine.executions.values()].filter(
        (e) => isInquiry(e) && e.status === 'pending',
      );
      return listResponse(request, reply, items, inquiryView, {
        sortKeys: {},
        mandatory: ['id'],
        defaultLimit: 100,
      });
    });
  }

  for (const path of servicePaths('api', '/inquiries/:id')) {
    app.get<{ Params: { id: string } }>(path, async (request, reply) => {
      authenticate(ctx, request, reply);
      return inquiryView(pendingInquiry(ctx, request.params.id));
    });

    app.put<{ Params: { id: string } }>(path, async (request, reply) => {
      const requester = authenticate(ctx, request, reply);
      const body = readBody(request);
      if (body === undefined) throw badRequest('Required parameter "response_data" is missing');
      const problem = validateBody(body, RESPONSE);
      if (problem) throw badRequest(problem);
      const { id } = request.params;
      const execution = pendingInquiry(ctx, id);
      const inquiry = inquiryView(execution);
      const users = inquiry.users as unknown[];
      if (users.length > 0 && !users.includes(requester.user)) {
        throw new St2HttpError(
          403,
          `User "${requester.user}" does not have permission to respond to inquiry "${id}".`,
        );
      }
      const response = (body as { response: Record<string, unknown> }).response;
      const invalid = validateJsonSchema(response, inquiry.schema);
      if (invalid)
        throw badRequest(`Response for inquiry "${id}" did not pass schema validation. ${invalid}`);
      ctx.engine.respond(id, response);
      return { id, response };
    });
  }
}

/**
 * `POST /aliasexecution` and `POST /aliasexecution/match_and_execute`.
 */
import type { FastifyInstance } from 'fastify';
import { executeAlias, type AliasExecutionInput } from '../alias-execution.js';
import { validateBody, type BodySchema } from '../body-schema.js';
import {
  authenticate,
  queryBool,
  readBody,
  servicePaths,
  type SandboxContext,
} from '../context.js';
import { INTERNAL_SERVER_ERROR, St2HttpError, badRequest } from '../errors.js';

const ALIAS_EXECUTION: BodySchema = {
  properties: {
    name: { type: ['string'] },
    format: { type: ['string'] },
    command: { type: ['string'] },
    user: { type: ['string'] },
    source_channel: { type: ['string'] },
    source_context: { type: ['object'] },
    notification_channel: { type: ['string'] },
    notification_route: { type: ['string'] },
  },
  required: ['name', 'format', 'command', 'source_channel'],
  additionalProperties: false,
};

const MATCH_AND_EXECUTE: BodySchema = {
  properties: {
    command: { type: ['string'] },
    user: { type: ['string'] },
    source_channel: { type: ['string'] },
    notification_channel: { type: ['string'] },
    notification_route: { type: ['string'] },
  },
  required: ['command', 'source_channel'],
  additionalProperties: false,
};

/** Register the alias execution routes. */
export function registerAliasExecutionRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  for (const path of servicePaths('api', '/aliasexecution')) {
    app.post(path, async (request, reply) => {
      const requester = authenticate(ctx, request, reply);
      const body = readBody(request);
      if (body === undefined) throw badRequest('Required parameter "payload" is missing');
      const problem = validateBody(body, ALIAS_EXECUTION);
      if (problem) throw badRequest(problem);
      const input = { user: 'channel', ...(body as AliasExecutionInput) };
      const [result] = executeAlias(ctx, requester, input, false, {
        showSecrets: queryBool(request, 'show_secrets'),
      });
      return reply.code(201).send(result);
    });
  }

  for (const path of servicePaths('api', '/aliasexecution/match_and_execute')) {
    app.post(path, async (request, reply) => {
      const requester = authenticate(ctx, request, reply);
      const body = readBody(request);
      if (body === undefined) throw badRequest('Required parameter "input_api" is missing');
      const problem = validateBody(body, MATCH_AND_EXECUTE);
      if (problem) throw badRequest(problem);
      const input = body as Omit<AliasExecutionInput, 'name' | 'format'>;
      const match = ctx.aliases.match(input.command);
      // st2's known defect: a display-only object format matches with representation "".
      if (match.representation === '' && !hasEmptyFormat(match.alias.formats)) {
        throw new St2HttpError(500, INTERNAL_SERVER_ERROR);
      }
      const results = executeAlias(
        ctx,
        requester,
        { ...input, name: match.alias.name, format: match.representation },
        match.multiple,
        { showSecrets: queryBool(request, 'show_secrets') },
      );
      return reply.code(201).send({ results });
    });
  }
}

function hasEmptyFormat(formats: readonly unknown[]): boolean {
  return formats.some((f) => f === '');
}

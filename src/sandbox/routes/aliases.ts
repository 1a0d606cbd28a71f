/**
 * Action aliases: `GET /actionalias` (list), `GET /actionalias/{ref_or_id}`,
 * `GET /actionalias/help` and `POST /actionalias/match`.
 */
import type { FastifyInstance } from 'fastify';
import { validateBody, type BodySchema } from '../body-schema.js';
import {
  authenticate,
  queryInt,
  queryString,
  readBody,
  servicePaths,
  type SandboxContext,
} from '../context.js';
import { badRequest, notFound } from '../errors.js';
import { listResponse } from '../listing.js';
import type { AliasRecord } from '../types.js';

const MATCH_REQUEST: BodySchema = {
  properties: { command: { type: ['string'] } },
  required: ['command'],
  additionalProperties: false,
};

/** Register the alias routes. */
export function registerAliasRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  for (const path of servicePaths('api', '/actionalias')) {
    app.get(path, async (request, reply) => {
      authenticate(ctx, request, reply);
      const name = queryString(request, 'name');
      const pack = queryString(request, 'pack');
      const items = ctx.registry
        .aliases()
        .filter((a) => (name ? a.name === name : true) && (pack ? a.pack === pack : true));
      return listResponse(request, reply, items, (a) => ({ ...a }), {
        sortKeys: { name: (a: AliasRecord) => a.name, pack: (a) => a.pack, id: (a) => a.id },
        mandatory: ['id', 'ref'],
        defaultLimit: 100,
      });
    });
  }

  for (const path of servicePaths('api', '/actionalias/help')) {
    app.get(path, async (request, reply) => {
      authenticate(ctx, request, reply);
      const filter = queryString(request, 'filter');
      const pack = queryString(request, 'pack');
      return ctx.aliases.help({
        ...(filter !== undefined && filter !== '' ? { filter } : {}),
        ...(pack !== undefined && pack !== '' ? { pack } : {}),
        limit: queryInt(request, 'limit') ?? 100,
        offset: queryInt(request, 'offset') ?? 0,
      });
    });
  }

  for (const path of servicePaths('api', '/actionalias/match')) {
    app.post(path, async (request, reply) => {
      authenticate(ctx, request, reply);
      const body = readBody(request);
      if (body === undefined)
        throw badRequest('Required parameter "action_alias_match_api" is missing');
      const problem = validateBody(body, MATCH_REQUEST);
      if (problem) throw badRequest(problem);
      const match = ctx.aliases.match((body as { command: string }).command);
      return {
        actionalias: match.alias,
        display: match.display,
        representation: match.representation,
      };
    });
  }

  for (const path of servicePaths('api', '/actionalias/:ref_or_id')) {
    app.get<{ Params: { ref_or_id: string } }>(path, async (request, reply) => {
      const refOrId = request.params.ref_or_id;
      if (refOrId === 'match') throw notFound('The resource could not be found.');
      authenticate(ctx, request, reply);
      const alias = ctx.registry.aliasByRefOrId(refOrId);
      if (!alias) throw notFound(`Resource with a reference or id "${refOrId}" not found`);
      return alias;
    });
  }
}

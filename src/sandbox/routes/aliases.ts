/**
 * Action aliases: `GET /actionalias` (list), `GET /actionalias/{ref_or_id}`,
 * `GET /actionalias/help`, `POST /actionalias/match`, and create, update and delete
 * (`POST /actionalias`, `PUT`/`DELETE /actionalias/{ref_or_id}`) with the stream's
 * `st2.actionalias__create|update|delete` events.
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
import { St2HttpError, badRequest, notFound } from '../errors.js';
import { listResponse } from '../listing.js';
import type { AliasInput, AliasRecord } from '../types.js';

const MATCH_REQUEST: BodySchema = {
  properties: { command: { type: ['string'] } },
  required: ['command'],
  additionalProperties: false,
};

/** st2's `ActionAliasAPI` body: `name`, `pack` and `action_ref` required, nothing unknown. */
const ALIAS_BODY: BodySchema = {
  properties: {
    id: { type: ['string'] },
    ref: { type: ['string'] },
    uid: { type: ['string'] },
    pack: { type: ['string'] },
    name: { type: ['string'] },
    description: { type: ['string'] },
    enabled: { type: ['boolean'] },
    action_ref: { type: ['string'] },
    formats: { type: ['array'] },
    ack: { type: ['object'] },
    result: { type: ['object'] },
    extra: { type: ['object'] },
    immutable_parameters: { type: ['object'] },
    metadata_file: { type: ['string'] },
  },
  required: ['name', 'pack', 'action_ref'],
  additionalProperties: false,
};

/** The fields of st2's alias model, for `include_attributes`/`exclude_attributes`. */
const ALIAS_FIELDS = [
  'id',
  'ref',
  'uid',
  'name',
  'pack',
  'description',
  'enabled',
  'action_ref',
  'formats',
  'ack',
  'result',
  'extra',
  'immutable_parameters',
  'metadata_file',
];

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
        fields: ALIAS_FIELDS,
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

  for (const path of servicePaths('api', '/actionalias')) {
    app.post(path, async (request, reply) => {
      authenticate(ctx, request, reply);
      const input = aliasBody(readBody(request), 'action_alias');
      const existing = ctx.registry.aliasByRefOrId(`${input.pack}.${input.name}`);
      if (existing) {
        throw new St2HttpError(
          409,
          `Tried to save duplicate unique keys (duplicate key error, ref: "${existing.ref}")`,
          { 'conflict-id': existing.id },
        );
      }
      const { alias } = ctx.registry.putAlias({ ...input, id: undefined });
      ctx.publish('st2.actionalias__create', alias);
      return reply.code(201).send(alias);
    });
  }

  for (const path of servicePaths('api', '/actionalias/:ref_or_id')) {
    app.put<{ Params: { ref_or_id: string } }>(path, async (request, reply) => {
      authenticate(ctx, request, reply);
      const existing = findAlias(ctx, request.params.ref_or_id);
      const input = aliasBody(readBody(request), 'action_alias');
      // st2 keeps the id of the URL and discards a different one in the body.
      const { alias } = ctx.registry.putAlias({ ...input, id: existing.id });
      ctx.publish('st2.actionalias__update', alias);
      return alias;
    });
    app.delete<{ Params: { ref_or_id: string } }>(path, async (request, reply) => {
      authenticate(ctx, request, reply);
      const existing = findAlias(ctx, request.params.ref_or_id);
      ctx.registry.deleteAlias(existing.id);
      ctx.publish('st2.actionalias__delete', existing);
      return reply.code(204).send();
    });
  }
}

function findAlias(ctx: SandboxContext, refOrId: string): AliasRecord {
  const alias = ctx.registry.aliasByRefOrId(refOrId);
  if (!alias) throw notFound(`Resource with a reference or id "${refOrId}" not found`);
  return alias;
}

/** A create/update body checked as st2's router does (400 with jsonschema's message). */
function aliasBody(body: unknown, parameter: string): AliasInput {
  if (body === undefined) throw badRequest(`Required parameter "${parameter}" is missing`);
  const problem = validateBody(body, ALIAS_BODY);
  if (problem) throw badRequest(problem);
  const { ref: _ref, uid: _uid, ...input } = body as AliasInput & { ref?: string; uid?: string };
  return input;
}

/**
 * Executions: `GET /executions` (list), `GET /executions/{id}` (`last` for the most recent),
 * `DELETE /executions/{id}` (cancel) and `POST /executions` (run an action, as the 2FA flow
 * does). `/actionexecutions` is the same resource.
 */
import type { FastifyInstance } from 'fastify';
import { validateBody, type BodySchema } from '../body-schema.js';
import {
  authenticate,
  queryBool,
  queryInt,
  queryList,
  queryString,
  readBody,
  servicePaths,
  type SandboxContext,
} from '../context.js';
import { badRequest, notFound } from '../errors.js';
import { listResponse } from '../listing.js';
import { castParameters, validateParameters } from '../params.js';
import type { Execution } from '../types.js';

const RUN_ACTION: BodySchema = {
  properties: {
    action: { type: ['string'] },
    parameters: { type: ['object'] },
    user: { type: ['string', 'null'] },
    context: { type: ['object'] },
    notify: { type: ['object'] },
  },
  required: ['action'],
  additionalProperties: true,
};

const EXCLUSIVE =
  'exclude_fields and include_fields arguments are mutually exclusive. You need to provide either one or another, but not both.';

function both(path: string): string[] {
  return [
    ...servicePaths('api', `/executions${path}`),
    ...servicePaths('api', `/actionexecutions${path}`),
  ];
}

/** The fields of st2's execution model, for `include_attributes`/`exclude_attributes`. */
const EXECUTION_FIELDS = [
  'id',
  'trigger',
  'trigger_type',
  'trigger_instance',
  'rule',
  'action',
  'runner',
  'liveaction',
  'workflow_execution',
  'task_execution',
  'status',
  'start_timestamp',
  'end_timestamp',
  'elapsed_seconds',
  'parameters',
  'result',
  'result_size',
  'context',
  'parent',
  'children',
  'log',
  'delay',
  'web_url',
];

/** Register the execution routes. */
export function registerExecutionRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  for (const path of both('')) {
    app.get(path, async (request, reply) => {
      authenticate(ctx, request, reply);
      const action = queryString(request, 'action');
      const status = queryString(request, 'status');
      const user = queryString(request, 'user');
      const runner = queryString(request, 'runner');
      const ids = queryList(request, 'id');
      const after = queryString(request, 'timestamp_gt');
      const before = queryString(request, 'timestamp_lt');
      const items = [...ctx.engine.executions.values()].reverse().filter((e) => {
        if (action && e.action.ref !== action) return false;
        if (status && e.status !== status) return false;
        if (user && e.context.user !== user) return false;
        if (runner && e.runner.name !== runner) return false;
        if (ids && !ids.includes(e.id)) return false;
        if (after && !(e.start_timestamp > after)) return false;
        if (before && !(e.start_timestamp < before)) return false;
        return true;
      });
      const showSecrets = queryBool(request, 'show_secrets');
      return listResponse(request, reply, items, (e) => ctx.engine.view(e, { showSecrets }), {
        sortKeys: {
          timestamp: (e: Execution) => e.start_timestamp,
          start_timestamp: (e) => e.start_timestamp,
          action: (e) => String(e.action.ref),
          status: (e) => e.status,
          id: (e) => e.id,
        },
        mandatory: ['id'],
        defaultLimit: 100,
        fields: EXECUTION_FIELDS,
        keep: ['action', 'runner'],
      });
    });

    app.post(path, async (request, reply) => {
      const requester = authenticate(ctx, request, reply);
      const body = readBody(request);
      if (body === undefined) throw badRequest('Required parameter "liveaction_api" is missing');
      const problem = validateBody(body, RUN_ACTION);
      if (problem) throw badRequest(problem);
      const input = body as {
        action: string;
        parameters?: Record<string, unknown>;
        context?: Record<string, unknown>;
        notify?: Record<string, unknown>;
      };
      const action = ctx.registry.action(input.action);
      if (!action) throw notFound(`Action "${input.action}" cannot be found.`);
      const parameters = castParameters(action, input.parameters ?? {});
      validateParameters(action, parameters);
      const route = notifyRoute(input.notify);
      const execution = ctx.engine.create({
        action,
        parameters,
        context: { ...(input.context ?? {}), user: requester.user },
        notify: route ? { route, data: notifyData(input.notify) } : undefined,
      });
      return reply
        .code(201)
        .send(ctx.engine.view(execution, { showSecrets: queryBool(request, 'show_secrets') }));
    });
  }

  for (const path of both('/:id')) {
    app.get<{ Params: { id: string } }>(path, async (request, reply) => {
      authenticate(ctx, request, reply);
      const include = queryList(request, 'include_attributes');
      const exclude = queryList(request, 'exclude_attributes');
      if (include && exclude) throw badRequest(EXCLUSIVE);
      const execution = ctx.engine.get(request.params.id);
      if (!execution) throw notFound(`Unable to identify resource with id "${request.params.id}".`);
      return ctx.engine.view(execution, {
        showSecrets: queryBool(request, 'show_secrets'),
        include,
        exclude,
        maxResultSize: queryInt(request, 'max_result_size'),
      });
    });

    app.delete<{ Params: { id: string } }>(path, async (request, reply) => {
      const requester = authenticate(ctx, request, reply);
      const id = request.params.id;
      const outcome = ctx.engine.cancel(id, requester.user);
      if (!outcome) throw notFound(`Unable to identify resource with id "${id}".`);
      if (outcome.kind === 'not_cancelable') {
        // st2 answers 200 with an error body here.
        return reply
          .code(200)
          .send({ faultstring: `Action cannot be canceled. State = ${outcome.status}.` });
      }
      return ctx.engine.view(outcome.execution, {
        showSecrets: queryBool(request, 'show_secrets'),
      });
    });
  }
}

function notifyRoute(notify: Record<string, unknown> | undefined): string | undefined {
  const onComplete = notify?.['on-complete'] as { routes?: unknown } | undefined;
  const routes = onComplete?.routes;
  return Array.isArray(routes) && typeof routes[0] === 'string' ? routes[0] : undefined;
}

function notifyData(notify: Record<string, unknown> | undefined): {
  user?: string;
  source_channel?: string;
  source_context?: unknown;
} {
  const onComplete = notify?.['on-complete'] as { data?: Record<string, unknown> } | undefined;
  const data = onComplete?.data ?? {};
  return {
    ...(typeof data.user === 'string' ? { user: data.user } : {}),
    ...(typeof data.source_channel === 'string' ? { source_channel: data.source_channel } : {}),
    ...(data.source_context !== undefined ? { source_context: data.source_context } : {}),
  };
}

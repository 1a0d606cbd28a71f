/**
 * `GET /stream/v1/stream`: the event stream (authenticated before any SSE data is sent).
 */
import type { FastifyInstance } from 'fastify';
import {
  authenticate,
  queryList,
  queryString,
  servicePaths,
  type SandboxContext,
} from '../context.js';

/** Register the stream route. */
export function registerStreamRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  for (const path of servicePaths('stream', '/stream')) {
    app.get(path, async (request, reply) => {
      authenticate(ctx, request);
      const headers: Record<string, string> = {};
      const requestId = reply.getHeader('X-Request-ID');
      if (typeof requestId === 'string') headers['X-Request-ID'] = requestId;
      reply.hijack();
      ctx.hub.attach(
        reply.raw,
        {
          events: queryList(request, 'events'),
          actionRefs: queryList(request, 'action_refs'),
          executionIds: queryList(request, 'execution_ids'),
          endEvent: queryString(request, 'end_event'),
          endExecutionId: queryString(request, 'end_execution_id'),
        },
        headers,
      );
    });
  }
}

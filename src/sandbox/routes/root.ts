/**
 * `GET /api/v1/`: general API information (authenticated, like every st2api path).
 */
import type { FastifyInstance } from 'fastify';
import { authenticate, type SandboxContext } from '../context.js';

/** The st2 version the sandbox reports (alias change events exist since 3.8.1). */
export const SANDBOX_ST2_VERSION = '3.9.0';

/** Register the root routes. */
export function registerRootRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  for (const path of ['/api/v1', '/v1', '/api']) {
    app.get(path, async (request, reply) => {
      authenticate(ctx, request, reply);
      return {
        version: SANDBOX_ST2_VERSION,
        docs_url: `https://docs.stackstorm.com/${SANDBOX_ST2_VERSION}`,
      };
    });
  }
}

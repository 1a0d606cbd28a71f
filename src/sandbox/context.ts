/**
 * The state shared by the sandbox's routes, and the small helpers they use to read requests
 * the way st2's router does (JSON bodies, integer query parameters, credentials).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../log.js';
import type { AliasEngine } from './alias-engine.js';
import type { AuthState, Requester } from './auth.js';
import { badRequest } from './errors.js';
import type { ExecutionEngine } from './executions.js';
import type { Registry } from './registry.js';
import type { StreamHub } from './stream.js';
import type { RecordedRequest } from './types.js';

/** Injected failures waiting to be served. */
export interface FaultState {
  latencyMs: number;
  failures: { status: number; faultstring: string }[];
}

/** Everything a route needs. */
export interface SandboxContext {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly aliases: AliasEngine;
  readonly auth: AuthState;
  readonly hub: StreamHub;
  readonly engine: ExecutionEngine;
  readonly faults: FaultState;
  readonly requests: RecordedRequest[];
  /** Notification route → announcement route, as the chatops rules map them. */
  readonly announcementRoutes: Readonly<Record<string, string>>;
  /** The sandbox's own base URL (known once listening). */
  baseUrl(): string;
  /** Publish a stream event. */
  publish(event: string, data: unknown): void;
}

/**
 * The JSON body of a request, as st2's router reads it: an empty body is `undefined`, a
 * missing Content-Type means JSON, form bodies are decoded, anything else is a 400.
 */
export function readBody(request: FastifyRequest): unknown {
  const raw = request.body;
  if (raw === undefined || raw === null || raw === '') return undefined;
  const text =
    typeof raw === 'string'
      ? raw
      : Buffer.isBuffer(raw)
        ? raw.toString('utf8')
        : JSON.stringify(raw);
  const contentType = (request.headers['content-type'] ?? 'application/json')
    .split(';')[0]
    ?.trim()
    .toLowerCase();
  if (contentType === 'application/json' || contentType === '') {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw badRequest(`Failed to parse request body: ${(error as Error).message}`);
    }
  }
  if (contentType === 'application/x-www-form-urlencoded') {
    const out: Record<string, string[]> = {};
    for (const [k, v] of new URLSearchParams(text)) (out[k] ??= []).push(v);
    return out;
  }
  throw badRequest(
    `Failed to parse request body: Unsupported Content-Type: "${contentType ?? ''}"`,
  );
}

/** A query parameter as one string (the first, when repeated). */
export function queryString(request: FastifyRequest, name: string): string | undefined {
  const query = request.query as Record<string, unknown>;
  const value = query[name];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** An integer query parameter; 400 with st2's router wording when it is not one. */
export function queryInt(request: FastifyRequest, name: string): number | undefined {
  const value = queryString(request, name);
  if (value === undefined || value === '') return undefined;
  if (!/^-?[0-9]+$/.test(value)) throw badRequest(`Parameter "${name}" is not of type integer`);
  return Number.parseInt(value, 10);
}

/** A boolean query parameter (`true`/`1`/`yes`). */
export function queryBool(request: FastifyRequest, name: string): boolean {
  const value = queryString(request, name)?.toLowerCase();
  return value === 'true' || value === '1' || value === 'yes';
}

/** A comma-separated query parameter. */
export function queryList(request: FastifyRequest, name: string): string[] | undefined {
  const value = queryString(request, name);
  if (value === undefined || value === '') return undefined;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * Authenticate a request (401 with st2's texts otherwise). A token caller gets the
 * `auth-token` cookie st2 sets.
 */
export function authenticate(
  ctx: SandboxContext,
  request: FastifyRequest,
  reply?: FastifyReply,
): Requester {
  const requester = ctx.auth.authenticate({
    headers: request.headers,
    query: request.query as Record<string, unknown>,
  });
  if (reply && requester.token) {
    const maxAge = Math.max(0, Math.floor((requester.token.expiresAt - ctx.clock.now()) / 1000));
    const secure = ctx.baseUrl().startsWith('https:') ? '; Secure' : '';
    reply.header(
      'Set-Cookie',
      `auth-token=${requester.token.token}; Max-Age=${maxAge}; HttpOnly; Path=/; SameSite=lax${secure}`,
    );
  }
  return requester;
}

/** The API paths of a route: the nginx form (`/api/v1/x`) and the direct form (`/v1/x`). */
export function servicePaths(service: 'auth' | 'api' | 'stream', path: string): string[] {
  return [`/${service}/v1${path}`, `/v1${path}`];
}

/**
 * One HTTP exchange with st2: undici fetch on the st2 dispatcher, a deadline from the injected
 * clock, a request id on every request, and network failures turned into coded errors. Status
 * handling (401 renewal, error bodies) is the caller's job.
 */
import { randomUUID } from 'node:crypto';
import { fetch, type Dispatcher, type Response } from 'undici';
import type { Clock } from '../core/clock.js';
import {
  St2Error,
  St2HttpError,
  St2TimeoutError,
  St2UnreachableError,
  codeForStatus,
} from './errors.js';

/** What every exchange needs: where connections come from, time, and the default deadline. */
export interface St2HttpContext {
  dispatcher: Dispatcher;
  clock: Clock;
  /** Deadline of a whole request (until the body is read; for a stream, until headers). */
  timeoutMs: number;
  userAgent: string;
}

/** One request. */
export interface St2HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: URL;
  headers?: Record<string, string>;
  /** Sent as JSON when defined. */
  body?: unknown;
  /** Aborts the request (not turned into an St2Error: the caller asked for it). */
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
}

/** A complete answer, whatever its status. */
export interface St2RawResponse {
  status: number;
  statusText: string;
  headers: { get(name: string): string | null };
  /** Parsed JSON, or undefined when the body is empty or not JSON. */
  json: unknown;
  text: string;
  requestId: string;
  operation: string;
}

/** An answer whose body is still to be read (the event stream). */
export interface St2OpenResponse {
  response: Response;
  requestId: string;
  operation: string;
}

class Deadline {
  readonly controller = new AbortController();
  readonly expired: { value: boolean } = { value: false };
  private readonly handle;

  constructor(clock: Clock, ms: number, external?: AbortSignal) {
    this.handle = clock.setTimeout(() => {
      this.expired.value = true;
      this.controller.abort(new Error('deadline'));
    }, ms);
    if (external) {
      if (external.aborted) this.controller.abort(external.reason);
      else
        external.addEventListener(
          'abort',
          () => {
            this.controller.abort(external.reason);
          },
          { once: true },
        );
    }
  }

  cancel(): void {
    this.handle.cancel();
  }
}

const TLS_CODE = /^(ERR_TLS|ERR_SSL|EPROTO$)|CERT|SELF_SIGNED|UNABLE_TO_/;

/** Walk an error's cause chain (and AggregateError members) for a Node error code. */
function findCode(err: unknown, depth = 0): { code: string; message: string } | undefined {
  if (depth > 6 || typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && !e.code.startsWith('UND_ERR_SOCKET')) {
    return { code: e.code, message: typeof e.message === 'string' ? e.message : e.code };
  }
  const fromCause = findCode(e.cause, depth + 1);
  if (fromCause) return fromCause;
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const found = findCode(inner, depth + 1);
      if (found) return found;
    }
  }
  if (typeof e.code === 'string') {
    return { code: e.code, message: typeof e.message === 'string' ? e.message : e.code };
  }
  return undefined;
}

/** Turn a fetch failure into a St2 error (timeout, TLS, unreachable). */
export function networkError(
  err: unknown,
  url: URL,
  operation: string,
  requestId: string,
  timedOut: boolean,
  timeoutMs: number,
): St2Error {
  const where = url.origin;
  if (timedOut) {
    return new St2TimeoutError(`StackStorm did not answer ${operation} within ${timeoutMs} ms`, {
      operation,
      requestId,
      cause: err,
    });
  }
  const found = findCode(err);
  const code = found?.code ?? 'unknown';
  const detail = found?.message ?? (err instanceof Error ? err.message : String(err));
  if (TLS_CODE.test(code)) {
    return new St2UnreachableError(
      'tls',
      `TLS handshake with ${where} failed: ${detail} (${code}). Give the CA bundle in ` +
        `stackstorm.ca_cert, or set stackstorm.verify_cert: false for a lab`,
      { operation, requestId, cause: err },
    );
  }
  return new St2UnreachableError(
    'unreachable',
    `StackStorm at ${where} is unreachable: ${detail} (${code})`,
    { operation, requestId, cause: err },
  );
}

function prepare(
  ctx: St2HttpContext,
  req: St2HttpRequest,
): { init: Parameters<typeof fetch>[1]; requestId: string; operation: string } {
  const requestId = randomUUID();
  const headers: Record<string, string> = {
    'user-agent': ctx.userAgent,
    'x-request-id': requestId,
    accept: 'application/json',
    ...req.headers,
  };
  let body: string | undefined;
  if (req.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(req.body);
  }
  return {
    init: { method: req.method, headers, body, dispatcher: ctx.dispatcher },
    requestId,
    operation: `${req.method} ${req.url.pathname}`,
  };
}

/** Send a request and read the whole answer. Rejects only for network failures and timeouts. */
export async function exchange(ctx: St2HttpContext, req: St2HttpRequest): Promise<St2RawResponse> {
  const { init, requestId, operation } = prepare(ctx, req);
  const timeoutMs = req.timeoutMs ?? ctx.timeoutMs;
  const deadline = new Deadline(ctx.clock, timeoutMs, req.signal);
  try {
    const response = await fetch(req.url, { ...init, signal: deadline.controller.signal });
    const text = await response.text();
    let json: unknown;
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    return {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      json,
      text,
      requestId: response.headers.get('x-request-id') ?? requestId,
      operation,
    };
  } catch (err) {
    if (req.signal?.aborted && !deadline.expired.value) throw req.signal.reason;
    throw networkError(err, req.url, operation, requestId, deadline.expired.value, timeoutMs);
  } finally {
    deadline.cancel();
  }
}

/**
 * Send a request and resolve once the headers are in; the deadline covers only that part. The
 * body is the caller's to read (and to abort with `signal`).
 */
export async function open(ctx: St2HttpContext, req: St2HttpRequest): Promise<St2OpenResponse> {
  const { init, requestId, operation } = prepare(ctx, req);
  const timeoutMs = req.timeoutMs ?? ctx.timeoutMs;
  const deadline = new Deadline(ctx.clock, timeoutMs, req.signal);
  try {
    const response = await fetch(req.url, { ...init, signal: deadline.controller.signal });
    return {
      response,
      requestId: response.headers.get('x-request-id') ?? requestId,
      operation,
    };
  } catch (err) {
    if (req.signal?.aborted && !deadline.expired.value) throw req.signal.reason;
    throw networkError(err, req.url, operation, requestId, deadline.expired.value, timeoutMs);
  } finally {
    deadline.cancel();
  }
}

/** st2's `faultstring` from an error body, if any. */
export function faultstringOf(json: unknown): string | undefined {
  if (typeof json === 'object' && json !== null && 'faultstring' in json) {
    const value = json.faultstring;
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** The St2HttpError for a non-2xx answer (401 included; callers map 401 themselves first). */
export function httpError(raw: St2RawResponse): St2HttpError {
  const faultstring = faultstringOf(raw.json);
  const reason = faultstring ?? (raw.statusText || 'no details');
  return new St2HttpError(
    codeForStatus(raw.status),
    `StackStorm ${raw.operation} failed with ${raw.status}: ${reason} (request id ${raw.requestId})`,
    { status: raw.status, faultstring, requestId: raw.requestId, operation: raw.operation },
  );
}

/** The error for a 2xx answer whose body is not what the contract says. */
export function invalidResponse(raw: St2RawResponse, what: string): St2Error {
  return new St2Error(
    'invalid_response',
    `StackStorm ${raw.operation} answered ${raw.status} with ${what} (request id ${raw.requestId})`,
    { status: raw.status, requestId: raw.requestId, operation: raw.operation },
  );
}

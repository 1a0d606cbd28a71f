/**
 * Typed, coded errors of the StackStorm client. Every failure of a call ends as one of these, so
 * callers can branch on `code` (show a faultstring to the person, tell admins about credentials,
 * retry later) without parsing messages. Messages never contain credentials.
 */
import type { St2CredentialKind } from './model.js';

/** Why a call failed. */
export type St2ErrorCode =
  /** 400: st2 refused the request (bad command, ambiguous match…); see `faultstring`. */
  | 'bad_request'
  /** 401: credentials missing, unknown, expired or rejected. */
  | 'unauthorized'
  /** 403: RBAC denied the permission. */
  | 'forbidden'
  /** 404: no such alias, execution, inquiry or path. */
  | 'not_found'
  /** 409: conflict. */
  | 'conflict'
  /** 5xx: st2 failed. */
  | 'server_error'
  /** Any other unexpected HTTP status. */
  | 'http_error'
  /** Connection refused, DNS failure, connection reset. */
  | 'unreachable'
  /** The TLS handshake failed (certificate not trusted, wrong host name…). */
  | 'tls'
  /** No answer (or no stream data) within the allowed time. */
  | 'timeout'
  /** st2 answered 2xx with a body that is not what the contract says. */
  | 'invalid_response';

/** Details every St2Error carries. */
export interface St2ErrorDetails {
  /** HTTP status, when st2 answered. */
  status?: number | undefined;
  /** st2's own message (`{"faultstring": ...}`), when it sent one. */
  faultstring?: string | undefined;
  /** `X-Request-ID` of the exchange (st2 echoes ours), to find it in st2's logs. */
  requestId?: string | undefined;
  /** The HTTP method and path (no query, no host) of the failed call. */
  operation?: string | undefined;
  /** The underlying error. */
  cause?: unknown;
}

/** Base class of every StackStorm client error. */
export class St2Error extends Error {
  override readonly name: string = 'St2Error';
  /** Why it failed. */
  readonly code: St2ErrorCode;
  /** HTTP status, when st2 answered. */
  readonly status: number | undefined;
  /** st2's faultstring, when it sent one. */
  readonly faultstring: string | undefined;
  /** The request id to grep st2's logs for. */
  readonly requestId: string | undefined;
  /** `METHOD /path` of the failed call. */
  readonly operation: string | undefined;

  constructor(code: St2ErrorCode, message: string, details: St2ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.status = details.status;
    this.faultstring = details.faultstring;
    this.requestId = details.requestId;
    this.operation = details.operation;
  }
}

/** st2 answered with an error status (other than 401). */
export class St2HttpError extends St2Error {
  override readonly name: string = 'St2HttpError';
}

/**
 * The credentials were rejected (401), or a username/password login failed. The message says
 * what to fix. `credentialKind` tells which kind was in use.
 */
export class St2AuthError extends St2Error {
  override readonly name: string = 'St2AuthError';
  /** The kind of credentials st2 rejected. */
  readonly credentialKind: St2CredentialKind | 'none';

  constructor(
    credentialKind: St2CredentialKind | 'none',
    message: string,
    details: St2ErrorDetails = {},
  ) {
    super('unauthorized', message, { status: 401, ...details });
    this.credentialKind = credentialKind;
  }
}

/** st2 could not be reached: connection refused, DNS, reset, or a failed TLS handshake. */
export class St2UnreachableError extends St2Error {
  override readonly name: string = 'St2UnreachableError';
}

/** st2 did not answer in time (or the stream went silent). */
export class St2TimeoutError extends St2Error {
  override readonly name: string = 'St2TimeoutError';

  constructor(message: string, details: St2ErrorDetails = {}) {
    super('timeout', message, details);
  }
}

/** The code for an HTTP error status. */
export function codeForStatus(status: number): St2ErrorCode {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    default:
      return status >= 500 ? 'server_error' : 'http_error';
  }
}

/**
 * The error every sandbox handler throws to answer with st2's error body
 * `{"faultstring": "..."}` and a status code.
 */

/** An HTTP error with st2's body shape. */
export class St2HttpError extends Error {
  constructor(
    /** HTTP status code. */
    readonly status: number,
    /** The text st2 puts in `faultstring`. */
    readonly faultstring: string,
    /** Extra body fields (e.g. `conflict-id`). */
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(faultstring);
    this.name = 'St2HttpError';
  }
}

/** 400 with the given faultstring. */
export function badRequest(faultstring: string): St2HttpError {
  return new St2HttpError(400, faultstring);
}

/** 404 with the given faultstring. */
export function notFound(faultstring: string): St2HttpError {
  return new St2HttpError(404, faultstring);
}

/** The body st2 sends for unexpected failures: no details. */
export const INTERNAL_SERVER_ERROR = 'Internal Server Error';

/** Default faultstrings for injected failures, by status. */
export function defaultFaultstring(status: number): string {
  const texts: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'The resource could not be found.',
    429: 'Too Many Requests',
    500: INTERNAL_SERVER_ERROR,
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  return texts[status] ?? `HTTP ${status}`;
}

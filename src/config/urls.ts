/**
 * URL rules of the configuration: what a valid URL is, how StackStorm base URLs are normalised,
 * and how the auth and stream URLs follow from the API URL.
 */

/**
 * Why `value` is not an acceptable URL, or undefined when it is.
 * @param protocols accepted schemes, with the colon (`['http:', 'https:']`)
 * @param allowCredentials whether `user:password@` may appear (Redis URLs carry the password so)
 */
export function urlProblem(
  value: string,
  protocols: readonly string[] = ['http:', 'https:'],
  allowCredentials = false,
): string | undefined {
  const schemes = protocols.map((p) => `${p}//`).join(' or ');
  if (value.trim() === '') return 'must not be empty';
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value))
    return `must be an absolute URL starting with ${schemes}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a valid URL';
  }
  if (!protocols.includes(url.protocol)) return `must start with ${schemes}, not ${url.protocol}//`;
  if (!allowCredentials && (url.username || url.password)) {
    return 'must not contain a user name or password';
  }
  return undefined;
}

/** The URL without trailing slashes, query or fragment. */
function bare(value: string): URL {
  const url = new URL(value);
  url.search = '';
  url.hash = '';
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

function text(url: URL): string {
  return url.toString().replace(/\/+$/, '');
}

/**
 * A StackStorm service base URL in the form stormbot uses everywhere: versioned, no trailing
 * slash. err-stackstorm's `https://host/api/v1` stays as it is; st2chatops' `https://host/api`
 * and `http://host:9101` get `/v1` appended (hubot-stackstorm appends it when calling).
 */
export function versionedBase(value: string): string {
  const url = bare(value);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = /\/v1$/.test(path) ? path : `${path}/v1`;
  return text(url);
}

/**
 * The auth or stream base URL that goes with a versioned API base URL, the way st2's own nginx
 * layout and st2chatops' defaults pair them:
 * - `https://host/api/v1` → `https://host/auth/v1` / `https://host/stream/v1` (nginx layout);
 * - `http://host:9101/v1` → `http://host:9100/v1` / `http://host:9102/v1` (direct ports);
 * - anything else cannot be derived.
 */
export function deriveServiceUrl(apiBase: string, service: 'auth' | 'stream'): string | undefined {
  const url = bare(apiBase);
  const segments = url.pathname.split('/');
  const apiIndex = segments.length - 2;
  if (segments[apiIndex] === 'api' && segments[apiIndex + 1] === 'v1') {
    segments[apiIndex] = service;
    url.pathname = segments.join('/');
    return text(url);
  }
  if (url.port === '9101') {
    url.port = service === 'auth' ? '9100' : '9102';
    return text(url);
  }
  return undefined;
}

/** A base URL that ends in exactly one `/` (login links and the web server's public URL). */
export function withTrailingSlash(value: string): string {
  const url = new URL(value);
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return url.toString();
}

/** A web UI base URL without trailing slash (links are `<base>/#/history/<id>/general`). */
export function webuiBase(value: string): string {
  return text(bare(value));
}

/** `http://<host>:<port>/`, bracketing IPv6 addresses and using a reachable name for wildcards. */
export function localBaseUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const h = reachable.includes(':') ? `[${reachable}]` : reachable;
  return `http://${h}:${port}/`;
}

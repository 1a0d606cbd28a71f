/**
 * The login page and its API answer only at the configured public address: the Host the request
 * was made to must be the base URL's, and a POST must carry the base URL's Origin (which every
 * browser sends on `fetch` POSTs). This stops cross-site request forgery and DNS rebinding.
 *
 * Behind a reverse proxy, the proxy must pass the public Host (`proxy_set_header Host $host`), or
 * `trust_proxy` must be on so `X-Forwarded-Host` is believed.
 */
import type { FastifyRequest } from 'fastify';

/** True when the request was addressed to the base URL's host (and port). */
export function hostMatches(request: FastifyRequest, base: URL): boolean {
  return request.host.toLowerCase() === base.host.toLowerCase();
}

/** True when the request carries the base URL's origin in its `Origin` header. */
export function originMatches(request: FastifyRequest, base: URL): boolean {
  const origin = request.headers.origin;
  if (!origin || origin === 'null') return false;
  return origin.toLowerCase() === base.origin.toLowerCase();
}

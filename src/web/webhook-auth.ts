/**
 * Authentication of the webhooks: a shared token, or an HMAC-SHA256 signature of the raw body
 * bound to a timestamp (so a captured request cannot be replayed after the allowed skew).
 *
 * - Token: header `X-Stormbot-Token: <token>` or `Authorization: Bearer <token>`.
 * - Signature: `X-Stormbot-Timestamp: <unix seconds>` and
 *   `X-Stormbot-Signature: sha256=<hex of HMAC-SHA256(secret, "<timestamp>.<raw body>")>`.
 *
 * - Trusted source (opt-in, `/hubot/st2` only): a request without credentials from an address in
 *   `webhook.trusted_sources` (see `trusted-sources.ts`). Credentials that are sent are still
 *   checked, so a wrong token is refused from anywhere.
 *
 * Every comparison of a secret goes through `crypto.timingSafeEqual` on buffers of equal length.
 */
import crypto from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { SourceCheck } from './trusted-sources.js';

/** Header carrying the shared token. */
export const TOKEN_HEADER = 'x-stormbot-token';
/** Header carrying the HMAC signature (`sha256=<hex>`). */
export const SIGNATURE_HEADER = 'x-stormbot-signature';
/** Header carrying the signing time in Unix seconds. */
export const TIMESTAMP_HEADER = 'x-stormbot-timestamp';
/** Default tolerated clock difference between sender and bot, in seconds. */
export const DEFAULT_MAX_SKEW_SECONDS = 300;

/** What the webhooks accept. At least one of `token` and `hmacSecret` enables them. */
export interface WebhookAuthOptions {
  /** The shared token senders put in a header. */
  readonly token?: string | undefined;
  /** The secret senders sign the body with. */
  readonly hmacSecret?: string | undefined;
  /** Largest accepted difference between the timestamp header and now (default 300 s). */
  readonly maxSkewSeconds?: number | undefined;
  /**
   * Addresses and CIDR ranges whose credential-less requests to `/hubot/st2` are accepted
   * (`webhook.trusted_sources`); empty or absent: none.
   */
  readonly trustedSources?: readonly string[] | undefined;
}

/** The verdict on one request. `reason` is for logs only and never contains a secret. */
export type WebhookAuthResult =
  | { readonly ok: true; readonly method: 'token' | 'hmac' | 'trusted-source' }
  | { readonly ok: false; readonly reason: string };

/** True when webhooks are enabled by these options. */
export function webhookAuthConfigured(options: WebhookAuthOptions | undefined): boolean {
  return Boolean(options?.token || options?.hmacSecret || options?.trustedSources?.length);
}

/**
 * Compare two secrets in constant time. Both are hashed to 32 bytes first, so neither their
 * contents nor their lengths influence the duration of `crypto.timingSafeEqual`.
 */
export function secretsEqual(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a, 'utf8').digest();
  const hb = crypto.createHash('sha256').update(b, 'utf8').digest();
  return crypto.timingSafeEqual(ha, hb);
}

/** The signature header value for `body` signed at `timestamp` (Unix seconds), for senders. */
export function signWebhook(
  secret: string,
  timestamp: number | string,
  body: string | Buffer,
): string {
  const mac = crypto.createHmac('sha256', secret);
  mac.update(`${String(timestamp)}.`, 'utf8');
  mac.update(body);
  return `sha256=${mac.digest('hex')}`;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Where a request came from, for the trusted-source rule; absent where the rule does not apply. */
export interface RequestSource {
  /** The client's address (after the configured proxies). */
  readonly address: string | undefined;
  /** The check built from `trustedSources` (`trustedSourceCheck`). */
  readonly trusted: SourceCheck;
}

/**
 * Decide whether a webhook request is authentic. `nowMs` is the current time; `source`, given
 * only on `/hubot/st2`, lets a request without credentials in from a trusted address.
 */
export function verifyWebhook(
  headers: IncomingHttpHeaders,
  rawBody: Buffer,
  options: WebhookAuthOptions,
  nowMs: number,
  source?: RequestSource,
): WebhookAuthResult {
  const { token, hmacSecret } = options;
  if (token) {
    const bearer = /^Bearer\s+(.+)$/i.exec(header(headers, 'authorization') ?? '')?.[1];
    const given = header(headers, TOKEN_HEADER) ?? bearer;
    if (given !== undefined) {
      return secretsEqual(given.trim(), token)
        ? { ok: true, method: 'token' }
        : { ok: false, reason: 'wrong token' };
    }
  }
  if (hmacSecret) {
    const signature = header(headers, SIGNATURE_HEADER);
    if (signature !== undefined)
      return verifySignature(headers, signature, rawBody, options, nowMs);
  }
  if (!source) return { ok: false, reason: 'no credentials in the request' };
  if (source.trusted(source.address)) return { ok: true, method: 'trusted-source' };
  return {
    ok: false,
    reason: options.trustedSources?.length
      ? `no token or signature, and ${source.address ?? 'the client'} is not in webhook.trusted_sources`
      : "no token or signature (hubot's post_message sends none: list its address in webhook.trusted_sources to accept it)",
  };
}

function verifySignature(
  headers: IncomingHttpHeaders,
  signature: string,
  rawBody: Buffer,
  options: WebhookAuthOptions,
  nowMs: number,
): WebhookAuthResult {
  const secret = options.hmacSecret ?? '';
  const timestamp = header(headers, TIMESTAMP_HEADER)?.trim() ?? '';
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'missing or malformed timestamp' };
  const skew = Math.abs(nowMs / 1000 - Number(timestamp));
  if (skew > (options.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS)) {
    return { ok: false, reason: 'timestamp outside the allowed skew (stale or replayed request)' };
  }
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(signature.trim());
  if (!match?.[1]) return { ok: false, reason: 'malformed signature' };
  const given = Buffer.from(match[1], 'hex');
  const expected = Buffer.from(
    signWebhook(secret, timestamp, rawBody).slice('sha256='.length),
    'hex',
  );
  return crypto.timingSafeEqual(given, expected)
    ? { ok: true, method: 'hmac' }
    : { ok: false, reason: 'wrong signature' };
}

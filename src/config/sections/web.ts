/**
 * `web.*`: the bot's HTTP server (login page, webhooks, health, metrics).
 */
import { z } from 'zod';
import type { SectionContext } from '../context.js';
import {
  bool,
  count,
  csv,
  FALSE,
  int,
  str,
  text,
  TRUE,
  urlField,
  type EnvVarSpec,
} from '../fields.js';
import { localBaseUrl, withTrailingSlash } from '../urls.js';
import type { RbacAuth } from './stackstorm.js';
import type { WebhookSettings } from './webhook.js';

/** The schema of `web`. */
export const webSchema = z.strictObject({
  enabled: z
    .union([z.boolean(), z.literal('auto')], { error: 'must be auto, true or false' })
    .default('auto'),
  host: text.default('127.0.0.1'),
  port: count(0).max(65535).default(8080),
  base_url: urlField().optional(),
  trust_proxy: z
    .union([z.boolean(), count(0), z.string().min(1), z.array(z.string())], {
      error: 'must be true, false, a number of hops, or a list of proxy addresses',
    })
    .default(false),
});

/** The environment variables of `web.*` (st2chatops' Express names after stormbot's). */
export const webEnv: readonly EnvVarSpec[] = [
  {
    name: 'STORMBOT_WEB_ENABLED',
    key: 'web.enabled',
    parse: (v, name) => (v.trim().toLowerCase() === 'auto' ? 'auto' : bool(v, name)),
  },
  { name: 'STORMBOT_WEB_HOST', key: 'web.host', parse: str },
  { name: 'EXPRESS_BIND_ADDRESS', key: 'web.host', parse: str },
  { name: 'STORMBOT_WEB_PORT', key: 'web.port', parse: int },
  { name: 'EXPRESS_PORT', key: 'web.port', parse: int },
  { name: 'PORT', key: 'web.port', parse: int },
  { name: 'STORMBOT_BASE_URL', key: 'web.base_url', parse: str },
  {
    name: 'STORMBOT_TRUST_PROXY',
    key: 'web.trust_proxy',
    // A boolean, a hop count, or comma-separated addresses.
    parse: (value) => {
      const v = value.trim().toLowerCase();
      if (TRUE.includes(v) && v !== '1') return true;
      if (FALSE.includes(v) && v !== '0') return false;
      if (/^\d+$/.test(v)) return Number(v);
      return csv(value);
    },
  },
];

/** The bot's HTTP server (`web.*`). */
export interface WebSettings {
  /** Whether the server runs (`auto` resolved: on with client-side auth or a webhook secret). */
  readonly enabled: boolean;
  /** Address to listen on. */
  readonly host: string;
  /** Port to listen on (0 = any free port). */
  readonly port: number;
  /** Public URL people and StackStorm reach the server at, always ending in `/`. */
  readonly baseUrl: string;
  /** False when `baseUrl` was derived from host and port rather than configured. */
  readonly baseUrlExplicit: boolean;
  /** fastify's `trustProxy`: false, true, a hop count, or the proxies' addresses. */
  readonly trustProxy: boolean | number | readonly string[];
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/;

/**
 * `web` checked against the authentication mode and the webhook, and normalised: `auto`
 * resolved, the public URL derived when not given (the login URL, else host and port).
 */
export function webSettings(
  file: z.output<typeof webSchema>,
  rbac: RbacAuth,
  webhook: WebhookSettings,
  ctx: SectionContext,
): WebSettings {
  const clientside = rbac.mode === 'clientside';
  const hook = webhook.token !== undefined || webhook.hmacSecret !== undefined;
  if (file.enabled === false && clientside) {
    throw ctx.error(
      'web.enabled',
      'must not be false with client-side authentication (the web server serves the login page)',
    );
  }
  if (file.enabled === false && hook) {
    ctx.warn('webhook.* is set but web.enabled is false: the webhook is not served');
  }
  const enabled = file.enabled === 'auto' ? clientside || hook : file.enabled;
  const explicit = file.base_url ?? (rbac.mode === 'clientside' ? rbac.url : undefined);
  const baseUrl =
    explicit === undefined ? localBaseUrl(file.host, file.port) : withTrailingSlash(explicit);
  if (enabled && explicit === undefined && !LOOPBACK.test(file.host)) {
    ctx.warn(`web.base_url is not set: links will use ${baseUrl}`);
  }
  if (rbac.mode === 'clientside') {
    const login = new URL(rbac.url);
    if (login.protocol === 'http:' && !LOOPBACK.test(login.hostname)) {
      ctx.warn(
        `stackstorm.rbac_auth.clientside.url is plain http (${login.host}): people's StackStorm ` +
          'passwords would cross the network unencrypted; serve it over https',
      );
    }
  }
  const trust = file.trust_proxy;
  if (typeof trust === 'number') {
    ctx.warn(
      'web.trust_proxy is a hop count: the server cannot tell which hops to believe, so it ignores ' +
        "X-Forwarded-* headers; list the proxies' addresses instead",
    );
  }
  return {
    enabled,
    host: file.host,
    port: file.port,
    baseUrl,
    baseUrlExplicit: explicit !== undefined,
    trustProxy: typeof trust === 'string' ? csv(trust) : trust,
  };
}

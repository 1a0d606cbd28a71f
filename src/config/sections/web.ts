/**
 * `web.*` and `webhook.*`: the bot's HTTP server (login page, webhooks, health, metrics) and how
 * callers of the webhook authenticate.
 */
import { z } from 'zod';
import {
  bool,
  count,
  csv,
  type EnvVarSpec,
  FALSE,
  int,
  localBaseUrl,
  str,
  text,
  TRUE,
  urlField,
  withTrailingSlash,
} from '../fields.js';
import { coversEverything, parseTrustedSource } from '../../web/trusted-sources.js';
import type { SectionContext } from '../context.js';
import type { RbacAuth } from './stackstorm.js';

/** The schema of `web`. */
export const schema = z.strictObject({
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

/** The schema of `webhook`. */
export const webhookSchema = z.strictObject({
  token: text.optional(),
  hmac_secret: text.optional(),
  trusted_sources: z
    .array(z.string(), { error: 'must be a list of addresses or CIDR ranges' })
    .max(256)
    .default([])
    .superRefine((entries, ctx) => {
      for (const entry of entries) {
        const range = parseTrustedSource(entry);
        if (typeof range === 'string') ctx.addIssue({ code: 'custom', message: range });
      }
    }),
});

/** The environment variables of `web.*` and `webhook.*` (st2chatops' Express names after ours). */
export const env: readonly EnvVarSpec[] = [
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
  { name: 'STORMBOT_WEBHOOK_TOKEN', key: 'webhook.token', parse: str },
  { name: 'STORMBOT_WEBHOOK_HMAC_SECRET', key: 'webhook.hmac_secret', parse: str },
  { name: 'STORMBOT_WEBHOOK_TRUSTED_SOURCES', key: 'webhook.trusted_sources', parse: csv },
];

/** How webhook calls authenticate (`webhook.*`); both unset means the webhook is refused. */
export type WebhookSettings = Readonly<ReturnType<typeof webhookSettings>>;

/** `webhook` normalised; short secrets are warned about. */
export function webhookSettings(file: z.output<typeof webhookSchema>, ctx: SectionContext) {
  for (const key of ['token', 'hmac_secret'] as const) {
    const value = file[key];
    if (value !== undefined && value.length < 16) {
      ctx.warn(`webhook.${key} is shorter than 16 characters: use a long random value`);
    }
  }
  for (const entry of file.trusted_sources) {
    if (coversEverything(entry)) {
      ctx.warn(
        `webhook.trusted_sources has ${entry}: anyone who reaches the web server can post as the bot on /hubot/st2`,
      );
    }
  }
  return {
    token: file.token,
    hmacSecret: file.hmac_secret,
    /** Addresses/CIDR ranges whose requests to `/hubot/st2` need no token (none by default). */
    trustedSources: file.trusted_sources.map((s) => s.trim()),
  };
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/;

/**
 * `web` checked against the authentication mode and the webhook, and normalised: `auto`
 * resolved, the public URL derived when not given (the login URL, else host and port).
 */
export function settings(
  file: z.output<typeof schema>,
  rbac: RbacAuth,
  webhook: WebhookSettings,
  ctx: SectionContext,
) {
  const clientside = rbac.mode === 'clientside';
  const hook =
    webhook.token !== undefined ||
    webhook.hmacSecret !== undefined ||
    webhook.trustedSources.length > 0;
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
    /** Whether the server runs (`auto` resolved: on with client-side auth or a webhook secret). */
    enabled,
    host: file.host,
    /** Port to listen on (0 = any free port). */
    port: file.port,
    /** Public URL people and StackStorm reach the server at, always ending in `/`. */
    baseUrl,
    /** False when `baseUrl` was derived from host and port rather than configured. */
    baseUrlExplicit: explicit !== undefined,
    /** fastify's `trustProxy`: false, true, a hop count, or the proxies' addresses. */
    trustProxy: typeof trust === 'string' ? csv(trust) : trust,
  };
}

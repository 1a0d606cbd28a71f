/**
 * `stackstorm.*`: the StackStorm connection, the bot's credentials, whose credentials run a
 * person's commands, routes and timers. The environment takes st2chatops' names (`ST2_*`).
 */
import {
  pickCredentials,
  type ConfiguredCredentials,
  type St2CredentialKind,
} from '../../stackstorm/model.js';
import { statSync } from 'node:fs';
import { z } from 'zod';
import {
  bool,
  count,
  csv,
  deriveServiceUrl,
  type EnvVarSpec,
  int,
  lower,
  num,
  reject,
  SKIP,
  str,
  text,
  urlField,
  versionedBase,
  webuiBase,
  withTrailingSlash,
  word,
} from '../fields.js';
import type { SectionContext } from '../context.js';

/** A route name: st2's stream filter cannot carry commas or glob characters. */
const route = word('a route name')
  .min(1)
  .refine((r) => !/[,*?[\]]/.test(r), { error: 'must not contain , * ? [ or ]' });

/** The schema of `stackstorm`. */
export const schema = z.strictObject({
  api_url: urlField().optional(),
  auth_url: urlField().optional(),
  stream_url: urlField().optional(),
  webui_url: urlField().optional(),
  verify_cert: z.boolean().default(true),
  ca_cert: text.optional(),
  client_cert: text.optional(),
  client_key: text.optional(),
  api_auth: z
    .strictObject({
      user: z.strictObject({ name: text.optional(), password: text.optional() }).optional(),
      token: text.optional(),
      apikey: text.optional(),
    })
    .prefault({}),
  rbac_auth: z
    .strictObject({
      standalone: z.strictObject({}).optional(),
      clientside: z.strictObject({ url: urlField().optional() }).optional(),
      // err-stackstorm's unfinished third mode: accepted by the schema so the error can say why.
      serverside: z.unknown().optional(),
    })
    .prefault({}),
  timer_update: count(1).default(60),
  route_key: route.default('stormbot'),
  routes: z.array(route, { error: 'must be a list of strings' }).default([]),
  plugin_prefix: word('a prefix').default('st2'),
  session_ttl: count(1).default(3600),
  user_token_ttl: count(1).default(86400),
  request_timeout: z.number().positive().max(3600).default(30),
  sandbox: z.enum(['auto', 'always', 'never']).default('auto'),
  sandbox_packs: text.optional(),
  // err-stackstorm keys stormbot accepts and ignores (with a warning).
  secrets_store: z.string().optional(),
  oob_auth_url: z.string().optional(),
});

type St2File = z.output<typeof schema>;

/** st2chatops' `ST2_HOSTNAME` is a host name: its API is `https://<host>/api`. */
function hostToApiUrl(value: string, name: string): string {
  if (!/^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(value.trim())) {
    reject(name, 'must be a host name (optionally with :port), not a URL');
  }
  return `https://${value.trim()}/api`;
}

/** The environment variables of `stackstorm.*`; within a key the first one set wins. */
export const env: readonly EnvVarSpec[] = [
  { name: 'ST2_API_URL', key: 'stackstorm.api_url', parse: str },
  {
    name: 'ST2_API',
    key: 'stackstorm.api_url',
    parse: str,
    warning: 'ST2_API is deprecated (as in hubot-stackstorm): use ST2_API_URL',
  },
  { name: 'ST2_HOSTNAME', key: 'stackstorm.api_url', parse: hostToApiUrl },
  { name: 'ST2_AUTH_URL', key: 'stackstorm.auth_url', parse: str },
  { name: 'ST2_STREAM_URL', key: 'stackstorm.stream_url', parse: str },
  {
    name: 'ST2_WEBUI_URL',
    key: 'stackstorm.webui_url',
    // hubot-stackstorm treats the literal string "null" as unset.
    parse: (v) => (v.trim() === 'null' ? SKIP : v),
  },
  {
    name: 'ST2_HOSTNAME',
    key: 'stackstorm.webui_url',
    parse: (v, name) => hostToApiUrl(v, name).replace(/\/api$/, ''),
  },
  { name: 'STORMBOT_VERIFY_CERT', key: 'stackstorm.verify_cert', parse: bool },
  {
    name: 'NODE_TLS_REJECT_UNAUTHORIZED',
    key: 'stackstorm.verify_cert',
    parse: (v) => (v.trim() === '0' ? false : SKIP),
    warning:
      'NODE_TLS_REJECT_UNAUTHORIZED=0 turns off certificate checks for every connection of the ' +
      'process, chat included (Node.js itself reads it); stormbot reads it as ' +
      'stackstorm.verify_cert: false. Unset it and set STORMBOT_VERIFY_CERT=false to limit this ' +
      'to StackStorm',
  },
  { name: 'STORMBOT_CA_CERT', key: 'stackstorm.ca_cert', parse: str },
  { name: 'STORMBOT_CLIENT_CERT', key: 'stackstorm.client_cert', parse: str },
  { name: 'STORMBOT_CLIENT_KEY', key: 'stackstorm.client_key', parse: str },
  { name: 'ST2_API_KEY', key: 'stackstorm.api_auth.apikey', parse: str },
  { name: 'ST2_AUTH_TOKEN', key: 'stackstorm.api_auth.token', parse: str },
  { name: 'ST2_AUTH_USERNAME', key: 'stackstorm.api_auth.user.name', parse: str },
  { name: 'ST2_AUTH_PASSWORD', key: 'stackstorm.api_auth.user.password', parse: str },
  {
    name: 'STORMBOT_AUTH_MODE',
    key: 'stackstorm.rbac_auth',
    parse: (v, name) =>
      ['standalone', 'clientside'].includes(lower(v))
        ? lower(v)
        : reject(name, `must be one of "standalone", "clientside", not "${lower(v)}"`),
  },
  { name: 'STORMBOT_LOGIN_URL', key: 'stackstorm.rbac_auth.clientside.url', parse: str },
  { name: 'STORMBOT_TIMER_UPDATE', key: 'stackstorm.timer_update', parse: int },
  { name: 'ST2_COMMANDS_RELOAD_INTERVAL', key: 'stackstorm.timer_update', parse: int },
  { name: 'ST2_ROUTE', key: 'stackstorm.route_key', parse: str },
  { name: 'STORMBOT_ROUTES', key: 'stackstorm.routes', parse: csv },
  { name: 'STORMBOT_PLUGIN_PREFIX', key: 'stackstorm.plugin_prefix', parse: str },
  { name: 'STORMBOT_SESSION_TTL', key: 'stackstorm.session_ttl', parse: int },
  { name: 'STORMBOT_USER_TOKEN_TTL', key: 'stackstorm.user_token_ttl', parse: int },
  { name: 'STORMBOT_REQUEST_TIMEOUT', key: 'stackstorm.request_timeout', parse: num },
  { name: 'STORMBOT_SANDBOX', key: 'stackstorm.sandbox', parse: lower },
  { name: 'STORMBOT_SANDBOX_PACKS', key: 'stackstorm.sandbox_packs', parse: str },
  {
    name: 'ST2_MAX_MESSAGE_LENGTH',
    key: '',
    parse: () => SKIP,
    warning:
      'ST2_MAX_MESSAGE_LENGTH is ignored: stormbot never truncates; it splits long messages by ' +
      "each chat back-end's own limit",
  },
];

/** Which credential the bot uses, by the one precedence rule (`pickCredentials`). */
export function credentialKind(credentials: ConfiguredCredentials): St2CredentialKind | 'none' {
  return pickCredentials(credentials).credentials?.kind ?? 'none';
}

/** Whose StackStorm credentials run a person's commands (`stackstorm.rbac_auth`). */
export type RbacAuth =
  | { readonly mode: 'standalone' }
  | {
      readonly mode: 'clientside';
      /** Public base URL of the login page, always ending in `/`. */
      readonly url: string;
    };

function rbacAuth(rbac: St2File['rbac_auth'], ctx: SectionContext): RbacAuth {
  if (rbac.serverside !== undefined) {
    throw ctx.error(
      'stackstorm.rbac_auth.serverside',
      'is not supported (err-stackstorm never finished it); use standalone or clientside',
    );
  }
  if (rbac.standalone && rbac.clientside) {
    throw ctx.error('stackstorm.rbac_auth', 'give one of standalone or clientside, not both');
  }
  if (!rbac.clientside) return { mode: 'standalone' };
  if (!rbac.clientside.url) {
    throw ctx.missing(
      'stackstorm.rbac_auth.clientside.url',
      'stackstorm.rbac_auth',
      "is required for client-side authentication (the public URL of stormbot's login page)",
    );
  }
  return { mode: 'clientside', url: withTrailingSlash(rbac.clientside.url) };
}

/**
 * The bot's credentials, checked for completeness; warns when several kinds are given. `key` is
 * the key to name when credentials need something else (undefined: none given).
 */
function credentials(auth: St2File['api_auth'], ctx: SectionContext) {
  const user = auth.user;
  const userKey = 'stackstorm.api_auth.user';
  if (user) {
    if (user.name && !user.password) throw ctx.missing(`${userKey}.password`, `${userKey}.name`);
    if (user.password && !user.name) throw ctx.missing(`${userKey}.name`, `${userKey}.password`);
    if (!user.name && !user.password) throw ctx.error(userKey, 'needs a name and a password');
  }
  const apiAuth: ConfiguredCredentials = {
    apiKey: auth.apikey,
    token: auth.token,
    username: user?.name,
    password: user?.password,
  };
  const { credentials: used, ignored } = pickCredentials(apiAuth);
  const yamlKey = { apiKey: 'apikey', token: 'token', password: 'user' } as const;
  if (used && ignored.length > 0) {
    const names = [used.kind, ...ignored].map((k) => yamlKey[k]);
    ctx.warn(
      `stackstorm.api_auth has ${names.join(', ')}: using ${yamlKey[used.kind]} ` +
        '(precedence: apikey, then token, then user)',
    );
  }
  const key =
    used === undefined
      ? undefined
      : used.kind === 'password'
        ? `${userKey}.name`
        : `stackstorm.api_auth.${yamlKey[used.kind]}`;
  return { apiAuth, key };
}

/** Without `api_url` nothing that needs a real StackStorm may be set; with it, no forced sandbox. */
function checkConfigured(s: St2File, credentialKey: string | undefined, ctx: SectionContext) {
  if (s.api_url !== undefined) {
    if (s.sandbox === 'always') {
      throw ctx.error(
        'stackstorm.sandbox',
        `"always" cannot be combined with ${ctx.of('stackstorm.api_url')} ` +
          '(the sandbox takes StackStorm\'s place); use "auto"',
      );
    }
    return;
  }
  for (const key of ['auth_url', 'stream_url'] as const) {
    if (s[key] !== undefined) throw ctx.missing('stackstorm.api_url', `stackstorm.${key}`);
  }
  if (credentialKey) throw ctx.missing('stackstorm.api_url', credentialKey);
  if (s.sandbox === 'never') {
    throw ctx.missing(
      'stackstorm.api_url',
      'stackstorm.sandbox',
      `is required when ${ctx.of('stackstorm.sandbox')} is "never"`,
    );
  }
}

/** The absolute folder of `sandbox_packs`: it must exist, and the sandbox must be the one used. */
function sandboxPacks(s: St2File, useSandbox: boolean, ctx: SectionContext): string | undefined {
  if (s.sandbox_packs === undefined) return undefined;
  if (!useSandbox) {
    // Only reached with api_url set: without it, "never" is refused before.
    throw ctx.error(
      'stackstorm.sandbox_packs',
      `is for the built-in sandbox, which does not run when ${ctx.of('stackstorm.api_url')} is set`,
    );
  }
  const dir = ctx.absolute(s.sandbox_packs);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    // Missing or unreadable: said below.
  }
  if (!isDir) throw ctx.error('stackstorm.sandbox_packs', `is not a folder: ${dir}`);
  return dir;
}

/**
 * The three service URLs from a configured `api_url`: given ones normalised, missing ones
 * derived. An auth URL that cannot be derived is an error only where it is needed (`because`).
 */
function serviceUrls(
  s: St2File,
  api: string,
  because: string | undefined,
  ctx: SectionContext,
): { apiUrl: string; authUrl: string; streamUrl: string } {
  const apiUrl = versionedBase(api);
  const resolveUrl = (service: 'auth' | 'stream', given: string | undefined): string => {
    if (given !== undefined) return versionedBase(given);
    const derived = deriveServiceUrl(apiUrl, service);
    if (derived) return derived;
    if (service === 'auth' && because) {
      const what =
        because === 'stackstorm.rbac_auth' ? 'client-side login' : 'a user name and password';
      throw ctx.missing(
        'stackstorm.auth_url',
        because,
        `is required for ${what} and cannot be derived from ${ctx.of('stackstorm.api_url')} ` +
          `${apiUrl} (only …/api/v1 and :9101 URLs can be)`,
      );
    }
    ctx.warn(
      `stackstorm.${service}_url cannot be derived from api_url ${apiUrl}; using that URL` +
        (service === 'stream'
          ? ' (right only behind a proxy that routes /v1/stream to st2stream)'
          : ''),
    );
    return apiUrl;
  };
  return {
    apiUrl,
    authUrl: resolveUrl('auth', s.auth_url),
    streamUrl: resolveUrl('stream', s.stream_url),
  };
}

/** `stackstorm` checked across its keys and normalised: URLs derived, paths made absolute. */
export function settings(s: St2File, ctx: SectionContext) {
  const { apiAuth, key } = credentials(s.api_auth, ctx);
  const kind = credentialKind(apiAuth);
  const rbac = rbacAuth(s.rbac_auth, ctx);
  checkConfigured(s, key, ctx);
  if (s.client_key && !s.client_cert) {
    throw ctx.missing('stackstorm.client_cert', 'stackstorm.client_key');
  }
  let urls: Partial<ReturnType<typeof serviceUrls>> = {};
  if (s.api_url !== undefined) {
    const needsAuth =
      kind === 'password' ? key : rbac.mode === 'clientside' ? 'stackstorm.rbac_auth' : undefined;
    urls = serviceUrls(s, s.api_url, needsAuth, ctx);
    if (kind === 'none') {
      ctx.warn(
        'no StackStorm credentials (stackstorm.api_auth): requests carry none, which works ' +
          'only when StackStorm runs with authentication off',
      );
    }
  }
  if (!s.verify_cert) {
    ctx.warn('stackstorm.verify_cert is false: StackStorm certificates are not checked');
  }
  if (s.secrets_store !== undefined) {
    ctx.warn(
      'stackstorm.secrets_store is ignored: stormbot keeps secrets encrypted in its store (store.*)',
    );
  }
  if (s.oob_auth_url !== undefined) {
    ctx.warn('stackstorm.oob_auth_url is ignored: use stackstorm.rbac_auth.clientside.url');
  }
  const path = (p: string | undefined) => (p === undefined ? undefined : ctx.absolute(p));
  const configured = s.api_url !== undefined;
  const useSandbox = s.sandbox === 'always' || (s.sandbox === 'auto' && !configured);
  return {
    /** True when `api_url` is configured (a real StackStorm is used). */
    configured,
    sandbox: s.sandbox,
    /** True when the built-in sandbox should be started (`always`, or `auto` with no `api_url`). */
    useSandbox,
    /** Absolute folder of the packs the started sandbox serves; unset: the example packs. */
    sandboxPacks: sandboxPacks(s, useSandbox, ctx),
    /** st2api base URL ending in `/v1`, e.g. `https://st2.example.com/api/v1`; unset without st2. */
    apiUrl: urls.apiUrl,
    /** st2auth base URL ending in `/v1` (tokens are `POST <authUrl>/tokens`). */
    authUrl: urls.authUrl,
    /** st2stream base URL ending in `/v1` (events are `GET <streamUrl>/stream`). */
    streamUrl: urls.streamUrl,
    /** Web UI base URL for execution links when st2 sends no `web_url`; no trailing slash. */
    webuiUrl: s.webui_url === undefined ? undefined : webuiBase(s.webui_url),
    /** Verify StackStorm's TLS certificates (scoped to st2 connections). */
    verifyCert: s.verify_cert,
    /** Absolute path of a CA bundle (PEM) to trust for StackStorm. */
    caCert: path(s.ca_cert),
    clientCert: path(s.client_cert),
    /** Absolute path of the client key (PEM); the certificate's file when it holds both. */
    clientKey: path(s.client_key ?? s.client_cert),
    apiAuth,
    /** Which of `apiAuth` is used. */
    credentialKind: kind,
    /** Standalone (bot credentials) or client-side (each person's own) authentication. */
    rbacAuth: rbac,
    /** Seconds between alias-index polls (the fallback to stream events) and credential checks. */
    timerUpdateSec: s.timer_update,
    /** The route stormbot sends as `notification_route`. */
    routeKey: s.route_key,
    /** Every route whose announcements are delivered: `routeKey` first, then the extra ones. */
    routes: [...new Set([s.route_key, ...s.routes])],
    /** Prefix of StackStorm commands (`st2` → `!st2 greet`); may be empty. */
    pluginPrefix: s.plugin_prefix,
    /** Lifetime of a client-side login link and session, in seconds. */
    sessionTtlSec: s.session_ttl,
    /** `ttl` asked for when exchanging a username and password for a token, in seconds. */
    userTokenTtlSec: s.user_token_ttl,
    /** Timeout of every StackStorm HTTP request, in seconds. */
    requestTimeoutSec: s.request_timeout,
  };
}

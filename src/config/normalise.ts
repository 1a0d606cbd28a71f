/**
 * From the validated file shape to `StormbotConfig`: defaults that depend on other keys, URL
 * derivation, checks across keys (incomplete or conflicting settings), and warnings.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { ENV_VARS, OTHER_ENV_VARS, setBy } from './env.js';
import type { FileConfig } from './schema.js';
import { credentialKind } from './st2.js';
import type {
  AclSettings,
  NormalisedAclRule,
  RbacAuth,
  StackStormSettings,
  StormbotConfig,
  WebSettings,
} from './types.js';
import {
  deriveServiceUrl,
  localBaseUrl,
  versionedBase,
  webuiBase,
  withTrailingSlash,
} from './urls.js';

/** What normalisation needs besides the validated file. */
export interface NormaliseContext {
  /** Dotted key → environment variable that set it. */
  readonly provenance: ReadonlyMap<string, string>;
  /** The environment (only `STORMBOT_SECRET_KEY`'s presence is read). */
  readonly env: NodeJS.ProcessEnv;
  /** Base for relative paths. */
  readonly cwd: string;
  /** Order of `acl.rules` keys as written, when known (JS objects reorder integer-like keys). */
  readonly ruleOrder?: readonly string[] | undefined;
  readonly source?: string | undefined;
  /** Warnings gathered so far (environment). */
  readonly warnings: readonly string[];
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/;

/** Naming of keys in errors: the environment variable when it set the key. */
class Names {
  constructor(private readonly provenance: ReadonlyMap<string, string>) {}

  /** The variable that set `key` (or a parent of it), if any. */
  fromEnv(key: string): string | undefined {
    return setBy(this.provenance, key);
  }

  /** `key` as the person knows it. */
  of(key: string): string {
    return this.fromEnv(key) ?? key;
  }

  /**
   * The error for a missing `key` that `because` needs. When `because` came from the
   * environment, the missing key is named by its own variable, since that is where the person
   * is configuring.
   */
  missing(
    key: string,
    because: string,
    reason = `is required when ${this.of(because)} is set`,
  ): ConfigError {
    const envName = this.fromEnv(because) ? ENV_VARS.find((v) => v.key === key)?.name : undefined;
    return new ConfigError(envName ?? key, reason);
  }

  /** An error about `key` itself, with the YAML key noted when a variable is named. */
  error(key: string, reason: string): ConfigError {
    const envName = this.fromEnv(key);
    return new ConfigError(envName ?? key, envName ? `${reason} (${key})` : reason);
  }
}

function absolute(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

function rule(raw: FileConfig['acl']['defaults']): NormalisedAclRule | undefined {
  return raw ? { ...raw } : undefined;
}

function aclSettings(file: FileConfig, order: readonly string[] | undefined): AclSettings {
  const keys = Object.keys(file.acl.rules);
  if (order) {
    const position = (k: string) => {
      const i = order.indexOf(k);
      return i === -1 ? order.length : i;
    };
    keys.sort((a, b) => position(a) - position(b));
  }
  return {
    rules: keys.map((command) => ({ command, rule: rule(file.acl.rules[command]) ?? {} })),
    defaults: rule(file.acl.defaults),
    admins: file.bot.admins,
    hideDenials: file.acl.hide_denials,
  };
}

function rbacAuth(file: FileConfig, names: Names): RbacAuth {
  const rbac = file.stackstorm.rbac_auth;
  if (rbac.serverside !== undefined) {
    throw names.error(
      'stackstorm.rbac_auth.serverside',
      'is not supported (err-stackstorm never finished it); use standalone or clientside',
    );
  }
  if (rbac.standalone && rbac.clientside) {
    throw names.error('stackstorm.rbac_auth', 'give one of standalone or clientside, not both');
  }
  if (rbac.clientside) {
    if (!rbac.clientside.url) {
      throw names.missing(
        'stackstorm.rbac_auth.clientside.url',
        'stackstorm.rbac_auth',
        "is required for client-side authentication (the public URL of stormbot's login page)",
      );
    }
    return { mode: 'clientside', url: withTrailingSlash(rbac.clientside.url) };
  }
  return { mode: 'standalone' };
}

type St2File = FileConfig['stackstorm'];

/** The bot's credentials, checked for completeness; warns when several kinds are given. */
function credentials(s: St2File, names: Names, warnings: string[]) {
  const user = s.api_auth.user;
  const userKey = 'stackstorm.api_auth.user';
  if (user) {
    if (user.name && !user.password) throw names.missing(`${userKey}.password`, `${userKey}.name`);
    if (user.password && !user.name) throw names.missing(`${userKey}.name`, `${userKey}.password`);
    if (!user.name && !user.password) throw names.error(userKey, 'needs a name and a password');
  }
  const given = (['apikey', 'token', 'user'] as const).filter((k) => s.api_auth[k] !== undefined);
  if (given.length > 1) {
    warnings.push(
      `stackstorm.api_auth has ${given.join(', ')}: using ${given[0] ?? ''} ` +
        '(precedence: apikey, then token, then user)',
    );
  }
  const first = given[0];
  return {
    apiAuth: {
      apiKey: s.api_auth.apikey,
      token: s.api_auth.token,
      username: user?.name,
      password: user?.password,
    },
    /** The key to name when credentials need something else (undefined: none given). */
    key:
      first === undefined
        ? undefined
        : first === 'user'
          ? `${userKey}.name`
          : `stackstorm.api_auth.${first}`,
  };
}

/** Without `api_url` nothing that needs a real StackStorm may be set; with it, no forced sandbox. */
function checkConfigured(s: St2File, credentialKey: string | undefined, names: Names): void {
  if (s.api_url !== undefined) {
    if (s.sandbox === 'always') {
      throw names.error(
        'stackstorm.sandbox',
        `"always" cannot be combined with ${names.of('stackstorm.api_url')} ` +
          '(the sandbox takes StackStorm\'s place); use "auto"',
      );
    }
    return;
  }
  for (const key of ['auth_url', 'stream_url'] as const) {
    if (s[key] !== undefined) throw names.missing('stackstorm.api_url', `stackstorm.${key}`);
  }
  if (credentialKey) throw names.missing('stackstorm.api_url', credentialKey);
  if (s.sandbox === 'never') {
    throw names.missing(
      'stackstorm.api_url',
      'stackstorm.sandbox',
      `is required when ${names.of('stackstorm.sandbox')} is "never"`,
    );
  }
}

/**
 * The three service URLs from a configured `api_url`: given ones normalised, missing ones
 * derived. An auth URL that cannot be derived is an error only where it is needed (`because`).
 */
function serviceUrls(
  s: St2File & { api_url: string },
  because: string | undefined,
  names: Names,
  warnings: string[],
): { apiUrl: string; authUrl: string; streamUrl: string } {
  const apiUrl = versionedBase(s.api_url);
  const resolveUrl = (service: 'auth' | 'stream', given: string | undefined): string => {
    if (given !== undefined) return versionedBase(given);
    const derived = deriveServiceUrl(apiUrl, service);
    if (derived.url) return derived.url;
    if (service === 'auth' && because) {
      const what =
        because === 'stackstorm.rbac_auth' ? 'client-side login' : 'a user name and password';
      throw names.missing(
        'stackstorm.auth_url',
        because,
        `is required for ${what} and cannot be derived from ${names.of('stackstorm.api_url')} ` +
          `${apiUrl} (only …/api/v1 and :9101 URLs can be)`,
      );
    }
    warnings.push(
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

function stackstorm(
  file: FileConfig,
  ctx: NormaliseContext,
  names: Names,
  warnings: string[],
): StackStormSettings {
  const s = file.stackstorm;
  const { apiAuth, key } = credentials(s, names, warnings);
  const kind = credentialKind(apiAuth);
  const rbac = rbacAuth(file, names);
  checkConfigured(s, key, names);
  if (s.client_key && !s.client_cert) {
    throw names.missing('stackstorm.client_cert', 'stackstorm.client_key');
  }

  const configured = s.api_url !== undefined;
  let urls: Partial<ReturnType<typeof serviceUrls>> = {};
  if (s.api_url !== undefined) {
    const needsAuth =
      kind === 'password' ? key : rbac.mode === 'clientside' ? 'stackstorm.rbac_auth' : undefined;
    urls = serviceUrls({ ...s, api_url: s.api_url }, needsAuth, names, warnings);
    if (kind === 'none') {
      warnings.push(
        'no StackStorm credentials (stackstorm.api_auth): fine only if StackStorm runs with ' +
          'authentication disabled',
      );
    }
  }
  if (!s.verify_cert) {
    warnings.push('stackstorm.verify_cert is false: StackStorm certificates are not checked');
  }
  if (s.secrets_store !== undefined) {
    warnings.push(
      'stackstorm.secrets_store is ignored: stormbot keeps secrets encrypted in its store (store.*)',
    );
  }
  if (s.oob_auth_url !== undefined) {
    warnings.push('stackstorm.oob_auth_url is ignored: use stackstorm.rbac_auth.clientside.url');
  }

  const path = (p: string | undefined) => (p === undefined ? undefined : absolute(ctx.cwd, p));
  return {
    configured,
    sandbox: s.sandbox,
    useSandbox: s.sandbox === 'always' || (s.sandbox === 'auto' && !configured),
    apiUrl: urls.apiUrl,
    authUrl: urls.authUrl,
    streamUrl: urls.streamUrl,
    webuiUrl: s.webui_url === undefined ? undefined : webuiBase(s.webui_url),
    verifyCert: s.verify_cert,
    caCert: path(s.ca_cert),
    clientCert: path(s.client_cert),
    clientKey: path(s.client_key ?? s.client_cert),
    apiAuth,
    credentialKind: kind,
    rbacAuth: rbac,
    timerUpdateSec: s.timer_update,
    routeKey: s.route_key,
    routes: [...new Set([s.route_key, ...s.routes])],
    pluginPrefix: s.plugin_prefix,
    sessionTtlSec: s.session_ttl,
    userTokenTtlSec: s.user_token_ttl,
    requestTimeoutSec: s.request_timeout,
  };
}

function web(
  file: FileConfig,
  st2: StackStormSettings,
  names: Names,
  warnings: string[],
): WebSettings {
  const w = file.web;
  const clientside = st2.rbacAuth.mode === 'clientside';
  const webhook = file.webhook.token !== undefined || file.webhook.hmac_secret !== undefined;
  if (w.enabled === false && clientside) {
    throw names.error(
      'web.enabled',
      'must not be false with client-side authentication (the web server serves the login page)',
    );
  }
  if (w.enabled === false && webhook) {
    warnings.push('webhook.* is set but web.enabled is false: the webhook is not served');
  }
  const enabled = w.enabled === 'auto' ? clientside || webhook : w.enabled;
  const explicit =
    w.base_url ?? (st2.rbacAuth.mode === 'clientside' ? st2.rbacAuth.url : undefined);
  const baseUrl =
    explicit === undefined ? localBaseUrl(w.host, w.port) : withTrailingSlash(explicit);
  if (enabled && explicit === undefined && !LOOPBACK.test(w.host)) {
    warnings.push(`web.base_url is not set: links will use ${baseUrl}`);
  }
  if (st2.rbacAuth.mode === 'clientside') {
    const login = new URL(st2.rbacAuth.url);
    if (login.protocol === 'http:' && !LOOPBACK.test(login.hostname)) {
      warnings.push(
        `stackstorm.rbac_auth.clientside.url is plain http (${login.host}): people's StackStorm ` +
          'passwords would cross the network unencrypted; serve it over https',
      );
    }
  }
  const trust = w.trust_proxy;
  if (typeof trust === 'number') {
    warnings.push(
      'web.trust_proxy is a hop count: the server cannot tell which hops to believe, so it ignores ' +
        "X-Forwarded-* headers; list the proxies' addresses instead",
    );
  }
  return {
    enabled,
    host: w.host,
    port: w.port,
    baseUrl,
    baseUrlExplicit: explicit !== undefined,
    trustProxy:
      typeof trust === 'string'
        ? trust
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : trust,
  };
}

/** Build the final configuration (not yet frozen). Throws `ConfigError`. */
export function normalise(file: FileConfig, ctx: NormaliseContext): StormbotConfig {
  const names = new Names(ctx.provenance);
  const warnings = [...ctx.warnings];
  const dataDir = absolute(ctx.cwd, file.bot.data_dir);
  const st2 = stackstorm(file, ctx, names, warnings);

  for (const key of ['token', 'hmac_secret'] as const) {
    const value = file.webhook[key];
    if (value !== undefined && value.length < 16) {
      warnings.push(`webhook.${key} is shorter than 16 characters: use a long random value`);
    }
  }
  const store = file.store;
  if (store.driver === 'redis' && store.redis_url === undefined) {
    throw names.missing(
      'store.redis_url',
      'store.driver',
      'is required when store.driver is "redis"',
    );
  }
  if (store.driver !== 'redis' && store.redis_url !== undefined) {
    warnings.push(`store.redis_url is ignored: store.driver is "${store.driver}"`);
  }
  const delivery = file.delivery;
  if (delivery.retry_max_ms < delivery.retry_base_ms) {
    throw names.error(
      'delivery.retry_max_ms',
      `must be at least delivery.retry_base_ms (${delivery.retry_base_ms})`,
    );
  }

  return {
    source: ctx.source,
    bot: {
      name: file.bot.name,
      altNames: file.bot.alt_names,
      prefix: file.bot.prefix,
      prefixOptionalInDirect: file.bot.prefix_optional_in_direct,
      admins: file.bot.admins,
      adminChannels: file.bot.admin_channels,
      dataDir,
    },
    backend: file.backend,
    backends: file.backends,
    stackstorm: st2,
    acl: aclSettings(file, ctx.ruleOrder),
    web: web(file, st2, names, warnings),
    webhook: { token: file.webhook.token, hmacSecret: file.webhook.hmac_secret },
    store: {
      driver: store.driver,
      path: absolute(ctx.cwd, store.path ?? join(dataDir, 'stormbot.db')),
      redisUrl: store.redis_url,
      keyPrefix: store.key_prefix,
    },
    secrets: {
      keyFile: absolute(ctx.cwd, file.secrets.key_file ?? join(dataDir, 'secret.key')),
      keyInEnv: (ctx.env[OTHER_ENV_VARS.secretKey] ?? '') !== '',
    },
    delivery: {
      queueSize: delivery.queue_size,
      maxAttempts: delivery.max_attempts,
      retryBaseMs: delivery.retry_base_ms,
      retryMaxMs: delivery.retry_max_ms,
    },
    logging: { level: file.logging.level },
    warnings,
  };
}

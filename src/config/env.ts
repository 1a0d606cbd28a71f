/**
 * Environment overrides: stormbot's own `STORMBOT_*` variables and the ones st2chatops operators
 * already have (`ST2_*`, `HUBOT_*`, `EXPRESS_PORT`…). Each variable sets one key of the file's
 * shape; the environment wins over the file. An empty variable counts as unset (st2chatops.env
 * ships `ST2_API_KEY=` empty).
 */
import { ConfigError } from '../core/errors.js';

/** Returned by a parser to ignore the variable. */
const SKIP = Symbol('skip');

/** One environment variable stormbot reads. */
export interface EnvVarSpec {
  /** The variable's name. */
  readonly name: string;
  /** Dotted key of the file it sets; `''` when it sets none (read elsewhere, or only noted). */
  readonly key: string;
  /** Turns the text into the key's value; throws a `ConfigError` naming the variable. */
  readonly parse: (value: string, name: string) => unknown;
  /** Warning to give when the variable is used. */
  readonly warning?: string | undefined;
}

function reject(name: string, reason: string): never {
  throw new ConfigError(name, reason);
}

const str = (value: string) => value;

const int = (value: string, name: string): number =>
  /^\s*[+-]?\d+\s*$/.test(value)
    ? Number(value)
    : reject(name, `must be a whole number, not "${value.slice(0, 40)}"`);

const num = (value: string, name: string): number =>
  /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/.test(value)
    ? Number(value)
    : reject(name, `must be a number, not "${value.slice(0, 40)}"`);

const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

const bool = (value: string, name: string): boolean => {
  const v = value.trim().toLowerCase();
  if (TRUE.includes(v)) return true;
  if (FALSE.includes(v)) return false;
  return reject(name, `must be true or false, not "${value.slice(0, 40)}"`);
};

const csv = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** `web.enabled` takes `auto` as well as a boolean. */
const autoOrBool = (value: string, name: string): boolean | 'auto' =>
  value.trim().toLowerCase() === 'auto' ? 'auto' : bool(value, name);

/** `web.trust_proxy`: boolean, hop count, or comma-separated addresses. */
const trustProxy = (value: string): unknown => {
  const v = value.trim().toLowerCase();
  if (TRUE.includes(v) && v !== '1') return true;
  if (FALSE.includes(v) && v !== '0') return false;
  if (/^\d+$/.test(v)) return Number(v);
  return csv(value);
};

/** hubot-matteruser's `MATTERMOST_HOST` is a host name (maybe with a port); we want a URL. */
const mattermostUrl = (value: string): string => {
  const v = value.trim();
  return /^https?:\/\//i.test(v) ? v : `https://${v}`;
};

/** hubot's adapter names → stormbot back-end names. */
const ADAPTERS: Record<string, string> = {
  shell: 'terminal',
  slack: 'slack',
  '@hubot-friends/hubot-slack': 'slack',
  'hubot-slack': 'slack',
  matteruser: 'mattermost',
  mattermost: 'mattermost',
  xmpp: 'xmpp',
  irc: 'irc',
};

/** hubot's log levels (the `log` package's) → pino levels. */
const HUBOT_LEVELS: Record<string, string> = {
  debug: 'debug',
  info: 'info',
  notice: 'info',
  warning: 'warn',
  warn: 'warn',
  error: 'error',
  critical: 'fatal',
  alert: 'fatal',
  emergency: 'fatal',
};

function hostToApiUrl(value: string, name: string): string {
  if (!/^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(value.trim())) {
    reject(name, 'must be a host name (optionally with :port), not a URL');
  }
  return `https://${value.trim()}/api`;
}

/**
 * Every variable, grouped by the key it sets. Within a key the first variable that is set wins,
 * so `STORMBOT_*` comes before the st2chatops name.
 */
export const ENV_VARS: readonly EnvVarSpec[] = [
  { name: 'STORMBOT_NAME', key: 'bot.name', parse: str },
  { name: 'HUBOT_NAME', key: 'bot.name', parse: str },
  { name: 'STORMBOT_ALT_NAMES', key: 'bot.alt_names', parse: csv },
  { name: 'STORMBOT_PREFIX', key: 'bot.prefix', parse: str },
  { name: 'HUBOT_ALIAS', key: 'bot.prefix', parse: str },
  { name: 'STORMBOT_ADMINS', key: 'bot.admins', parse: csv },
  { name: 'STORMBOT_ADMIN_CHANNELS', key: 'bot.admin_channels', parse: csv },
  { name: 'STORMBOT_DATA_DIR', key: 'bot.data_dir', parse: str },
  { name: 'STORMBOT_BACKEND', key: 'backend', parse: str },
  {
    name: 'HUBOT_ADAPTER',
    key: 'backend',
    parse: (v) => ADAPTERS[v.trim().toLowerCase()] ?? v.trim().toLowerCase(),
  },

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
  { name: 'STORMBOT_AUTH_MODE', key: 'stackstorm.rbac_auth', parse: str },
  { name: 'STORMBOT_LOGIN_URL', key: 'stackstorm.rbac_auth.clientside.url', parse: str },
  { name: 'STORMBOT_TIMER_UPDATE', key: 'stackstorm.timer_update', parse: int },
  { name: 'ST2_COMMANDS_RELOAD_INTERVAL', key: 'stackstorm.timer_update', parse: int },
  { name: 'ST2_ROUTE', key: 'stackstorm.route_key', parse: str },
  { name: 'STORMBOT_ROUTES', key: 'stackstorm.routes', parse: csv },
  { name: 'STORMBOT_PLUGIN_PREFIX', key: 'stackstorm.plugin_prefix', parse: str },
  { name: 'STORMBOT_SESSION_TTL', key: 'stackstorm.session_ttl', parse: int },
  { name: 'STORMBOT_USER_TOKEN_TTL', key: 'stackstorm.user_token_ttl', parse: int },
  { name: 'STORMBOT_REQUEST_TIMEOUT', key: 'stackstorm.request_timeout', parse: num },
  { name: 'STORMBOT_SANDBOX', key: 'stackstorm.sandbox', parse: (v) => v.trim().toLowerCase() },
  {
    name: 'ST2_MAX_MESSAGE_LENGTH',
    key: '',
    parse: () => SKIP,
    warning:
      'ST2_MAX_MESSAGE_LENGTH is ignored: stormbot never truncates; it splits long messages by ' +
      "each chat back-end's own limit",
  },

  { name: 'STORMBOT_HIDE_DENIALS', key: 'acl.hide_denials', parse: bool },

  { name: 'STORMBOT_WEB_ENABLED', key: 'web.enabled', parse: autoOrBool },
  { name: 'STORMBOT_WEB_HOST', key: 'web.host', parse: str },
  { name: 'EXPRESS_BIND_ADDRESS', key: 'web.host', parse: str },
  { name: 'STORMBOT_WEB_PORT', key: 'web.port', parse: int },
  { name: 'EXPRESS_PORT', key: 'web.port', parse: int },
  { name: 'PORT', key: 'web.port', parse: int },
  { name: 'STORMBOT_BASE_URL', key: 'web.base_url', parse: str },
  { name: 'STORMBOT_TRUST_PROXY', key: 'web.trust_proxy', parse: trustProxy },

  { name: 'STORMBOT_WEBHOOK_TOKEN', key: 'webhook.token', parse: str },
  { name: 'STORMBOT_WEBHOOK_HMAC_SECRET', key: 'webhook.hmac_secret', parse: str },

  { name: 'STORMBOT_STORE', key: 'store.driver', parse: (v) => v.trim().toLowerCase() },
  { name: 'STORMBOT_STORE_PATH', key: 'store.path', parse: str },
  { name: 'STORMBOT_REDIS_URL', key: 'store.redis_url', parse: str },
  { name: 'STORMBOT_STORE_KEY_PREFIX', key: 'store.key_prefix', parse: str },
  { name: 'STORMBOT_SECRET_KEY_FILE', key: 'secrets.key_file', parse: str },

  // st2chatops' chat settings, so its environment file works unchanged.
  { name: 'HUBOT_SLACK_BOT_TOKEN', key: 'backends.slack.bot_token', parse: str },
  { name: 'HUBOT_SLACK_APP_TOKEN', key: 'backends.slack.app_token', parse: str },
  { name: 'HUBOT_SLACK_TOKEN', key: 'backends.slack.bot_token', parse: str },
  { name: 'MATTERMOST_HOST', key: 'backends.mattermost.url', parse: mattermostUrl },
  { name: 'MATTERMOST_GROUP', key: 'backends.mattermost.team', parse: str },
  { name: 'MATTERMOST_ACCESS_TOKEN', key: 'backends.mattermost.token', parse: str },

  { name: 'STORMBOT_LOG_LEVEL', key: 'logging.level', parse: (v) => v.trim().toLowerCase() },
  {
    name: 'HUBOT_LOG_LEVEL',
    key: 'logging.level',
    parse: (v, name) =>
      HUBOT_LEVELS[v.trim().toLowerCase()] ??
      reject(
        name,
        `must be one of ${Object.keys(HUBOT_LEVELS).join(', ')}, not "${v.slice(0, 40)}"`,
      ),
  },
];

/** Variables read outside the file's keys (documented alongside the others). */
export const OTHER_ENV_VARS = {
  /** Path of the configuration file. */
  config: 'STORMBOT_CONFIG',
  /** The secret store's encryption key; wins over the key file; never part of the config. */
  secretKey: 'STORMBOT_SECRET_KEY',
} as const;

/** The environment layer: values to lay over the file, and which variable set each key. */
export interface EnvLayer {
  /** Dotted key → value, in the file's (snake_case) shape. */
  readonly values: ReadonlyMap<string, unknown>;
  /** Dotted key → the variable that set it. */
  readonly provenance: ReadonlyMap<string, string>;
  readonly warnings: readonly string[];
}

const CREDENTIAL_GROUPS: Record<string, string> = {
  'stackstorm.api_auth.apikey': 'apikey',
  'stackstorm.api_auth.token': 'token',
  'stackstorm.api_auth.user.name': 'user',
  'stackstorm.api_auth.user.password': 'user',
};

/** Read the environment into a layer. Throws `ConfigError` naming a variable it cannot parse. */
export function readEnv(env: NodeJS.ProcessEnv): EnvLayer {
  const values = new Map<string, unknown>();
  const provenance = new Map<string, string>();
  const warnings: string[] = [];
  for (const spec of ENV_VARS) {
    const raw = env[spec.name];
    if (raw === undefined || raw === '') continue;
    if (spec.key !== '' && provenance.has(spec.key)) continue;
    const value = spec.parse(raw, spec.name);
    if (spec.warning && (value !== SKIP || spec.key === '')) warnings.push(spec.warning);
    if (value === SKIP || spec.key === '') continue;
    values.set(spec.key, value);
    provenance.set(spec.key, spec.name);
  }
  return { values, provenance, warnings };
}

type Tree = Record<string, unknown>;

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Set a dotted key, creating mappings on the way; leaves non-mappings alone (the schema reports them). */
function setPath(tree: Tree, key: string, value: unknown): void {
  const parts = key.split('.');
  const last = parts.pop() ?? key;
  let node: Tree = tree;
  for (const part of parts) {
    const next = node[part];
    if (next === undefined) node[part] = {};
    else if (!isTree(next)) return;
    node = node[part] as Tree;
  }
  node[last] = value;
}

function getPath(tree: Tree, key: string): unknown {
  let node: unknown = tree;
  for (const part of key.split('.')) node = isTree(node) ? node[part] : undefined;
  return node;
}

function clone(value: unknown): unknown {
  return structuredClone(value);
}

/**
 * The file's (null-free) values with the environment laid over them. Two groups are replaced
 * rather than merged, so the environment really wins:
 * - credentials: once the environment gives one kind (API key, token, user), the file's other
 *   kinds are dropped; a user's name and password still combine across file and environment;
 * - `rbac_auth`: `STORMBOT_AUTH_MODE` / `STORMBOT_LOGIN_URL` replace the file's mode.
 */
export function overlayEnv(file: Tree, layer: EnvLayer): { tree: Tree; warnings: string[] } {
  const tree = clone(file) as Tree;
  const warnings: string[] = [];

  const envKinds = new Set(
    [...layer.values.keys()].flatMap((k) => (k in CREDENTIAL_GROUPS ? [CREDENTIAL_GROUPS[k]] : [])),
  );
  const apiAuth = getPath(tree, 'stackstorm.api_auth');
  if (envKinds.size > 0 && isTree(apiAuth)) {
    for (const kind of ['apikey', 'token', 'user']) {
      if (!envKinds.has(kind) && apiAuth[kind] !== undefined) {
        apiAuth[kind] = undefined;
        warnings.push(
          `stackstorm.api_auth.${kind} in the file is ignored: the environment gives the credentials`,
        );
      }
    }
  }

  for (const [key, value] of layer.values) {
    if (key === 'stackstorm.rbac_auth') {
      const mode = String(value).trim().toLowerCase();
      if (mode !== 'standalone' && mode !== 'clientside') {
        throw new ConfigError(
          'STORMBOT_AUTH_MODE',
          `must be one of "standalone", "clientside", not "${mode}"`,
        );
      }
      const fileUrl = getPath(tree, 'stackstorm.rbac_auth.clientside.url');
      const envUrl = layer.values.get('stackstorm.rbac_auth.clientside.url');
      const url = envUrl ?? fileUrl;
      setPath(
        tree,
        key,
        mode === 'standalone'
          ? { standalone: {} }
          : { clientside: url === undefined ? {} : { url } },
      );
    } else if (key === 'stackstorm.rbac_auth.clientside.url') {
      if (!layer.values.has('stackstorm.rbac_auth')) {
        setPath(tree, 'stackstorm.rbac_auth', { clientside: { url: value } });
      }
    } else {
      setPath(tree, key, value);
    }
  }
  return { tree, warnings };
}

/** The variable that set `key` or one of its parents, if any. */
export function setBy(provenance: ReadonlyMap<string, string>, key: string): string | undefined {
  for (let k = key; k !== ''; k = k.includes('.') ? k.slice(0, k.lastIndexOf('.')) : '') {
    const name = provenance.get(k);
    if (name) return name;
  }
  return undefined;
}

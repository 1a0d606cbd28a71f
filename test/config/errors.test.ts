import { describe, test } from 'node:test';
import { assertConfigError, parse } from './support.js';

interface ErrorCase {
  readonly name: string;
  readonly raw?: unknown;
  readonly env?: NodeJS.ProcessEnv;
  /** The key the error names (a dotted key or an environment variable). */
  readonly key: string;
  /** The whole one-line message. */
  readonly message: string;
}

const API = 'https://st2.example.com/api';

const cases: ErrorCase[] = [
  // unknown keys
  { name: 'unknown top-level key', raw: { bogus: 1 }, key: 'bogus', message: 'bogus: unknown key' },
  {
    name: 'misspelt key gets a suggestion',
    raw: { stackstorm: { api_ur: API } },
    key: 'stackstorm.api_ur',
    message: 'stackstorm.api_ur: unknown key; did you mean "api_url"?',
  },
  {
    name: "Errbot's upper-case STACKSTORM",
    raw: { STACKSTORM: {} },
    key: 'STACKSTORM',
    message: 'STACKSTORM: unknown key; did you mean "stackstorm"?',
  },
  {
    name: 'unknown ACL rule key',
    raw: { acl: { rules: { 'st2:*': { allowuser: ['a'] } } } },
    key: 'acl.rules.st2:*.allowuser',
    message: 'acl.rules.st2:*.allowuser: unknown key; did you mean "allowusers"?',
  },
  {
    name: 'several unknown keys are listed',
    raw: { web: { hostname: 'x', portt: 1 } },
    key: 'web.hostname',
    message: 'web.hostname: unknown key; did you mean "host"? (also: portt)',
  },
  {
    name: 'an unknown key is reported before other problems',
    raw: { web: { port: 'x', bogus: 1 } },
    key: 'web.bogus',
    message: 'web.bogus: unknown key',
  },

  // wrong types and values
  {
    name: 'matching.ambiguous is refuse or longest',
    raw: { matching: { ambiguous: 'first' } },
    key: 'matching.ambiguous',
    message: 'matching.ambiguous: must be refuse or longest',
  },
  {
    name: 'STORMBOT_MATCHING_AMBIGUOUS is refuse or longest',
    env: { STORMBOT_MATCHING_AMBIGUOUS: 'any' },
    key: 'STORMBOT_MATCHING_AMBIGUOUS',
    message: 'STORMBOT_MATCHING_AMBIGUOUS: must be refuse or longest (matching.ambiguous)',
  },
  {
    name: 'webhook.trusted_sources holds addresses or CIDR ranges',
    raw: { webhook: { trusted_sources: ['st2.example.com'] } },
    key: 'webhook.trusted_sources',
    message:
      'webhook.trusted_sources: "st2.example.com" is not an IP address or a CIDR range (127.0.0.1, 10.0.0.0/8, ::1)',
  },
  {
    name: 'string for a boolean',
    raw: { stackstorm: { verify_cert: 'no' } },
    key: 'stackstorm.verify_cert',
    message: 'stackstorm.verify_cert: must be true or false, not the string "no"',
  },
  {
    name: 'fraction for a whole number',
    raw: { stackstorm: { timer_update: 1.5 } },
    key: 'stackstorm.timer_update',
    message: 'stackstorm.timer_update: must be a whole number, not 1.5',
  },
  {
    name: 'string for a number',
    raw: { web: { port: 'abc' } },
    key: 'web.port',
    message: 'web.port: must be a number, not the string "abc"',
  },
  {
    name: 'number below the minimum',
    raw: { stackstorm: { session_ttl: 0 } },
    key: 'stackstorm.session_ttl',
    message: 'stackstorm.session_ttl: must be at least 1',
  },
  {
    name: 'port above 65535',
    raw: { web: { port: 70000 } },
    key: 'web.port',
    message: 'web.port: must be at most 65535',
  },
  {
    name: 'zero request timeout',
    raw: { stackstorm: { request_timeout: 0 } },
    key: 'stackstorm.request_timeout',
    message: 'stackstorm.request_timeout: must be greater than 0',
  },
  {
    name: 'value outside an enumeration',
    raw: { logging: { level: 'loud' } },
    key: 'logging.level',
    message:
      'logging.level: must be one of "fatal", "error", "warn", "info", "debug", "trace", "silent", not "loud"',
  },
  {
    name: 'unknown store driver',
    raw: { store: { driver: 'mysql' } },
    key: 'store.driver',
    message: 'store.driver: must be one of "sqlite", "memory", "redis", not "mysql"',
  },
  {
    name: 'web.enabled neither auto nor a boolean',
    raw: { web: { enabled: 'sometimes' } },
    key: 'web.enabled',
    message: 'web.enabled: must be auto, true or false',
  },
  {
    name: 'a section that is not a mapping',
    raw: { stackstorm: 'https://st2' },
    key: 'stackstorm',
    message: 'stackstorm: must be a mapping (key: value), not a string',
  },
  {
    name: 'a string where a list is expected',
    raw: { bot: { alt_names: 'bot' } },
    key: 'bot.alt_names',
    message: 'bot.alt_names: must be a list of strings',
  },
  {
    // A whole number is an id (Telegram, Discord: see acl.test.ts); a fraction or a flag is not.
    name: 'a value that is not an id in an ACL list',
    raw: { acl: { rules: { 'st2:*': { allowusers: true } } } },
    key: 'acl.rules.st2:*.allowusers',
    message: 'acl.rules.st2:*.allowusers: must be a string, a number or a list of them',
  },
  {
    name: 'a back-end entry that is not a mapping',
    raw: { backends: { slack: 'xoxb' } },
    key: 'backends.slack',
    message: 'backends.slack: must be a mapping',
  },
  {
    name: 'a name with spaces',
    raw: { bot: { name: 'storm bot' } },
    key: 'bot.name',
    message: 'bot.name: must be a name without spaces',
  },
  {
    name: 'an empty route',
    raw: { stackstorm: { route_key: '' } },
    key: 'stackstorm.route_key',
    message: 'stackstorm.route_key: must not be empty',
  },
  {
    name: 'the password as a number is not echoed',
    raw: { stackstorm: { api_url: API, api_auth: { user: { name: 'bot', password: 123456 } } } },
    key: 'stackstorm.api_auth.user.password',
    message: 'stackstorm.api_auth.user.password: must be a string, not a number',
  },
  {
    name: 'the whole file is a list',
    raw: ['a'],
    key: '',
    message: 'the configuration must be a mapping of keys (bot:, stackstorm:, …), not a list',
  },

  // bad URLs
  {
    name: 'URL without a scheme',
    raw: { stackstorm: { api_url: 'st2.example.com/api' } },
    key: 'stackstorm.api_url',
    message: 'stackstorm.api_url: must be an absolute URL starting with http:// or https://',
  },
  {
    name: 'URL with another scheme',
    raw: { stackstorm: { api_url: 'ftp://st2.example.com/' } },
    key: 'stackstorm.api_url',
    message: 'stackstorm.api_url: must start with http:// or https://, not ftp://',
  },
  {
    name: 'URL with credentials (not echoed)',
    raw: { stackstorm: { api_url: 'https://bot:s3cret@st2.example.com/api' } },
    key: 'stackstorm.api_url',
    message: 'stackstorm.api_url: must not contain a user name or password',
  },
  {
    name: 'bad web UI URL',
    raw: { stackstorm: { webui_url: 'st2.example.com' } },
    key: 'stackstorm.webui_url',
    message: 'stackstorm.webui_url: must be an absolute URL starting with http:// or https://',
  },
  {
    name: 'bad client-side login URL',
    raw: { stackstorm: { api_url: API, rbac_auth: { clientside: { url: '/login' } } } },
    key: 'stackstorm.rbac_auth.clientside.url',
    message:
      'stackstorm.rbac_auth.clientside.url: must be an absolute URL starting with http:// or https://',
  },
  {
    name: 'bad base URL',
    raw: { web: { base_url: 'bot.example.com' } },
    key: 'web.base_url',
    message: 'web.base_url: must be an absolute URL starting with http:// or https://',
  },
  {
    name: 'base URL with another scheme',
    raw: { web: { base_url: 'ftp://bot.example.com/' } },
    key: 'web.base_url',
    message: 'web.base_url: must start with http:// or https://, not ftp://',
  },
  {
    name: 'base URL with credentials',
    raw: { web: { base_url: 'https://u:p@bot.example.com/' } },
    key: 'web.base_url',
    message: 'web.base_url: must not contain a user name or password',
  },
  {
    name: 'a route the stream filter cannot carry',
    raw: { stackstorm: { routes: ['chat*'] } },
    key: 'stackstorm.routes.0',
    message: 'stackstorm.routes.0: must not contain , * ? [ or ]',
  },
  {
    name: 'a route key the stream filter cannot carry',
    raw: { stackstorm: { route_key: 'a,b' } },
    key: 'stackstorm.route_key',
    message: 'stackstorm.route_key: must not contain , * ? [ or ]',
  },

  // back-ends
  {
    name: 'unknown back-end',
    raw: { backend: 'telegraph' },
    key: 'backend',
    message:
      'backend: unknown back-end "telegraph" (known: terminal, test, slack, mattermost, xmpp, irc)',
  },
  {
    name: "the chosen back-end's settings are validated by its schema",
    raw: {
      backend: 'irc',
      backends: { irc: { server: 'irc.example.org', nick: 'bot', chanels: [] } },
    },
    key: 'backends.irc.chanels',
    message: 'backends.irc.chanels: unknown key; did you mean "channels"?',
  },
  {
    name: 'a missing setting of the chosen back-end',
    raw: { backend: 'slack', backends: { slack: { app_token: 'xapp-1' } } },
    key: 'backends.slack.bot_token',
    message: 'backends.slack.bot_token: is required (or HUBOT_SLACK_BOT_TOKEN)',
  },
  {
    name: 'a back-end setting from the environment is named by its variable',
    env: {
      HUBOT_ADAPTER: 'slack',
      HUBOT_SLACK_APP_TOKEN: 'xapp-1',
      HUBOT_SLACK_BOT_TOKEN: 'xapp-2',
    },
    key: 'HUBOT_SLACK_BOT_TOKEN',
    message: 'HUBOT_SLACK_BOT_TOKEN: must be a bot token (xoxb-…) (backends.slack.bot_token)',
  },
  {
    name: 'a back-end checks across its keys',
    raw: {
      backend: 'xmpp',
      backends: {
        xmpp: { jid: 'a@b.c', password: 'p', reconnect: { initial_seconds: 5, max_seconds: 1 } },
      },
    },
    key: 'backends.xmpp.reconnect.max_seconds',
    message: 'backends.xmpp.reconnect.max_seconds: must not be smaller than initial_seconds',
  },
  {
    name: 'Redis URL with another scheme',
    raw: { store: { driver: 'redis', redis_url: 'http://redis:6379' } },
    key: 'store.redis_url',
    message: 'store.redis_url: must start with redis:// or rediss://, not http://',
  },

  // incomplete or conflicting credentials
  {
    name: 'user without password',
    raw: { stackstorm: { api_url: API, api_auth: { user: { name: 'bot' } } } },
    key: 'stackstorm.api_auth.user.password',
    message:
      'stackstorm.api_auth.user.password: is required when stackstorm.api_auth.user.name is set',
  },
  {
    name: 'password without user',
    raw: { stackstorm: { api_url: API, api_auth: { user: { password: 'pw' } } } },
    key: 'stackstorm.api_auth.user.name',
    message:
      'stackstorm.api_auth.user.name: is required when stackstorm.api_auth.user.password is set',
  },
  {
    name: 'an empty user',
    raw: { stackstorm: { api_url: API, api_auth: { user: {} } } },
    key: 'stackstorm.api_auth.user',
    message: 'stackstorm.api_auth.user: needs a name and a password',
  },
  {
    name: 'ST2_AUTH_USERNAME without ST2_AUTH_PASSWORD',
    env: { ST2_API_URL: API, ST2_AUTH_USERNAME: 'st2admin' },
    key: 'ST2_AUTH_PASSWORD',
    message: 'ST2_AUTH_PASSWORD: is required when ST2_AUTH_USERNAME is set',
  },
  {
    name: 'ST2_AUTH_PASSWORD without ST2_AUTH_USERNAME',
    env: { ST2_API_URL: API, ST2_AUTH_PASSWORD: 'pw' },
    key: 'ST2_AUTH_USERNAME',
    message: 'ST2_AUTH_USERNAME: is required when ST2_AUTH_PASSWORD is set',
  },
  {
    name: 'credentials without api_url',
    raw: { stackstorm: { api_auth: { apikey: 'k' } } },
    key: 'stackstorm.api_url',
    message: 'stackstorm.api_url: is required when stackstorm.api_auth.apikey is set',
  },
  {
    name: 'ST2_API_KEY without ST2_API_URL',
    env: { ST2_API_KEY: 'k' },
    key: 'ST2_API_URL',
    message: 'ST2_API_URL: is required when ST2_API_KEY is set',
  },
  {
    name: 'auth_url without api_url',
    raw: { stackstorm: { auth_url: 'https://st2.example.com/auth' } },
    key: 'stackstorm.api_url',
    message: 'stackstorm.api_url: is required when stackstorm.auth_url is set',
  },
  {
    name: 'stream_url without api_url',
    raw: { stackstorm: { stream_url: 'https://st2.example.com/stream' } },
    key: 'stackstorm.api_url',
    message: 'stackstorm.api_url: is required when stackstorm.stream_url is set',
  },
  {
    name: 'user and password with an auth URL that cannot be derived',
    raw: {
      stackstorm: {
        api_url: 'https://st2.example.com/',
        api_auth: { user: { name: 'a', password: 'b' } },
      },
    },
    key: 'stackstorm.auth_url',
    message:
      'stackstorm.auth_url: is required for a user name and password and cannot be derived from ' +
      'stackstorm.api_url https://st2.example.com/v1 (only …/api/v1 and :9101 URLs can be)',
  },
  {
    name: 'client-side login with an auth URL that cannot be derived',
    raw: {
      stackstorm: {
        api_url: 'https://st2.example.com/',
        rbac_auth: { clientside: { url: 'https://bot.example.com/' } },
      },
    },
    key: 'stackstorm.auth_url',
    message:
      'stackstorm.auth_url: is required for client-side login and cannot be derived from ' +
      'stackstorm.api_url https://st2.example.com/v1 (only …/api/v1 and :9101 URLs can be)',
  },
  {
    name: 'client_key without client_cert',
    raw: { stackstorm: { api_url: API, client_key: '/tls/k.pem' } },
    key: 'stackstorm.client_cert',
    message: 'stackstorm.client_cert: is required when stackstorm.client_key is set',
  },

  // rbac_auth
  {
    name: 'clientside without url',
    raw: { stackstorm: { api_url: API, rbac_auth: { clientside: null } } },
    key: 'stackstorm.rbac_auth.clientside.url',
    message:
      "stackstorm.rbac_auth.clientside.url: is required for client-side authentication (the public URL of stormbot's login page)",
  },
  {
    name: 'both standalone and clientside',
    raw: {
      stackstorm: {
        api_url: API,
        rbac_auth: { standalone: {}, clientside: { url: 'https://bot.example.com/' } },
      },
    },
    key: 'stackstorm.rbac_auth',
    message: 'stackstorm.rbac_auth: give one of standalone or clientside, not both',
  },
  {
    name: 'serverside is refused',
    raw: { stackstorm: { rbac_auth: { serverside: {} } } },
    key: 'stackstorm.rbac_auth.serverside',
    message:
      'stackstorm.rbac_auth.serverside: is not supported (err-stackstorm never finished it); use standalone or clientside',
  },
  {
    name: 'unknown rbac_auth mode',
    raw: { stackstorm: { rbac_auth: { ldap: {} } } },
    key: 'stackstorm.rbac_auth.ldap',
    message: 'stackstorm.rbac_auth.ldap: unknown key',
  },
  {
    name: 'STORMBOT_AUTH_MODE=clientside without a URL',
    env: { ST2_API_URL: API, STORMBOT_AUTH_MODE: 'clientside' },
    key: 'STORMBOT_LOGIN_URL',
    message:
      "STORMBOT_LOGIN_URL: is required for client-side authentication (the public URL of stormbot's login page)",
  },
  {
    name: 'STORMBOT_AUTH_MODE unknown',
    env: { STORMBOT_AUTH_MODE: 'serverside' },
    key: 'STORMBOT_AUTH_MODE',
    message: 'STORMBOT_AUTH_MODE: must be one of "standalone", "clientside", not "serverside"',
  },
  {
    name: 'web server off with client-side login',
    raw: {
      stackstorm: { api_url: API, rbac_auth: { clientside: { url: 'https://bot.example.com/' } } },
      web: { enabled: false },
    },
    key: 'web.enabled',
    message:
      'web.enabled: must not be false with client-side authentication (the web server serves the login page)',
  },

  // sandbox, store, delivery
  {
    name: 'sandbox never without api_url',
    raw: { stackstorm: { sandbox: 'never' } },
    key: 'stackstorm.api_url',
    message: 'stackstorm.api_url: is required when stackstorm.sandbox is "never"',
  },
  {
    name: 'sandbox always with api_url',
    raw: { stackstorm: { api_url: API, sandbox: 'always' } },
    key: 'stackstorm.sandbox',
    message:
      'stackstorm.sandbox: "always" cannot be combined with stackstorm.api_url (the sandbox takes StackStorm\'s place); use "auto"',
  },
  {
    name: 'sandbox packs that are not a folder',
    env: { STORMBOT_SANDBOX_PACKS: 'no/such/packs' },
    key: 'STORMBOT_SANDBOX_PACKS',
    message:
      'STORMBOT_SANDBOX_PACKS: is not a folder: /srv/bot/no/such/packs (stackstorm.sandbox_packs)',
  },
  {
    name: 'sandbox packs with a real StackStorm',
    raw: { stackstorm: { api_url: API, sandbox_packs: '/tmp' } },
    key: 'stackstorm.sandbox_packs',
    message:
      'stackstorm.sandbox_packs: is for the built-in sandbox, which does not run when stackstorm.api_url is set',
  },
  {
    name: 'redis driver without a URL',
    raw: { store: { driver: 'redis' } },
    key: 'store.redis_url',
    message: 'store.redis_url: is required when store.driver is "redis"',
  },
  {
    name: 'retry maximum below the base',
    raw: { delivery: { retry_base_ms: 5000, retry_max_ms: 1000 } },
    key: 'delivery.retry_max_ms',
    message: 'delivery.retry_max_ms: must be at least delivery.retry_base_ms (5000)',
  },

  // bad environment values
  {
    name: 'port that is not a number',
    env: { STORMBOT_WEB_PORT: 'abc' },
    key: 'STORMBOT_WEB_PORT',
    message: 'STORMBOT_WEB_PORT: must be a whole number, not "abc"',
  },
  {
    name: 'EXPRESS_PORT that is not a number',
    env: { EXPRESS_PORT: '80a' },
    key: 'EXPRESS_PORT',
    message: 'EXPRESS_PORT: must be a whole number, not "80a"',
  },
  {
    name: 'port out of range',
    env: { STORMBOT_WEB_PORT: '70000' },
    key: 'STORMBOT_WEB_PORT',
    message: 'STORMBOT_WEB_PORT: must be at most 65535 (web.port)',
  },
  {
    name: 'boolean that is not one',
    env: { STORMBOT_VERIFY_CERT: 'maybe' },
    key: 'STORMBOT_VERIFY_CERT',
    message: 'STORMBOT_VERIFY_CERT: must be true or false, not "maybe"',
  },
  {
    name: 'fractional reload interval',
    env: { ST2_COMMANDS_RELOAD_INTERVAL: '1.5' },
    key: 'ST2_COMMANDS_RELOAD_INTERVAL',
    message: 'ST2_COMMANDS_RELOAD_INTERVAL: must be a whole number, not "1.5"',
  },
  {
    name: 'request timeout that is not a number',
    env: { STORMBOT_REQUEST_TIMEOUT: 'soon' },
    key: 'STORMBOT_REQUEST_TIMEOUT',
    message: 'STORMBOT_REQUEST_TIMEOUT: must be a number, not "soon"',
  },
  {
    name: 'API URL without a scheme',
    env: { ST2_API_URL: 'localhost:9101' },
    key: 'ST2_API_URL',
    message:
      'ST2_API_URL: must be an absolute URL starting with http:// or https:// (stackstorm.api_url)',
  },
  {
    name: 'ST2_HOSTNAME given as a URL',
    env: { ST2_HOSTNAME: 'https://st2.example.com' },
    key: 'ST2_HOSTNAME',
    message: 'ST2_HOSTNAME: must be a host name (optionally with :port), not a URL',
  },
  {
    name: 'unknown log level',
    env: { STORMBOT_LOG_LEVEL: 'loud' },
    key: 'STORMBOT_LOG_LEVEL',
    message:
      'STORMBOT_LOG_LEVEL: must be one of "fatal", "error", "warn", "info", "debug", "trace", "silent", not "loud" (logging.level)',
  },
  {
    name: 'unknown hubot log level',
    env: { HUBOT_LOG_LEVEL: 'loud' },
    key: 'HUBOT_LOG_LEVEL',
    message:
      'HUBOT_LOG_LEVEL: must be one of debug, info, notice, warning, warn, error, critical, alert, emergency, not "loud"',
  },
  {
    name: 'unknown sandbox mode',
    env: { STORMBOT_SANDBOX: 'sometimes' },
    key: 'STORMBOT_SANDBOX',
    message:
      'STORMBOT_SANDBOX: must be one of "auto", "always", "never", not "sometimes" (stackstorm.sandbox)',
  },
  {
    name: 'a variable breaks a rule checked across keys',
    env: {
      STORMBOT_WEB_ENABLED: 'false',
      STORMBOT_LOGIN_URL: 'https://bot.example.com/',
      ST2_API_URL: API,
    },
    key: 'STORMBOT_WEB_ENABLED',
    message:
      'STORMBOT_WEB_ENABLED: must not be false with client-side authentication (the web server serves the login page) (web.enabled)',
  },
];

describe('invalid configurations give one clear line', () => {
  for (const c of cases) {
    test(c.name, () => {
      assertConfigError(() => parse(c.raw ?? {}, c.env ?? {}), c.key, c.message);
    });
  }
});

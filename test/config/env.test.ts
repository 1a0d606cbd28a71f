import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ENV_VARS, OTHER_ENV_VARS, type StormbotConfig } from '../../src/config/index.js';
import { assertNoWarning, assertWarning, CWD, parse } from './support.js';

interface EnvCase {
  readonly name: string;
  readonly env: NodeJS.ProcessEnv;
  readonly file?: unknown;
  readonly check: (config: StormbotConfig) => void;
}

/** StackStorm must be configured for credentials and URLs to be accepted. */
const API = { ST2_API_URL: 'https://st2.example.com/api' };
/** A folder that exists, for the keys that must name one. */
const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));
const LONG = 'a-long-random-shared-value';
/** Slack needs both tokens once it is the chosen back-end. */
const SLACK_TOKENS = { HUBOT_SLACK_BOT_TOKEN: 'xoxb-1', HUBOT_SLACK_APP_TOKEN: 'xapp-1' };

/** The Slack tokens of a configuration whose back-end is Slack. */
function slack(c: StormbotConfig): { bot_token?: unknown; app_token?: unknown } {
  const s = c.backendSettings as { bot_token?: unknown; app_token?: unknown };
  return { bot_token: s.bot_token, app_token: s.app_token };
}

const cases: EnvCase[] = [
  {
    name: 'STORMBOT_NAME',
    env: { STORMBOT_NAME: 'opsbot' },
    check: (c) => {
      assert.equal(c.bot.name, 'opsbot');
    },
  },
  {
    name: 'HUBOT_NAME',
    env: { HUBOT_NAME: 'hubot' },
    check: (c) => {
      assert.equal(c.bot.name, 'hubot');
    },
  },
  {
    name: 'STORMBOT_ALT_NAMES (comma-separated)',
    env: { STORMBOT_ALT_NAMES: 'st2bot, bot ,' },
    check: (c) => {
      assert.deepEqual(c.bot.altNames, ['st2bot', 'bot']);
    },
  },
  {
    name: 'STORMBOT_PREFIX',
    env: { STORMBOT_PREFIX: '?' },
    check: (c) => {
      assert.equal(c.bot.prefix, '?');
    },
  },
  {
    name: 'HUBOT_ALIAS',
    env: { HUBOT_ALIAS: '.' },
    check: (c) => {
      assert.equal(c.bot.prefix, '.');
    },
  },
  {
    name: 'STORMBOT_ADMINS (comma-separated, also the ACL admins)',
    env: { STORMBOT_ADMINS: 'U1,U2*' },
    check: (c) => {
      assert.deepEqual(c.bot.admins, ['U1', 'U2*']);
      assert.deepEqual(c.acl.admins, ['U1', 'U2*']);
    },
  },
  {
    name: 'STORMBOT_ADMIN_CHANNELS',
    env: { STORMBOT_ADMIN_CHANNELS: '#ops,#admin' },
    check: (c) => {
      assert.deepEqual(c.bot.adminChannels, ['#ops', '#admin']);
    },
  },
  {
    name: 'STORMBOT_DATA_DIR',
    env: { STORMBOT_DATA_DIR: '/var/lib/stormbot' },
    check: (c) => {
      assert.equal(c.bot.dataDir, '/var/lib/stormbot');
      assert.equal(c.store.path, '/var/lib/stormbot/stormbot.db');
    },
  },
  {
    name: 'STORMBOT_BACKEND',
    env: { STORMBOT_BACKEND: 'irc' },
    file: { backends: { irc: { server: 'irc.example.org', nick: 'stormbot' } } },
    check: (c) => {
      assert.equal(c.backend, 'irc');
    },
  },
  {
    name: 'HUBOT_ADAPTER (hubot-friends Slack → slack)',
    env: { HUBOT_ADAPTER: '@hubot-friends/hubot-slack', ...SLACK_TOKENS },
    check: (c) => {
      assert.equal(c.backend, 'slack');
    },
  },
  {
    name: 'HUBOT_ADAPTER (shell → terminal)',
    env: { HUBOT_ADAPTER: 'shell' },
    check: (c) => {
      assert.equal(c.backend, 'terminal');
    },
  },
  {
    name: 'ST2_API_URL',
    env: { ST2_API_URL: 'https://st2.example.com/api' },
    check: (c) => {
      assert.equal(c.stackstorm.configured, true);
      assert.equal(c.stackstorm.apiUrl, 'https://st2.example.com/api/v1');
    },
  },
  {
    name: 'ST2_API (deprecated)',
    env: { ST2_API: 'https://st2.example.com/api' },
    check: (c) => {
      assert.equal(c.stackstorm.apiUrl, 'https://st2.example.com/api/v1');
      assertWarning(c, 'ST2_API is deprecated');
    },
  },
  {
    name: 'ST2_HOSTNAME (API and web UI URLs, as st2chatops.env builds them)',
    env: { ST2_HOSTNAME: 'st2.example.com' },
    check: (c) => {
      assert.equal(c.stackstorm.apiUrl, 'https://st2.example.com/api/v1');
      assert.equal(c.stackstorm.authUrl, 'https://st2.example.com/auth/v1');
      assert.equal(c.stackstorm.streamUrl, 'https://st2.example.com/stream/v1');
      assert.equal(c.stackstorm.webuiUrl, 'https://st2.example.com');
    },
  },
  {
    name: 'ST2_AUTH_URL',
    env: { ...API, ST2_AUTH_URL: 'https://auth.example.com/auth' },
    check: (c) => {
      assert.equal(c.stackstorm.authUrl, 'https://auth.example.com/auth/v1');
    },
  },
  {
    name: 'ST2_STREAM_URL',
    env: { ...API, ST2_STREAM_URL: 'https://stream.example.com/stream/v1' },
    check: (c) => {
      assert.equal(c.stackstorm.streamUrl, 'https://stream.example.com/stream/v1');
    },
  },
  {
    name: 'ST2_WEBUI_URL',
    env: { ST2_WEBUI_URL: 'https://st2.example.com/' },
    check: (c) => {
      assert.equal(c.stackstorm.webuiUrl, 'https://st2.example.com');
    },
  },
  {
    name: 'ST2_WEBUI_URL=null counts as unset',
    env: { ST2_WEBUI_URL: 'null' },
    check: (c) => {
      assert.equal(c.stackstorm.webuiUrl, undefined);
    },
  },
  {
    name: 'STORMBOT_VERIFY_CERT',
    env: { STORMBOT_VERIFY_CERT: 'false' },
    check: (c) => {
      assert.equal(c.stackstorm.verifyCert, false);
    },
  },
  {
    name: 'NODE_TLS_REJECT_UNAUTHORIZED=0 (verify_cert false, with a warning)',
    env: { NODE_TLS_REJECT_UNAUTHORIZED: '0' },
    check: (c) => {
      assert.equal(c.stackstorm.verifyCert, false);
      assertWarning(c, 'NODE_TLS_REJECT_UNAUTHORIZED=0 turns off');
    },
  },
  {
    name: 'NODE_TLS_REJECT_UNAUTHORIZED=1 changes nothing',
    env: { NODE_TLS_REJECT_UNAUTHORIZED: '1' },
    file: { stackstorm: { verify_cert: false } },
    check: (c) => {
      assert.equal(c.stackstorm.verifyCert, false);
      assertNoWarning(c, 'NODE_TLS');
    },
  },
  {
    name: 'STORMBOT_CA_CERT (relative to the working directory)',
    env: { STORMBOT_CA_CERT: 'tls/ca.pem' },
    check: (c) => {
      assert.equal(c.stackstorm.caCert, `${CWD}/tls/ca.pem`);
    },
  },
  {
    name: 'STORMBOT_CLIENT_CERT',
    env: { STORMBOT_CLIENT_CERT: '/tls/both.pem' },
    check: (c) => {
      assert.equal(c.stackstorm.clientCert, '/tls/both.pem');
      assert.equal(c.stackstorm.clientKey, '/tls/both.pem');
    },
  },
  {
    name: 'STORMBOT_CLIENT_KEY',
    env: { STORMBOT_CLIENT_CERT: '/tls/c.pem', STORMBOT_CLIENT_KEY: '/tls/k.pem' },
    check: (c) => {
      assert.equal(c.stackstorm.clientKey, '/tls/k.pem');
    },
  },
  {
    name: 'ST2_API_KEY',
    env: { ...API, ST2_API_KEY: 'key-1' },
    check: (c) => {
      assert.equal(c.stackstorm.apiAuth.apiKey, 'key-1');
      assert.equal(c.stackstorm.credentialKind, 'apiKey');
    },
  },
  {
    name: 'ST2_AUTH_TOKEN',
    env: { ...API, ST2_AUTH_TOKEN: 'token-1' },
    check: (c) => {
      assert.equal(c.stackstorm.apiAuth.token, 'token-1');
      assert.equal(c.stackstorm.credentialKind, 'token');
    },
  },
  {
    name: 'ST2_AUTH_USERNAME and ST2_AUTH_PASSWORD',
    env: { ...API, ST2_AUTH_USERNAME: 'st2admin', ST2_AUTH_PASSWORD: 'testp' },
    check: (c) => {
      assert.equal(c.stackstorm.apiAuth.username, 'st2admin');
      assert.equal(c.stackstorm.apiAuth.password, 'testp');
      assert.equal(c.stackstorm.credentialKind, 'password');
    },
  },
  {
    name: 'STORMBOT_AUTH_MODE=clientside with STORMBOT_LOGIN_URL',
    env: {
      ...API,
      ST2_API_KEY: 'k',
      STORMBOT_AUTH_MODE: 'clientside',
      STORMBOT_LOGIN_URL: 'https://bot.example.com',
    },
    check: (c) => {
      assert.deepEqual(c.stackstorm.rbacAuth, {
        mode: 'clientside',
        url: 'https://bot.example.com/',
      });
      assert.equal(c.web.enabled, true);
      assert.equal(c.web.baseUrl, 'https://bot.example.com/');
    },
  },
  {
    name: 'STORMBOT_AUTH_MODE=clientside keeps the file URL',
    env: { STORMBOT_AUTH_MODE: 'Clientside' },
    file: {
      stackstorm: {
        api_url: 'https://st2.example.com/api',
        rbac_auth: { standalone: {}, clientside: { url: 'https://bot.example.com/' } },
      },
    },
    check: (c) => {
      assert.deepEqual(c.stackstorm.rbacAuth, {
        mode: 'clientside',
        url: 'https://bot.example.com/',
      });
    },
  },
  {
    name: 'STORMBOT_AUTH_MODE=standalone replaces the file mode',
    env: { STORMBOT_AUTH_MODE: 'standalone' },
    file: { stackstorm: { rbac_auth: { clientside: { url: 'https://bot.example.com/' } } } },
    check: (c) => {
      assert.deepEqual(c.stackstorm.rbacAuth, { mode: 'standalone' });
    },
  },
  {
    name: 'STORMBOT_LOGIN_URL alone turns client-side login on',
    env: { ...API, STORMBOT_LOGIN_URL: 'https://bot.example.com/login/' },
    check: (c) => {
      assert.deepEqual(c.stackstorm.rbacAuth, {
        mode: 'clientside',
        url: 'https://bot.example.com/login/',
      });
    },
  },
  {
    name: 'STORMBOT_TIMER_UPDATE',
    env: { STORMBOT_TIMER_UPDATE: '120' },
    check: (c) => {
      assert.equal(c.stackstorm.timerUpdateSec, 120);
    },
  },
  {
    name: 'ST2_COMMANDS_RELOAD_INTERVAL',
    env: { ST2_COMMANDS_RELOAD_INTERVAL: '300' },
    check: (c) => {
      assert.equal(c.stackstorm.timerUpdateSec, 300);
    },
  },
  {
    name: 'ST2_ROUTE',
    env: { ST2_ROUTE: 'hubot' },
    check: (c) => {
      assert.equal(c.stackstorm.routeKey, 'hubot');
      assert.deepEqual(c.stackstorm.routes, ['hubot']);
    },
  },
  {
    name: 'STORMBOT_ROUTES',
    env: { STORMBOT_ROUTES: 'chatops, errbot' },
    check: (c) => {
      assert.deepEqual(c.stackstorm.routes, ['stormbot', 'chatops', 'errbot']);
    },
  },
  {
    name: 'STORMBOT_PLUGIN_PREFIX',
    env: { STORMBOT_PLUGIN_PREFIX: 'ops' },
    check: (c) => {
      assert.equal(c.stackstorm.pluginPrefix, 'ops');
    },
  },
  {
    name: 'STORMBOT_SESSION_TTL',
    env: { STORMBOT_SESSION_TTL: '600' },
    check: (c) => {
      assert.equal(c.stackstorm.sessionTtlSec, 600);
    },
  },
  {
    name: 'STORMBOT_USER_TOKEN_TTL',
    env: { STORMBOT_USER_TOKEN_TTL: '3600' },
    check: (c) => {
      assert.equal(c.stackstorm.userTokenTtlSec, 3600);
    },
  },
  {
    name: 'STORMBOT_REQUEST_TIMEOUT (fractional seconds)',
    env: { STORMBOT_REQUEST_TIMEOUT: '2.5' },
    check: (c) => {
      assert.equal(c.stackstorm.requestTimeoutSec, 2.5);
    },
  },
  {
    name: 'STORMBOT_SANDBOX',
    env: { STORMBOT_SANDBOX: 'ALWAYS' },
    check: (c) => {
      assert.equal(c.stackstorm.sandbox, 'always');
      assert.equal(c.stackstorm.useSandbox, true);
    },
  },
  {
    name: 'STORMBOT_SANDBOX_PACKS',
    env: { STORMBOT_SANDBOX_PACKS: FIXTURES },
    check: (c) => {
      assert.equal(c.stackstorm.sandboxPacks, FIXTURES);
    },
  },
  {
    name: 'ST2_MAX_MESSAGE_LENGTH (ignored, with a warning)',
    env: { ST2_MAX_MESSAGE_LENGTH: '500' },
    check: (c) => {
      assertWarning(c, 'ST2_MAX_MESSAGE_LENGTH is ignored');
    },
  },
  {
    name: 'HUBOT_2FA (the confirmation action; twofactor-flagged aliases use it)',
    env: { HUBOT_2FA: ' examples.confirm_push ' },
    check: (c) => {
      assert.equal(c.confirmation.action, 'examples.confirm_push');
      assert.equal(c.confirmation.twofactorMode, 'action');
    },
  },
  {
    name: 'STORMBOT_HIDE_DENIALS',
    env: { STORMBOT_HIDE_DENIALS: 'yes' },
    check: (c) => {
      assert.equal(c.acl.hideDenials, true);
    },
  },
  {
    name: 'STORMBOT_WEB_ENABLED',
    env: { STORMBOT_WEB_ENABLED: 'on' },
    check: (c) => {
      assert.equal(c.web.enabled, true);
    },
  },
  {
    name: 'STORMBOT_WEB_ENABLED=auto',
    env: { STORMBOT_WEB_ENABLED: 'auto', STORMBOT_WEBHOOK_TOKEN: LONG },
    file: { web: { enabled: false } },
    check: (c) => {
      assert.equal(c.web.enabled, true);
    },
  },
  {
    name: 'STORMBOT_WEB_HOST',
    env: { STORMBOT_WEB_HOST: '10.1.2.3' },
    check: (c) => {
      assert.equal(c.web.host, '10.1.2.3');
    },
  },
  {
    name: 'EXPRESS_BIND_ADDRESS',
    env: { EXPRESS_BIND_ADDRESS: '0.0.0.0' },
    check: (c) => {
      assert.equal(c.web.host, '0.0.0.0');
    },
  },
  {
    name: 'STORMBOT_WEB_PORT',
    env: { STORMBOT_WEB_PORT: '9000' },
    check: (c) => {
      assert.equal(c.web.port, 9000);
      assert.equal(c.web.baseUrl, 'http://127.0.0.1:9000/');
    },
  },
  {
    name: 'EXPRESS_PORT',
    env: { EXPRESS_PORT: '8081' },
    check: (c) => {
      assert.equal(c.web.port, 8081);
    },
  },
  {
    name: 'PORT',
    env: { PORT: '3000' },
    check: (c) => {
      assert.equal(c.web.port, 3000);
    },
  },
  {
    name: 'STORMBOT_BASE_URL',
    env: { STORMBOT_BASE_URL: 'https://bot.example.com/stormbot' },
    check: (c) => {
      assert.equal(c.web.baseUrl, 'https://bot.example.com/stormbot/');
      assert.equal(c.web.baseUrlExplicit, true);
    },
  },
  {
    name: 'STORMBOT_TRUST_PROXY=true',
    env: { STORMBOT_TRUST_PROXY: 'true' },
    check: (c) => {
      assert.equal(c.web.trustProxy, true);
    },
  },
  {
    name: 'STORMBOT_TRUST_PROXY as a hop count',
    env: { STORMBOT_TRUST_PROXY: '1' },
    check: (c) => {
      assert.equal(c.web.trustProxy, 1);
    },
  },
  {
    name: 'STORMBOT_TRUST_PROXY as addresses',
    env: { STORMBOT_TRUST_PROXY: '10.0.0.1, 10.0.0.0/8' },
    check: (c) => {
      assert.deepEqual(c.web.trustProxy, ['10.0.0.1', '10.0.0.0/8']);
    },
  },
  {
    name: 'STORMBOT_WEBHOOK_TOKEN',
    env: { STORMBOT_WEBHOOK_TOKEN: LONG },
    check: (c) => {
      assert.equal(c.webhook.token, LONG);
      assert.equal(c.web.enabled, true);
    },
  },
  {
    name: 'STORMBOT_WEBHOOK_HMAC_SECRET',
    env: { STORMBOT_WEBHOOK_HMAC_SECRET: LONG },
    check: (c) => {
      assert.equal(c.webhook.hmacSecret, LONG);
    },
  },
  {
    name: 'STORMBOT_WEBHOOK_TRUSTED_SOURCES',
    env: { STORMBOT_WEBHOOK_TRUSTED_SOURCES: '127.0.0.1, 10.0.0.0/8' },
    check: (c) => {
      assert.deepEqual(c.webhook.trustedSources, ['127.0.0.1', '10.0.0.0/8']);
      assert.equal(c.web.enabled, true);
    },
  },
  {
    name: 'STORMBOT_MATCHING_AMBIGUOUS',
    env: { STORMBOT_MATCHING_AMBIGUOUS: 'Longest' },
    check: (c) => {
      assert.equal(c.matching.ambiguous, 'longest');
    },
  },
  {
    name: 'STORMBOT_STORE',
    env: { STORMBOT_STORE: 'memory' },
    check: (c) => {
      assert.equal(c.store.driver, 'memory');
    },
  },
  {
    name: 'STORMBOT_STORE_PATH',
    env: { STORMBOT_STORE_PATH: '/data/bot.db' },
    check: (c) => {
      assert.equal(c.store.path, '/data/bot.db');
    },
  },
  {
    name: 'STORMBOT_REDIS_URL',
    env: { STORMBOT_STORE: 'redis', STORMBOT_REDIS_URL: 'rediss://:pw@redis.example.com:6380/1' },
    check: (c) => {
      assert.equal(c.store.driver, 'redis');
      assert.equal(c.store.redisUrl, 'rediss://:pw@redis.example.com:6380/1');
    },
  },
  {
    name: 'STORMBOT_STORE_KEY_PREFIX',
    env: { STORMBOT_STORE_KEY_PREFIX: 'bot2:' },
    check: (c) => {
      assert.equal(c.store.keyPrefix, 'bot2:');
    },
  },
  {
    name: 'STORMBOT_SECRET_KEY_FILE',
    env: { STORMBOT_SECRET_KEY_FILE: '/etc/stormbot/key' },
    check: (c) => {
      assert.equal(c.secrets.keyFile, '/etc/stormbot/key');
    },
  },
  {
    name: 'STORMBOT_SECRET_KEY (presence only, never stored)',
    env: { STORMBOT_SECRET_KEY: 'c2VjcmV0' },
    check: (c) => {
      assert.equal(c.secrets.keyInEnv, true);
      assert.equal(JSON.stringify(Object.values(c.secrets)).includes('c2VjcmV0'), false);
    },
  },
  {
    name: 'STORMBOT_LOG_LEVEL',
    env: { STORMBOT_LOG_LEVEL: 'DEBUG' },
    check: (c) => {
      assert.equal(c.logging.level, 'debug');
    },
  },
  {
    name: 'HUBOT_LOG_LEVEL (warning → warn)',
    env: { HUBOT_LOG_LEVEL: 'warning' },
    check: (c) => {
      assert.equal(c.logging.level, 'warn');
    },
  },
  {
    name: 'HUBOT_SLACK_BOT_TOKEN and HUBOT_SLACK_APP_TOKEN',
    env: {
      HUBOT_ADAPTER: 'slack',
      HUBOT_SLACK_BOT_TOKEN: 'xoxb-1',
      HUBOT_SLACK_APP_TOKEN: 'xapp-1',
    },
    check: (c) => {
      assert.equal(c.backend, 'slack');
      assert.deepEqual(slack(c), { bot_token: 'xoxb-1', app_token: 'xapp-1' });
    },
  },
  {
    name: 'HUBOT_SLACK_TOKEN (older name of the bot token)',
    env: { HUBOT_ADAPTER: 'slack', HUBOT_SLACK_TOKEN: 'xoxb-2', HUBOT_SLACK_APP_TOKEN: 'xapp-1' },
    check: (c) => {
      assert.equal(slack(c).bot_token, 'xoxb-2');
    },
  },
  {
    name: 'MATTERMOST_HOST, MATTERMOST_GROUP, MATTERMOST_ACCESS_TOKEN',
    env: {
      HUBOT_ADAPTER: 'matteruser',
      MATTERMOST_HOST: 'mm.example.com:8065',
      MATTERMOST_GROUP: 'ops',
      MATTERMOST_ACCESS_TOKEN: 't0k',
    },
    check: (c) => {
      assert.equal(c.backend, 'mattermost');
      assert.deepEqual(
        { ...c.backendSettings },
        { url: 'https://mm.example.com:8065', team: 'ops', token: 't0k', thread_replies: false },
      );
    },
  },
];

describe('environment variables', () => {
  for (const c of cases)
    test(c.name, () => {
      c.check(parse(c.file ?? {}, c.env));
    });

  test('every variable stormbot reads has a case above', () => {
    const covered = new Set(cases.flatMap((c) => Object.keys(c.env)));
    const all = [...ENV_VARS.map((v) => v.name), OTHER_ENV_VARS.secretKey];
    assert.deepEqual(
      all.filter((name) => !covered.has(name)),
      [],
    );
  });
});

describe('precedence', () => {
  const precedence: EnvCase[] = [
    {
      name: 'the environment wins over the file',
      env: { STORMBOT_PREFIX: '?' },
      file: { bot: { prefix: '.' } },
      check: (c) => {
        assert.equal(c.bot.prefix, '?');
      },
    },
    {
      name: 'STORMBOT_PREFIX wins over HUBOT_ALIAS',
      env: { STORMBOT_PREFIX: '?', HUBOT_ALIAS: '.' },
      check: (c) => {
        assert.equal(c.bot.prefix, '?');
      },
    },
    {
      name: 'ST2_API_URL wins over ST2_API and ST2_HOSTNAME',
      env: {
        ST2_API_URL: 'https://a.example.com/api',
        ST2_API: 'https://b.example.com/api',
        ST2_HOSTNAME: 'c.example.com',
      },
      check: (c) => {
        assert.equal(c.stackstorm.apiUrl, 'https://a.example.com/api/v1');
        assert.equal(c.stackstorm.webuiUrl, 'https://c.example.com');
      },
    },
    {
      name: 'STORMBOT_WEB_PORT wins over EXPRESS_PORT and PORT',
      env: { STORMBOT_WEB_PORT: '1', EXPRESS_PORT: '2', PORT: '3' },
      check: (c) => {
        assert.equal(c.web.port, 1);
      },
    },
    {
      name: 'an empty variable counts as unset',
      env: { ST2_API_KEY: '', STORMBOT_PREFIX: '', HUBOT_ALIAS: '.' },
      check: (c) => {
        assert.equal(c.stackstorm.apiAuth.apiKey, undefined);
        assert.equal(c.bot.prefix, '.');
      },
    },
    {
      name: 'a credential from the environment drops the file credentials of other kinds',
      env: { ST2_API_KEY: 'env-key' },
      file: {
        stackstorm: {
          api_url: 'https://st2.example.com/api',
          api_auth: { user: { name: 'bot', password: 'file-pw' }, token: 'file-token' },
        },
      },
      check: (c) => {
        assert.deepEqual(
          { ...c.stackstorm.apiAuth },
          { apiKey: 'env-key', token: undefined, username: undefined, password: undefined },
        );
        assertWarning(c, 'stackstorm.api_auth.user in the file is ignored');
        assertWarning(c, 'stackstorm.api_auth.token in the file is ignored');
      },
    },
    {
      name: 'a user name in the file and its password in the environment combine',
      env: { ST2_AUTH_PASSWORD: 'env-pw' },
      file: {
        stackstorm: { api_url: 'https://st2.example.com/api', api_auth: { user: { name: 'bot' } } },
      },
      check: (c) => {
        assert.equal(c.stackstorm.apiAuth.username, 'bot');
        assert.equal(c.stackstorm.apiAuth.password, 'env-pw');
        assert.equal(c.stackstorm.credentialKind, 'password');
      },
    },
    {
      name: "st2chatops.env's defaults load as they are",
      env: {
        ST2_HOSTNAME: 'localhost',
        NODE_TLS_REJECT_UNAUTHORIZED: '0',
        EXPRESS_PORT: '8081',
        HUBOT_LOG_LEVEL: 'debug',
        HUBOT_NAME: 'hubot',
        HUBOT_ALIAS: '!',
        ST2_API_URL: 'https://localhost/api',
        ST2_AUTH_URL: 'https://localhost/auth',
        ST2_STREAM_URL: 'https://localhost/stream',
        ST2_API_KEY: '',
        ST2_AUTH_USERNAME: 'st2admin',
        ST2_AUTH_PASSWORD: 'testp',
        ST2_WEBUI_URL: 'https://localhost',
        HUBOT_ADAPTER: 'slack',
        HUBOT_SLACK_BOT_TOKEN: 'xoxb-CHANGE-ME-PLEASE',
        HUBOT_SLACK_APP_TOKEN: 'xapp-CHANGE-ME-PLEASE',
      },
      check: (c) => {
        assert.equal(c.backend, 'slack');
        assert.equal(c.bot.name, 'hubot');
        assert.equal(c.stackstorm.apiUrl, 'https://localhost/api/v1');
        assert.equal(c.stackstorm.authUrl, 'https://localhost/auth/v1');
        assert.equal(c.stackstorm.streamUrl, 'https://localhost/stream/v1');
        assert.equal(c.stackstorm.credentialKind, 'password');
        assert.equal(c.stackstorm.verifyCert, false);
        assert.equal(c.web.port, 8081);
        assert.equal(c.logging.level, 'debug');
      },
    },
  ];
  for (const c of precedence)
    test(c.name, () => {
      c.check(parse(c.file ?? {}, c.env));
    });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseConfig, type StormbotConfig } from '../../src/config/index.js';
import { CWD, parse } from './support.js';

const DEFAULTS: StormbotConfig = {
  source: undefined,
  bot: {
    name: 'stormbot',
    altNames: [],
    prefix: '!',
    prefixOptionalInDirect: true,
    admins: [],
    adminChannels: [],
    dataDir: `${CWD}/.data`,
  },
  backend: 'terminal',
  backendSettings: { user: undefined, room: undefined, botName: undefined },
  stackstorm: {
    configured: false,
    sandbox: 'auto',
    useSandbox: true,
    sandboxPacks: undefined,
    apiUrl: undefined,
    authUrl: undefined,
    streamUrl: undefined,
    webuiUrl: undefined,
    verifyCert: true,
    caCert: undefined,
    clientCert: undefined,
    clientKey: undefined,
    apiAuth: { apiKey: undefined, token: undefined, username: undefined, password: undefined },
    credentialKind: 'none',
    rbacAuth: { mode: 'standalone' },
    timerUpdateSec: 60,
    routeKey: 'stormbot',
    routes: ['stormbot'],
    pluginPrefix: 'st2',
    sessionTtlSec: 3600,
    userTokenTtlSec: 86400,
    requestTimeoutSec: 30,
  },
  acl: { rules: [], defaults: undefined, admins: [], hideDenials: false },
  web: {
    enabled: false,
    host: '127.0.0.1',
    port: 8080,
    baseUrl: 'http://127.0.0.1:8080/',
    baseUrlExplicit: false,
    trustProxy: false,
  },
  webhook: { token: undefined, hmacSecret: undefined, trustedSources: [] },
  store: {
    driver: 'sqlite',
    path: `${CWD}/.data/stormbot.db`,
    redisUrl: undefined,
    keyPrefix: 'stormbot:',
  },
  secrets: { keyFile: `${CWD}/.data/secret.key`, keyInEnv: false },
  delivery: { queueSize: 1000, maxAttempts: 0, retryBaseMs: 1000, retryMaxMs: 60000 },
  confirmation: {
    aliases: [],
    twofactorMode: 'confirm',
    codeTtlMs: 300_000,
    approvers: [],
    action: undefined,
    maxPending: 100,
    maxPendingPerPerson: 5,
  },
  logging: { level: 'info' },
  matching: { ambiguous: 'refuse' },
  warnings: [],
};

describe('defaults', () => {
  const cases: { name: string; raw: unknown }[] = [
    { name: 'no file (undefined)', raw: undefined },
    { name: 'an empty YAML document (null)', raw: null },
    { name: 'an empty mapping', raw: {} },
    {
      name: 'every section present but empty',
      raw: {
        bot: null,
        backends: null,
        stackstorm: null,
        acl: null,
        web: null,
        webhook: null,
        store: null,
        secrets: null,
        delivery: null,
        confirmation: null,
        logging: null,
      },
    },
    {
      name: 'keys present with empty values',
      raw: { stackstorm: { api_url: null, api_auth: null } },
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.deepEqual(parse(c.raw), DEFAULTS);
    });
  }

  test('parseConfig does not read process.env unless given it', () => {
    const saved = process.env.STORMBOT_PREFIX;
    process.env.STORMBOT_PREFIX = '?';
    try {
      assert.equal(parseConfig({}).bot.prefix, '!');
      assert.equal(parseConfig({}, process.env).bot.prefix, '?');
    } finally {
      if (saved === undefined) delete process.env.STORMBOT_PREFIX;
      else process.env.STORMBOT_PREFIX = saved;
    }
  });

  test('relative paths resolve against the process working directory by default', () => {
    assert.equal(parseConfig({}).bot.dataDir, `${process.cwd()}/.data`);
  });

  test('the result is deeply frozen', () => {
    const config = parse({ acl: { rules: { 'st2:*': { allowusers: ['a'] } } } });
    assert.equal(Object.isFrozen(config), true);
    assert.equal(Object.isFrozen(config.stackstorm.apiAuth), true);
    assert.equal(Object.isFrozen(config.acl.rules), true);
    assert.equal(Object.isFrozen(config.acl.rules[0]?.rule.allowusers), true);
    assert.throws(() => {
      (config.bot as { name: string }).name = 'other';
    }, TypeError);
  });

  test('the ACL policy takes its admins from bot.admins', () => {
    const config = parse({ bot: { admins: 'U1*' } });
    assert.deepEqual(config.bot.admins, ['U1*']);
    assert.deepEqual(config.acl.admins, ['U1*']);
  });

  test('data_dir moves the store and key file with it', () => {
    const config = parse({ bot: { data_dir: 'state' } });
    assert.equal(config.bot.dataDir, `${CWD}/state`);
    assert.equal(config.store.path, `${CWD}/state/stormbot.db`);
    assert.equal(config.secrets.keyFile, `${CWD}/state/secret.key`);
  });

  test('explicit store path and key file win over data_dir', () => {
    const config = parse({
      bot: { data_dir: '/var/lib/stormbot' },
      store: { path: 'db/bot.sqlite' },
      secrets: { key_file: '/etc/stormbot/key' },
    });
    assert.equal(config.store.path, `${CWD}/db/bot.sqlite`);
    assert.equal(config.secrets.keyFile, '/etc/stormbot/key');
  });

  test("the chosen back-end's settings are validated; the others are left alone", () => {
    const config = parse({
      backend: 'slack',
      backends: {
        slack: { bot_token: 'xoxb-1', app_token: 'xapp-1' },
        irc: null,
        xmpp: { not: 'checked' },
      },
    });
    assert.equal(config.backend, 'slack');
    assert.deepEqual(config.backendSettings, {
      bot_token: 'xoxb-1',
      app_token: 'xapp-1',
      api_url: 'https://slack.com/api/',
      thread_replies: false,
      file_upload_threshold: 12_000,
    });
  });

  test('routes start with route_key and have no duplicates', () => {
    const config = parse({
      stackstorm: { route_key: 'errbot', routes: ['chatops', 'errbot', 'chatops'] },
    });
    assert.deepEqual(config.stackstorm.routes, ['errbot', 'chatops']);
  });

  test('an empty prefix and plugin prefix are allowed', () => {
    const config = parse({ bot: { prefix: '' }, stackstorm: { plugin_prefix: '' } });
    assert.equal(config.bot.prefix, '');
    assert.equal(config.stackstorm.pluginPrefix, '');
  });

  test('rbac_auth standalone: with nothing after it is standalone', () => {
    assert.deepEqual(
      parse({ stackstorm: { rbac_auth: { standalone: null } } }).stackstorm.rbacAuth,
      {
        mode: 'standalone',
      },
    );
  });
});

describe('derived settings', () => {
  const api = { api_url: 'https://st2.example.com/api' };
  const cases: { name: string; raw: unknown; check: (c: StormbotConfig) => void }[] = [
    {
      name: 'sandbox auto without api_url uses the sandbox',
      raw: {},
      check: (c) => {
        assert.deepEqual([c.stackstorm.configured, c.stackstorm.useSandbox], [false, true]);
      },
    },
    {
      name: 'sandbox auto with api_url uses StackStorm',
      raw: { stackstorm: { ...api, api_auth: { apikey: 'k' } } },
      check: (c) => {
        assert.deepEqual([c.stackstorm.configured, c.stackstorm.useSandbox], [true, false]);
      },
    },
    {
      name: 'sandbox always without api_url uses the sandbox',
      raw: { stackstorm: { sandbox: 'always' } },
      check: (c) => {
        assert.equal(c.stackstorm.useSandbox, true);
      },
    },
    {
      name: 'sandbox never with api_url uses StackStorm',
      raw: { stackstorm: { ...api, sandbox: 'never', api_auth: { apikey: 'k' } } },
      check: (c) => {
        assert.equal(c.stackstorm.useSandbox, false);
      },
    },
    {
      name: 'web auto is on with client-side login',
      raw: {
        stackstorm: { ...api, rbac_auth: { clientside: { url: 'https://bot.example.com/login' } } },
      },
      check: (c) => {
        assert.equal(c.web.enabled, true);
        assert.equal(c.web.baseUrl, 'https://bot.example.com/login/');
        assert.equal(c.web.baseUrlExplicit, true);
      },
    },
    {
      name: 'web auto is on with a webhook token',
      raw: { webhook: { token: 'a-long-random-token-value' } },
      check: (c) => {
        assert.equal(c.web.enabled, true);
      },
    },
    {
      name: 'web auto is on with a webhook HMAC secret',
      raw: { webhook: { hmac_secret: 'a-long-random-secret-value' } },
      check: (c) => {
        assert.equal(c.web.enabled, true);
      },
    },
    {
      name: 'web enabled true without anything to serve',
      raw: { web: { enabled: true } },
      check: (c) => {
        assert.equal(c.web.enabled, true);
      },
    },
    {
      name: 'web base_url wins over the client-side URL and gets a trailing slash',
      raw: {
        stackstorm: { ...api, rbac_auth: { clientside: { url: 'https://login.example.com/' } } },
        web: { base_url: 'https://bot.example.com/stormbot' },
      },
      check: (c) => {
        assert.equal(c.web.baseUrl, 'https://bot.example.com/stormbot/');
      },
    },
    {
      name: 'web base_url default uses host and port',
      raw: { web: { host: '10.0.0.5', port: 9000 } },
      check: (c) => {
        assert.equal(c.web.baseUrl, 'http://10.0.0.5:9000/');
      },
    },
    {
      name: 'web base_url default brackets IPv6',
      raw: { web: { host: '::1' } },
      check: (c) => {
        assert.equal(c.web.baseUrl, 'http://[::1]:8080/');
      },
    },
    {
      name: 'web base_url default for a wildcard host is loopback',
      raw: { web: { host: '0.0.0.0' } },
      check: (c) => {
        assert.equal(c.web.baseUrl, 'http://127.0.0.1:8080/');
      },
    },
    {
      name: 'trust_proxy as a hop count',
      raw: { web: { trust_proxy: 2 } },
      check: (c) => {
        assert.equal(c.web.trustProxy, 2);
      },
    },
    {
      name: 'trust_proxy as a comma-separated string',
      raw: { web: { trust_proxy: '10.0.0.1, 10.0.0.2' } },
      check: (c) => {
        assert.deepEqual(c.web.trustProxy, ['10.0.0.1', '10.0.0.2']);
      },
    },
    {
      name: 'client_cert alone is also the key',
      raw: { stackstorm: { ...api, client_cert: 'tls/client.pem' } },
      check: (c) => {
        assert.equal(c.stackstorm.clientCert, `${CWD}/tls/client.pem`);
        assert.equal(c.stackstorm.clientKey, `${CWD}/tls/client.pem`);
      },
    },
    {
      name: 'client_cert and client_key',
      raw: {
        stackstorm: {
          ...api,
          client_cert: '/tls/c.pem',
          client_key: '/tls/k.pem',
          ca_cert: 'ca.pem',
        },
      },
      check: (c) => {
        assert.equal(c.stackstorm.clientKey, '/tls/k.pem');
        assert.equal(c.stackstorm.caCert, `${CWD}/ca.pem`);
      },
    },
  ];
  for (const c of cases)
    test(c.name, () => {
      c.check(parse(c.raw));
    });
});

describe('warnings', () => {
  const api = { api_url: 'https://st2.example.com/api', api_auth: { apikey: 'k' } };
  const cases: { name: string; raw: unknown; env?: NodeJS.ProcessEnv; warning: RegExp }[] = [
    {
      name: 'several credentials: the one used is named',
      raw: { stackstorm: { ...api, api_auth: { apikey: 'k', token: 't' } } },
      warning: /^stackstorm\.api_auth has apikey, token: using apikey/,
    },
    {
      name: 'no credentials with a real StackStorm',
      raw: { stackstorm: { api_url: 'https://st2.example.com/api' } },
      warning: /^no StackStorm credentials/,
    },
    {
      name: 'verify_cert false',
      raw: { stackstorm: { ...api, verify_cert: false } },
      warning: /^stackstorm\.verify_cert is false/,
    },
    {
      name: 'secrets_store is ignored',
      raw: { stackstorm: { secrets_store: 'cleartext' } },
      warning: /^stackstorm\.secrets_store is ignored/,
    },
    {
      name: 'oob_auth_url is ignored',
      raw: { stackstorm: { oob_auth_url: 'https://localhost:8888/' } },
      warning: /^stackstorm\.oob_auth_url is ignored/,
    },
    {
      name: 'a short webhook token',
      raw: { webhook: { token: 'short' } },
      warning: /^webhook\.token is shorter than 16 characters/,
    },
    {
      name: 'a webhook secret with the server off',
      raw: { webhook: { token: 'a-long-random-token-value' }, web: { enabled: false } },
      warning: /^webhook\.\* is set but web\.enabled is false/,
    },
    {
      name: 'redis_url with another driver',
      raw: { store: { redis_url: 'redis://localhost:6379' } },
      warning: /^store\.redis_url is ignored: store\.driver is "sqlite"/,
    },
    {
      name: 'client-side login over plain http to another host',
      raw: {
        stackstorm: { ...api, rbac_auth: { clientside: { url: 'http://bot.example.com/' } } },
      },
      warning: /clientside\.url is plain http \(bot\.example\.com\)/,
    },
    {
      name: 'no base_url while listening on every address',
      raw: { web: { host: '0.0.0.0', enabled: true, port: 80 } },
      warning: /^web\.base_url is not set: links will use http:\/\/127\.0\.0\.1:80\/$/,
    },
    {
      name: 'stream URL that cannot be derived',
      raw: { stackstorm: { ...api, api_url: 'https://st2.example.com/' } },
      warning:
        /^stackstorm\.stream_url cannot be derived from api_url https:\/\/st2\.example\.com\/v1/,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const warnings = parse(c.raw, c.env).warnings;
      assert.ok(
        warnings.some((w) => c.warning.test(w)),
        JSON.stringify(warnings),
      );
    });
  }

  test('client-side login over http on loopback is not warned about', () => {
    const config = parse({
      stackstorm: {
        api_url: 'http://127.0.0.1:9101',
        api_auth: { apikey: 'k' },
        rbac_auth: { clientside: { url: 'http://localhost:8080/' } },
      },
    });
    assert.deepEqual(config.warnings, []);
  });
});

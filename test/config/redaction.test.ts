import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inspect } from 'node:util';
import { createLogger } from '../../src/log.js';
import { parse } from './support.js';

const SECRETS = {
  apikey: 'SECRET-apikey-1',
  token: 'SECRET-token-2',
  password: 'SECRET-password-3',
  webhookToken: 'SECRET-webhook-token-4',
  hmac: 'SECRET-hmac-5',
  redis: 'SECRET-redis-6',
  irc: 'SECRET-irc-7',
  sasl: 'SECRET-sasl-8',
};

/** What printing the configuration shows (its `toJSON`). */
function redacted(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

function secretConfig() {
  return parse(
    {
      stackstorm: {
        api_url: 'https://st2.example.com/api',
        api_auth: {
          apikey: SECRETS.apikey,
          token: SECRETS.token,
          user: { name: 'bot', password: SECRETS.password },
        },
      },
      webhook: { token: SECRETS.webhookToken, hmac_secret: SECRETS.hmac },
      store: {
        driver: 'redis',
        redis_url: `redis://default:${SECRETS.redis}@redis.example.com:6379/0`,
      },
      backend: 'irc',
      backends: {
        irc: {
          server: 'irc.example.org',
          nick: 'bot',
          password: SECRETS.irc,
          sasl: { account: 'bot', password: SECRETS.sasl },
        },
      },
    },
    { STORMBOT_SECRET_KEY: 'SECRET-key-9' },
  );
}

function assertClean(text: string): void {
  for (const secret of [...Object.values(SECRETS), 'SECRET-key-9']) {
    assert.equal(text.includes(secret), false, `${secret} leaked into: ${text.slice(0, 200)}…`);
  }
}

describe('secrets stay out of printed configuration', () => {
  test('the printed configuration shows every secret as [set]', () => {
    const summary = redacted(secretConfig()) as {
      stackstorm: { apiAuth: Record<string, unknown> };
      webhook: Record<string, unknown>;
      store: Record<string, unknown>;
      backendSettings: Record<string, unknown>;
    };
    assert.deepEqual(summary.stackstorm.apiAuth, {
      apiKey: '[set]',
      token: '[set]',
      username: 'bot',
      password: '[set]',
    });
    assert.deepEqual(summary.webhook, { token: '[set]', hmacSecret: '[set]', trustedSources: [] });
    assert.equal(summary.store.redisUrl, 'redis://default:[set]@redis.example.com:6379/0');
    assert.equal(summary.backendSettings.server, 'irc.example.org');
    assert.equal(summary.backendSettings.password, '[set]');
    assert.deepEqual(summary.backendSettings.sasl, { account: 'bot', password: '[set]' });
    assertClean(JSON.stringify(summary));
  });

  test('the printed configuration keeps what is not secret', () => {
    const summary = redacted(secretConfig()) as { stackstorm: Record<string, unknown> };
    assert.equal(summary.stackstorm.apiUrl, 'https://st2.example.com/api/v1');
    assert.equal(summary.stackstorm.credentialKind, 'apiKey');
    assert.equal(summary.stackstorm.userTokenTtlSec, 86400);
  });

  test('JSON.stringify of the config and of its parts', () => {
    const config = secretConfig();
    for (const part of [
      config,
      config.stackstorm,
      config.stackstorm.apiAuth,
      config.webhook,
      config.store,
      config.backendSettings,
    ]) {
      assertClean(JSON.stringify(part));
    }
    assert.equal(JSON.stringify(config.stackstorm.apiAuth).includes('[set]'), true);
  });

  test('util.inspect (console.log) of the config and of its parts', () => {
    const config = secretConfig();
    for (const part of [
      config,
      config.stackstorm,
      config.stackstorm.apiAuth,
      config.webhook,
      config.backendSettings,
    ]) {
      assertClean(inspect(part, { depth: 10 }));
    }
  });

  test('a pino log line with the config in it', () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      destination: { write: (s: string) => lines.push(s) },
    });
    const config = secretConfig();
    logger.info(
      { config, st2: config.stackstorm, auth: config.stackstorm.apiAuth },
      'configuration',
    );
    assert.equal(lines.length, 1);
    assertClean(lines.join(''));
  });

  test('the values are still there for the code that needs them', () => {
    const config = secretConfig();
    assert.equal(config.stackstorm.apiAuth.password, SECRETS.password);
    assert.equal(config.webhook.hmacSecret, SECRETS.hmac);
    assert.equal((config.backendSettings as { password: string }).password, SECRETS.irc);
  });
});

describe('secrets stay out of error messages', () => {
  const cases: { name: string; raw: unknown; env?: NodeJS.ProcessEnv }[] = [
    {
      name: 'a URL with a password',
      raw: { stackstorm: { api_url: `https://bot:${SECRETS.password}@st2.example.com/api` } },
    },
    {
      name: 'a password of the wrong type',
      raw: {
        stackstorm: {
          api_url: 'https://x/api',
          api_auth: { user: { name: 'a', password: [SECRETS.password] } },
        },
      },
    },
    {
      name: 'an API key without api_url',
      raw: { stackstorm: { api_auth: { apikey: SECRETS.apikey } } },
    },
    {
      name: 'a token in the environment without api_url',
      raw: {},
      env: { ST2_AUTH_TOKEN: SECRETS.token },
    },
    {
      name: 'a Redis URL with another scheme',
      raw: { store: { redis_url: `http://:${SECRETS.redis}@redis/` } },
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.throws(
        () => parse(c.raw, c.env ?? {}),
        (error: unknown) => {
          assertClean(String(error));
          return true;
        },
      );
    });
  }
});

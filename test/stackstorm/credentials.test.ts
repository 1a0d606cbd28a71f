import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../../src/core/errors.js';
import { describeCredentials, resolveCredentials } from '../../src/stackstorm/credentials.js';

test('precedence is API key, then token, then username/password', () => {
  const all = { apiKey: 'k-secret', token: 't-secret', username: 'bot', password: 'p-secret' };
  assert.deepEqual(resolveCredentials(all), {
    credentials: { kind: 'apikey', apiKey: 'k-secret' },
    ignored: ['token', 'password'],
  });
  assert.equal(resolveCredentials({ ...all, apiKey: '' }).credentials.kind, 'token');
  assert.deepEqual(resolveCredentials({ username: 'bot', password: 'p', tokenTtl: 600 }), {
    credentials: { kind: 'password', username: 'bot', password: 'p', ttl: 600 },
    ignored: [],
  });
});

test('missing or half-configured credentials are config errors', () => {
  assert.throws(
    () => resolveCredentials({}),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /no StackStorm credentials/);
      return true;
    },
  );
  assert.throws(() => resolveCredentials({ username: 'bot' }), /stackstorm\.api_auth\.user/);
  assert.throws(() => resolveCredentials({ password: 'x' }), /stackstorm\.api_auth\.user\.name/);
  assert.throws(
    () => resolveCredentials({ username: 'a', password: 'b', tokenTtl: 0 }),
    /stackstorm\.user_token_ttl/,
  );
});

test('the description names the kind and never the secret', () => {
  const { credentials, ignored } = resolveCredentials({
    token: 'tok-secret-1',
    username: 'st2admin',
    password: 'pw-secret-2',
  });
  const description = describeCredentials(credentials, ignored);
  assert.deepEqual(description, {
    kind: 'token',
    ignored: ['password'],
    summary: 'auth token; ignored: username/password',
  });
  const pw = describeCredentials({
    kind: 'password',
    username: 'st2admin',
    password: 'pw-secret-2',
  });
  assert.equal(pw.summary, 'username/password (st2admin)');
  assert.doesNotMatch(JSON.stringify([description, pw]), /secret/);
});

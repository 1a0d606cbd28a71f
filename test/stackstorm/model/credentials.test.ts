import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeCredentials, pickCredentials } from '../../../src/stackstorm/model.js';

describe('credentials', () => {
  test('precedence is API key, then token, then username/password', () => {
    const all = { apiKey: 'k-secret', token: 't-secret', username: 'bot', password: 'p-secret' };
    assert.deepEqual(pickCredentials(all), {
      credentials: { kind: 'apiKey', apiKey: 'k-secret' },
      ignored: ['token', 'password'],
    });
    assert.equal(pickCredentials({ ...all, apiKey: '' }).credentials?.kind, 'token');
    assert.deepEqual(pickCredentials({ username: 'bot', password: 'p' }), {
      credentials: { kind: 'password', username: 'bot', password: 'p' },
      ignored: [],
    });
  });

  test('nothing, or a username without a password, is no credential', () => {
    assert.deepEqual(pickCredentials({}), { credentials: undefined, ignored: [] });
    assert.equal(pickCredentials({ username: 'bot' }).credentials, undefined);
    assert.equal(pickCredentials({ password: 'x' }).credentials, undefined);
  });

  test('the description names the kind and never the secret', () => {
    const { credentials, ignored } = pickCredentials({
      token: 'tok-secret-1',
      username: 'st2admin',
      password: 'pw-secret-2',
    });
    assert.ok(credentials);
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

  test('no credentials is described as such (StackStorm with authentication off)', () => {
    assert.deepEqual(describeCredentials(pickCredentials({}).credentials), {
      kind: 'none',
      ignored: [],
      summary: 'no credentials (StackStorm authentication off)',
    });
  });
});

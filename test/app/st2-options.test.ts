import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { st2ConnectionOptions } from '../../src/app/st2-options.js';
import { StartupError } from '../../src/core/errors.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { parse } from '../config/support.js';

const sandbox = {
  apiUrl: 'http://127.0.0.1:5000/api/v1',
  authUrl: 'http://127.0.0.1:5000/auth/v1',
  streamUrl: 'http://127.0.0.1:5000/stream/v1',
  apiKey: 'sandbox-key',
} as Sandbox;

describe('st2ConnectionOptions', () => {
  test('the configured connection, with the credentials the precedence rule picks', () => {
    const config = parse({
      stackstorm: {
        api_url: 'https://st2.example.com/api',
        api_auth: { user: { name: 'bot', password: 'pw' } },
        verify_cert: false,
        ca_cert: '/tls/ca.pem',
        request_timeout: 2.5,
        user_token_ttl: 600,
      },
    });
    assert.deepEqual(st2ConnectionOptions(config, sandbox), {
      apiUrl: 'https://st2.example.com/api/v1',
      authUrl: 'https://st2.example.com/auth/v1',
      streamUrl: 'https://st2.example.com/stream/v1',
      credentials: { kind: 'password', username: 'bot', password: 'pw' },
      ignoredCredentials: [],
      tokenTtl: 600,
      verifyCert: false,
      caCert: '/tls/ca.pem',
      clientCert: undefined,
      clientKey: undefined,
      timeoutMs: 2500,
    });
  });

  test('without a configured StackStorm the sandbox gives the URLs and the API key', () => {
    const options = st2ConnectionOptions(parse({}), sandbox);
    assert.equal(options.apiUrl, sandbox.apiUrl);
    assert.deepEqual(options.credentials, { kind: 'apiKey', apiKey: 'sandbox-key' });
    assert.equal(options.timeoutMs, 30000);
  });

  test('no credentials is a mode of its own (StackStorm with authentication off), as check has it', () => {
    const config = parse({ stackstorm: { api_url: 'https://st2.example.com/api' } });
    assert.equal(config.stackstorm.credentialKind, 'none');
    const options = st2ConnectionOptions(config, sandbox);
    assert.equal(options.apiUrl, 'https://st2.example.com/api/v1');
    assert.equal(options.credentials, undefined);
  });

  test('refuses, naming the key, without a StackStorm or a sandbox', () => {
    assert.throws(
      () => st2ConnectionOptions(parse({})),
      (e: unknown) =>
        e instanceof StartupError && /stackstorm\.api_url \(ST2_API_URL\)/.test(e.message),
    );
  });
});

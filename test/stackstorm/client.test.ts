/**
 * The client against the st2 sandbox on loopback: every credential kind, renewal, 401 handling,
 * every call, and the mapping of st2's errors.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  St2AuthError,
  St2HttpError,
  St2TimeoutError,
  type St2Client,
} from '../../src/stackstorm/index.js';
import { API_KEY, USERS, startFixture, type Fixture } from './sandbox-fixture.js';

let fx: Fixture;
before(async () => {
  fx = await startFixture();
});
after(async () => {
  await fx.close();
});
beforeEach(() => {
  fx.sandbox.requests.length = 0;
  fx.sandbox.faults.latencyMs = 0;
});

const tokenRequests = (): number =>
  fx.sandbox.requests.filter((r) => r.method === 'POST' && r.path === '/auth/v1/tokens').length;

const passwordClient = (extra = {}): St2Client =>
  fx.client({ username: 'st2admin', password: USERS.st2admin, tokenTtl: 600, ...extra });

describe('credentials', () => {
  test('API key: sent as St2-Api-Key on every call', async () => {
    const client = fx.client({ apiKey: API_KEY });
    assert.equal(client.describeCredentials().summary, 'API key');
    assert.ok(Array.isArray(await client.listAliases()));
    const req = fx.sandbox.requests.at(-1)!;
    assert.equal(req.headers['st2-api-key'], API_KEY);
    assert.equal(req.headers['x-auth-token'], undefined);
    assert.deepEqual(await client.validateCredentials(), { kind: 'apiKey' });
  });

  test('username/password: logs in with Basic auth and the ttl, then sends the token', async () => {
    const client = fx.client({ username: 'bob', password: USERS.bob, tokenTtl: 600 });
    assert.deepEqual(client.describeCredentials(), {
      kind: 'password',
      username: 'bob',
      ignored: [],
      summary: 'username/password (bob)',
    });
    await client.listAliases();
    const [login, call] = fx.sandbox.requests;
    assert.equal(login!.path, '/auth/v1/tokens');
    assert.equal(
      login!.headers.authorization,
      `Basic ${Buffer.from(`bob:${USERS.bob}`).toString('base64')}`,
    );
    assert.deepEqual(login!.body, { ttl: 600 });
    assert.match(call!.headers['x-auth-token']!, /^[0-9a-f]{32}$/);
    const check = await client.validateCredentials();
    assert.equal(check.kind, 'password');
    assert.equal(check.user, 'bob');
    assert.equal(check.tokenExpiresAt, fx.clock.now() + 600_000);
    assert.equal(tokenRequests(), 1, 'the token is reused');
  });

  test('token: sent as X-Auth-Token', async () => {
    const issuer = passwordClient();
    await issuer.listAliases();
    const token = fx.sandbox.requests.at(-1)!.headers['x-auth-token']!;
    const client = fx.client({ token });
    assert.equal(client.describeCredentials().kind, 'token');
    await client.listAliases();
    assert.equal(fx.sandbox.requests.at(-1)!.headers['x-auth-token'], token);
    assert.deepEqual(await client.validateCredentials(), { kind: 'token' });
  });

  test('precedence: the API key wins and the others are reported as ignored', async () => {
    const client = fx.client({
      apiKey: API_KEY,
      token: 'unused-token',
      username: 'st2admin',
      password: USERS.st2admin,
    });
    assert.deepEqual(client.describeCredentials().ignored, ['token', 'password']);
    await client.listAliases();
    assert.equal(tokenRequests(), 0);
    assert.equal(fx.sandbox.requests.at(-1)!.headers['st2-api-key'], API_KEY);
  });

  test('a username/password token is renewed before it expires, on the injected clock', async () => {
    const client = passwordClient(); // ttl 600 s → renewed in the last 60 s
    await client.listAliases();
    const first = fx.sandbox.requests.at(-1)!.headers['x-auth-token'];
    await fx.clock.advance(539_000);
    await client.listAliases();
    assert.equal(tokenRequests(), 1, 'not yet');
    await fx.clock.advance(1_000);
    await client.listAliases();
    assert.equal(tokenRequests(), 2, 'renewed 60 s before expiry');
    const second = fx.sandbox.requests.at(-1)!.headers['x-auth-token'];
    assert.notEqual(second, first);
    assert.deepEqual(
      fx.sandbox.requests.map((r) => r.path),
      [
        '/auth/v1/tokens',
        '/api/v1/actionalias',
        '/api/v1/actionalias',
        '/auth/v1/tokens',
        '/api/v1/actionalias',
      ],
      'no request was refused on the way',
    );
  });

  test('401 on a call → log in again → the call is retried once and succeeds', async () => {
    const client = passwordClient();
    await client.listAliases();
    fx.sandbox.faults.expireAllTokens();
    const aliases = await client.listAliases();
    assert.ok(aliases.length > 0);
    const calls = fx.sandbox.requests.map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(calls, [
      'POST /auth/v1/tokens',
      'GET /api/v1/actionalias',
      'GET /api/v1/actionalias',
      'POST /auth/v1/tokens',
      'GET /api/v1/actionalias',
    ]);
    const [, a, b, , c] = fx.sandbox.requests;
    assert.equal(a!.headers['x-auth-token'], b!.headers['x-auth-token']);
    assert.notEqual(b!.headers['x-auth-token'], c!.headers['x-auth-token']);
  });

  test('any 401 (here injected) makes a password client log in again and retry', async () => {
    const client = passwordClient();
    await client.listAliases();
    fx.sandbox.faults.failNext(1, 401, 'Unauthorized');
    await client.validateCredentials();
    assert.deepEqual(fx.sandbox.requests.map((r) => `${r.method} ${r.path}`).slice(2), [
      'GET /api/v1/actionalias',
      'POST /auth/v1/tokens',
      'GET /api/v1/actionalias',
    ]);
  });

  test('an expired static token: loud St2AuthError, admins told once, no secret', async () => {
    const issuer = passwordClient();
    await issuer.listAliases();
    const token = fx.sandbox.requests.at(-1)!.headers['x-auth-token']!;
    const reports: string[] = [];
    const client = fx.client({ token, onCredentialsExpired: (m) => reports.push(m) });
    fx.sandbox.faults.expireAllTokens();
    for (let i = 0; i < 2; i++) {
      await assert.rejects(client.listAliases(), (err: unknown) => {
        assert.ok(err instanceof St2AuthError);
        assert.equal(err.code, 'unauthorized');
        assert.equal(err.status, 401);
        assert.equal(err.credentialKind, 'token');
        assert.equal(err.faultstring, 'Unauthorized - Token has expired.');
        assert.match(err.message, /configure an API key, or a username and password/);
        assert.ok(!err.message.includes(token));
        return true;
      });
    }
    assert.equal(reports.length, 1, 'reported once');
    assert.ok(!reports[0]!.includes(token));
    assert.equal(tokenRequests(), 1, 'a static token is never "renewed"');
  });

  test('a disabled or unknown API key is an St2AuthError; reported again after a recovery', async () => {
    const reports: string[] = [];
    const client = fx.client({ apiKey: API_KEY, onCredentialsExpired: (m) => reports.push(m) });
    fx.sandbox.faults.setApiKeyEnabled(API_KEY, false);
    try {
      await assert.rejects(client.getExecution('last'), (err: unknown) => {
        assert.ok(err instanceof St2AuthError);
        assert.equal(err.faultstring, 'Unauthorized - API key is disabled.');
        assert.match(err.message, /Create a new key with "st2 apikey create"/);
        return true;
      });
    } finally {
      fx.sandbox.faults.setApiKeyEnabled(API_KEY, true);
    }
    await client.listAliases();
    fx.sandbox.faults.setApiKeyEnabled(API_KEY, false);
    await assert.rejects(client.listAliases(), St2AuthError);
    fx.sandbox.faults.setApiKeyEnabled(API_KEY, true);
    assert.equal(reports.length, 2);

    const unknown = fx.client({ apiKey: 'not-a-known-key' });
    await assert.rejects(unknown.listAliases(), (err: unknown) => {
      assert.ok(err instanceof St2AuthError);
      assert.match(
        err.faultstring!,
        /^Unauthorized - ApiKey with key_hash=[0-9a-f]{64} not found\.$/,
      );
      assert.ok(!err.message.includes('not-a-known-key'));
      return true;
    });
  });

  test('a wrong password: the login is refused with a clear message, no password in it', async () => {
    const reports: string[] = [];
    const client = fx.client({
      username: 'st2admin',
      password: 'wrong-password-value',
      onCredentialsExpired: (m) => reports.push(m),
    });
    await assert.rejects(client.validateCredentials(), (err: unknown) => {
      assert.ok(err instanceof St2AuthError);
      assert.equal(err.faultstring, 'Invalid or missing credentials');
      assert.match(err.message, /refused the login of user "st2admin".*stackstorm\.api_auth\.user/);
      assert.ok(!err.message.includes('wrong-password-value'));
      return true;
    });
    assert.equal(reports.length, 1);
  });

  test('a ttl above the server maximum is a clear 400', async () => {
    const client = passwordClient({ tokenTtl: 999_999 });
    await assert.rejects(client.listAliases(), (err: unknown) => {
      assert.ok(err instanceof St2HttpError);
      assert.equal(err.code, 'bad_request');
      assert.equal(err.faultstring, 'TTL specified 999999 is greater than max allowed 3600.');
      return true;
    });
  });

  test('createToken: a token for someone signing in, refused logins as St2AuthError, no report', async () => {
    const reports: string[] = [];
    const bot = fx.client({ apiKey: API_KEY, onCredentialsExpired: (m) => reports.push(m) });
    const issued = await bot.createToken('bob', USERS.bob, 600);
    assert.equal(issued.user, 'bob');
    assert.match(issued.token, /^[0-9a-f]{32}$/);
    assert.equal(issued.expiresAt, fx.clock.now() + 600_000);
    assert.deepEqual(fx.sandbox.requests.at(-1)!.body, { ttl: 600 });
    await assert.rejects(bot.createToken('bob', 'wrong-password-value'), (err: unknown) => {
      assert.ok(err instanceof St2AuthError);
      assert.match(err.message, /^StackStorm refused the login of user "bob" \(/);
      assert.doesNotMatch(err.message, /stackstorm\.api_auth|wrong-password-value/);
      return true;
    });
    assert.equal(reports.length, 0);
  });

  test('withCredentials acts as another user, sharing connections, never telling admins', async () => {
    const reports: string[] = [];
    const bot = fx.client({ apiKey: API_KEY, onCredentialsExpired: (m) => reports.push(m) });
    const bob = bot.withCredentials({ kind: 'password', username: 'bob', password: USERS.bob });
    assert.equal((await bob.validateCredentials()).user, 'bob');
    assert.equal(bob.describeCredentials().summary, 'username/password (bob)');
    const stale = bot.withCredentials({ kind: 'token', token: '0'.repeat(32) });
    await assert.rejects(stale.listAliases(), (err: unknown) => {
      assert.ok(err instanceof St2AuthError);
      assert.equal(err.faultstring, 'Unauthorized');
      assert.match(err.message, /^StackStorm rejected the auth token \(Unauthorized\)\./);
      return true;
    });
    assert.equal(reports.length, 0);
    await bob.close(); // a no-op: the bot-wide client owns the connections
    await bot.listAliases();
  });
});

describe('calls', () => {
  let client: St2Client;
  before(() => {
    client = fx.client({ apiKey: API_KEY });
  });

  test('listAliases asks for all of them', async () => {
    const aliases = await client.listAliases();
    assert.deepEqual(fx.sandbox.requests.at(-1)!.query, { limit: '-1' });
    assert.deepEqual(
      aliases.map((a) => a.ref),
      [
        'dup.status_a',
        'dup.status_b',
        'examples.ask_continue',
        'examples.greet',
        'examples.run_local',
      ],
    );
    const greet = aliases.find((a) => a.ref === 'examples.greet');
    assert.deepEqual(greet?.formats, ['greet {{message=Hello}}']);
  });

  test('executeAlias sends every field and returns the execution with the rendered ack', async () => {
    const result = await client.executeAlias({
      name: 'greet',
      format: 'greet {{message=Hello}}',
      command: 'greet Bonjour',
      user: 'ann',
      source_channel: '#ops',
      notification_route: 'hubot',
      source_context: { thread: 't-1' },
    });
    assert.deepEqual(fx.sandbox.requests.at(-1)!.body, {
      name: 'greet',
      format: 'greet {{message=Hello}}',
      command: 'greet Bonjour',
      user: 'ann',
      source_channel: '#ops',
      notification_route: 'hubot',
      source_context: { thread: 't-1' },
    });
    assert.equal(result.message, 'Saying Bonjour');
    assert.equal(result.actionalias?.ref, 'examples.greet');
    assert.equal(result.execution.parameters?.message, 'Bonjour');
    assert.match(result.execution.web_url!, /#\/history\/[0-9a-f]{24}\/general$/);
    const again = await client.getExecution(result.execution.id);
    assert.equal(again.id, result.execution.id);
    assert.equal(again.context?.source_channel, '#ops');
  });

  test('executeAlias errors: unknown alias 404, wrong format 400', async () => {
    await assert.rejects(
      client.executeAlias({ name: 'nope', format: 'x', command: 'x', source_channel: 'c' }),
      (err: unknown) => {
        assert.ok(err instanceof St2HttpError);
        assert.equal(err.code, 'not_found');
        assert.equal(
          err.faultstring,
          "Unable to find the ActionAliasDB instance. {'name': 'nope'}",
        );
        return true;
      },
    );
    await assert.rejects(
      client.executeAlias({ name: 'greet', format: 'hi', command: 'hi', source_channel: 'c' }),
      {
        code: 'bad_request',
        faultstring: 'Format string "hi" is not available on the alias "greet"',
      },
    );
  });

  test('getExecution: an unknown id is a 404', async () => {
    await assert.rejects(client.getExecution('000000000000000000000000'), {
      code: 'not_found',
      status: 404,
    });
  });
});

describe('error mapping', () => {
  let client: St2Client;
  before(() => {
    client = fx.client({ apiKey: API_KEY });
  });

  for (const [status, code] of [
    [400, 'bad_request'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [409, 'conflict'],
    [500, 'server_error'],
    [503, 'server_error'],
    [418, 'http_error'],
  ] as const) {
    test(`${status} → ${code} with faultstring and request id`, async () => {
      fx.sandbox.faults.failNext(1, status, `fault ${status}`);
      await assert.rejects(client.listAliases(), (err: unknown) => {
        assert.ok(err instanceof St2HttpError);
        assert.equal(err.code, code);
        assert.equal(err.status, status);
        assert.equal(err.faultstring, `fault ${status}`);
        assert.equal(err.operation, 'GET /api/v1/actionalias');
        assert.equal(err.requestId, fx.sandbox.requests.at(-1)!.headers['x-request-id']);
        assert.ok(err.message.includes(`(request id ${err.requestId})`));
        return true;
      });
    });
  }

  test("st2's default 500 text", async () => {
    fx.sandbox.faults.failNext(1, 500);
    await assert.rejects(client.listAliases(), { faultstring: 'Internal Server Error' });
  });

  test('an unknown path is a 404', async () => {
    await assert.rejects(client.getExecution('no-such-id'), { code: 'not_found', status: 404 });
  });

  test('a slow st2 → St2TimeoutError after the configured deadline', async () => {
    const slow = fx.client({ apiKey: API_KEY, timeoutMs: 2000 });
    fx.sandbox.faults.latencyMs = 5000;
    const call = assert.rejects(slow.listAliases(), (err: unknown) => {
      assert.ok(err instanceof St2TimeoutError);
      assert.equal(err.code, 'timeout');
      return true;
    });
    await fx.clock.advance(2000);
    await call;
    await fx.clock.advance(3000); // let the sandbox finish the abandoned request
  });
});

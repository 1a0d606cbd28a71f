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
    assert.deepEqual(await client.validateCredentials(), { kind: 'apikey' });
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
    await client.aliasHelp();
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
    await client.aliasHelp();
    assert.deepEqual(fx.sandbox.requests.map((r) => `${r.method} ${r.path}`).slice(2), [
      'GET /api/v1/actionalias/help',
      'POST /auth/v1/tokens',
      'GET /api/v1/actionalias/help',
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
    const greet = await client.getAlias('examples.greet');
    assert.deepEqual(greet.formats, ['greet {{message=Hello}}']);
  });

  test('aliasHelp passes filter, pack, limit and offset', async () => {
    const all = await client.aliasHelp();
    assert.equal(all.available, 5);
    const page = await client.aliasHelp({ filter: 'e', pack: 'examples', limit: 1, offset: 1 });
    assert.deepEqual(fx.sandbox.requests.at(-1)!.query, {
      filter: 'e',
      pack: 'examples',
      limit: '1',
      offset: '1',
    });
    assert.equal(page.available, 2);
    assert.deepEqual(page.helpstrings, [
      { pack: 'examples', display: 'greet {{message=Hello}}', description: 'Say hello' },
    ]);
  });

  test('matchAlias: the match, and the exact 400s for no match and ambiguity', async () => {
    const match = await client.matchAlias('run uptime');
    assert.equal(match.actionalias.name, 'run_local');
    assert.equal(match.representation, 'run {{cmd}}');
    assert.equal(match.display, 'run <cmd>');
    await assert.rejects(client.matchAlias('dance'), (err: unknown) => {
      assert.ok(err instanceof St2HttpError);
      assert.equal(err.code, 'bad_request');
      assert.equal(err.status, 400);
      assert.equal(err.faultstring, "Command 'dance' matched no patterns");
      assert.match(err.message, /POST \/api\/v1\/actionalias\/match failed with 400/);
      return true;
    });
    await assert.rejects(client.matchAlias('status'), {
      faultstring: "Command 'status' matched more than 1 pattern",
    });
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
    assert.equal(result.actionalias.ref, 'examples.greet');
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

  test('matchAndExecute runs the matched alias', async () => {
    const { results } = await client.matchAndExecute({
      command: 'run uptime',
      source_channel: '#ops',
      user: 'ann',
      notification_route: 'hubot',
    });
    assert.equal(results.length, 1);
    assert.equal(results[0]!.execution.parameters?.cmd, 'uptime');
    await assert.rejects(client.matchAndExecute({ command: 'dance', source_channel: '#ops' }), {
      faultstring: "Command 'dance' matched no patterns",
    });
  });

  test('getExecution 404; getExecutions skips unknown ids; listExecutions filters', async () => {
    await assert.rejects(client.getExecution('000000000000000000000000'), {
      code: 'not_found',
      status: 404,
    });
    const start = new Date(fx.clock.now());
    await fx.clock.advance(1000);
    const { execution } = await client.executeAlias({
      name: 'greet',
      format: 'greet {{message=Hello}}',
      command: 'greet',
      source_channel: 'c',
    });
    const found = await client.getExecutions([execution.id, '000000000000000000000000']);
    assert.deepEqual(
      found.map((e) => e.id),
      [execution.id],
    );
    const recent = await client.listExecutions({
      timestampGt: start,
      action: 'core.echo',
      limit: 10,
    });
    assert.deepEqual(
      recent.map((e) => e.id),
      [execution.id],
    );
    const query = fx.sandbox.requests.at(-1)!.query;
    assert.equal(query.action, 'core.echo');
    assert.equal(query.limit, '10');
    assert.match(String(query.timestamp_gt), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  test('cancelExecution cancels a running execution and refuses a finished one', async () => {
    fx.sandbox.faults.holdExecutions = true;
    try {
      const { execution } = await client.executeAlias({
        name: 'run_local',
        format: 'run {{cmd}}',
        command: 'run sleep 100',
        source_channel: 'c',
      });
      await fx.clock.advance(100);
      const canceled = await client.cancelExecution(execution.id);
      assert.equal(canceled.id, execution.id);
      assert.match(canceled.status, /^cancel/);
      assert.equal(fx.sandbox.requests.at(-1)!.method, 'DELETE');
    } finally {
      fx.sandbox.faults.holdExecutions = false;
    }
    const done = await client.executeAlias({
      name: 'greet',
      format: 'greet {{message=Hello}}',
      command: 'greet',
      source_channel: 'c',
    });
    await fx.clock.advance(1000);
    assert.equal((await client.getExecution(done.execution.id)).status, 'succeeded');
    await assert.rejects(client.cancelExecution(done.execution.id), (err: unknown) => {
      assert.ok(err instanceof St2HttpError);
      assert.equal(err.code, 'bad_request');
      assert.equal(err.faultstring, 'Action cannot be canceled. State = succeeded.');
      return true;
    });
  });

  test('inquiries: list, get, respond; a response that breaks the schema is a 400', async () => {
    const { execution } = await client.executeAlias({
      name: 'ask_continue',
      format: 'ask to continue',
      command: 'ask to continue',
      source_channel: 'c',
    });
    await fx.clock.advance(100);
    const inquiries = await client.listInquiries();
    assert.ok(inquiries.some((i) => i.id === execution.id));
    const inquiry = await client.getInquiry(execution.id);
    assert.equal(inquiry.id, execution.id);
    assert.equal(typeof inquiry.schema, 'object');
    await assert.rejects(client.respondInquiry(execution.id, { continue: 'maybe' }), {
      code: 'bad_request',
    });
    const answer = await client.respondInquiry(execution.id, { continue: true });
    assert.deepEqual(answer, { id: execution.id, response: { continue: true } });
    assert.deepEqual(fx.sandbox.requests.at(-1)!.body, {
      id: execution.id,
      response: { continue: true },
    });
    await assert.rejects(client.getInquiry(execution.id), { code: 'bad_request' });
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
      await assert.rejects(client.listInquiries(), (err: unknown) => {
        assert.ok(err instanceof St2HttpError);
        assert.equal(err.code, code);
        assert.equal(err.status, status);
        assert.equal(err.faultstring, `fault ${status}`);
        assert.equal(err.operation, 'GET /api/v1/inquiries');
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
    await assert.rejects(client.getAlias('no.such'), { code: 'not_found', status: 404 });
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

/**
 * Failures the sandbox cannot produce: nothing listening, no answer, garbage bodies.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { ManualClock } from '../support/clock.js';
import { StartupError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/log.js';
import {
  St2AuthError,
  St2Client,
  St2Error,
  St2HttpError,
  St2TimeoutError,
  St2UnreachableError,
  type St2ClientOptions,
} from '../../src/stackstorm/index.js';
import { closedPort, startRawServer, type RawServer } from './helpers.js';
import { clientOptions, type TestClientOptions } from './sandbox-fixture.js';
import { bounded } from '../support/wait.js';

const servers: RawServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

function options(base: string, extra: TestClientOptions = {}): St2ClientOptions {
  return clientOptions(
    {
      apiUrl: `${base}/api/v1`,
      authUrl: `${base}/auth/v1`,
      streamUrl: `${base}/stream/v1`,
      logger: silentLogger(),
    },
    { apiKey: 'key-that-must-not-leak', ...extra },
  );
}

test('nothing listening → St2UnreachableError naming the host, no secret', async () => {
  const port = await closedPort();
  const client = new St2Client(options(`http://127.0.0.1:${port}`));
  await assert.rejects(client.listAliases(), (err: unknown) => {
    assert.ok(err instanceof St2UnreachableError);
    assert.equal(err.code, 'unreachable');
    assert.match(err.message, /127\.0\.0\.1:\d+ is unreachable: .*ECONNREFUSED/);
    assert.equal(err.operation, 'GET /api/v1/actionalias');
    assert.ok(err.requestId);
    assert.ok(err.cause);
    assert.doesNotMatch(err.message, /must-not-leak/);
    return true;
  });
  await client.close();
});

test('no answer within the deadline → St2TimeoutError, driven by the injected clock', async () => {
  let arrived!: () => void;
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  const server = await startRawServer(() => {
    arrived();
  });
  servers.push(server);
  const clock = new ManualClock();
  const client = new St2Client(options(server.url, { clock, timeoutMs: 5000 }));
  const call = client.getExecution('abc');
  await bounded(reached, { what: 'the request to reach the server' });
  await clock.advance(4999);
  let settled = false;
  void call.catch(() => (settled = true));
  await clock.advance(0);
  assert.equal(settled, false, 'must not time out early');
  await clock.advance(1);
  await assert.rejects(call, (err: unknown) => {
    assert.ok(err instanceof St2TimeoutError);
    assert.equal(err.code, 'timeout');
    assert.match(err.message, /did not answer GET \/api\/v1\/executions\/abc within 5000 ms/);
    return true;
  });
  // A per-call deadline overrides the client's.
  const quick = assert.rejects(client.listAliases({ timeoutMs: 10 }), St2TimeoutError);
  await clock.advance(10);
  await quick;
  await client.close();
});

test('a caller abort is passed through as is, not as a timeout', async () => {
  const server = await startRawServer(() => undefined);
  servers.push(server);
  const client = new St2Client(options(server.url, { clock: new ManualClock() }));
  const controller = new AbortController();
  const call = client.listAliases({ signal: controller.signal });
  const reason = new Error('user went away');
  controller.abort(reason);
  await assert.rejects(call, (err) => err === reason);
  await client.close();
});

test('bodies that break the contract → invalid_response; error pages without JSON still map', async () => {
  const server = await startRawServer((req, res) => {
    if (req.url?.startsWith('/api/v1/actionalias')) {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy login</html>');
    } else {
      res.writeHead(502, 'Bad Gateway', { 'content-type': 'text/html', 'x-request-id': 'rid-9' });
      res.end('<h1>502</h1>');
    }
  });
  servers.push(server);
  const client = new St2Client(options(server.url));
  await assert.rejects(client.listAliases(), (err: unknown) => {
    assert.ok(err instanceof St2Error);
    assert.equal(err.code, 'invalid_response');
    return true;
  });
  await assert.rejects(client.getExecution('x'), (err: unknown) => {
    assert.ok(err instanceof St2HttpError);
    assert.equal(err.code, 'server_error');
    assert.equal(err.status, 502);
    assert.equal(err.faultstring, undefined);
    assert.equal(err.requestId, 'rid-9');
    assert.match(err.message, /502: Bad Gateway \(request id rid-9\)/);
    return true;
  });
  await client.close();
});

test('every request carries a request id, the user agent and the key header', async () => {
  const server = await startRawServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
  });
  servers.push(server);
  const client = new St2Client(options(server.url));
  await client.listAliases();
  const req = server.requests.at(-1)!;
  assert.equal(req.url, '/api/v1/actionalias?limit=-1');
  assert.equal(req.headers['st2-api-key'], 'key-that-must-not-leak');
  assert.equal(req.headers['x-auth-token'], undefined);
  assert.match(req.headers['x-request-id'] as string, /^[0-9a-f-]{36}$/);
  assert.equal(req.headers['user-agent'], 'stormbot');
  await client.close();
});

test('a second 401 right after a fresh login is an St2AuthError, not a loop', async () => {
  let logins = 0;
  const server = await startRawServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/auth/v1/tokens') {
      logins++;
      res
        .writeHead(201)
        .end(JSON.stringify({ user: 'bot', token: `t${logins}`, expiry: '2999-01-01T00:00:00Z' }));
    } else {
      res.writeHead(401).end('{"faultstring": "Unauthorized"}');
    }
  });
  servers.push(server);
  const reports: string[] = [];
  const client = new St2Client(
    options(server.url, {
      apiKey: undefined,
      username: 'bot',
      password: 'pw',
      onCredentialsExpired: (m) => reports.push(m),
    }),
  );
  await assert.rejects(client.listAliases(), (err: unknown) => {
    assert.ok(err instanceof St2AuthError);
    assert.equal(err.credentialKind, 'password');
    assert.match(err.message, /rejected a freshly issued token of user "bot" \(Unauthorized\)/);
    return true;
  });
  assert.equal(logins, 2, 'one login, one re-login, then give up');
  assert.equal(server.requests.length, 4);
  assert.equal(reports.length, 1);
  await client.close();
});

test('a login answer without a usable token or expiry is invalid_response', async () => {
  const server = await startRawServer((_req, res) => {
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end('{"user": "bot", "token": "t", "expiry": "next tuesday"}');
  });
  servers.push(server);
  const client = new St2Client(
    options(server.url, { apiKey: undefined, username: 'u', password: 'p' }),
  );
  await assert.rejects(client.listAliases(), { code: 'invalid_response' });
  await client.close();
});

test('listRules passes its filters and returns the rules', async () => {
  const rule = {
    ref: 'chatops.notify',
    name: 'notify',
    pack: 'chatops',
    enabled: true,
    trigger: { type: 'core.st2.generic.notifytrigger' },
    criteria: { 'trigger.route': { pattern: 'hubot', type: 'equals' } },
  };
  const server = await startRawServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([rule]));
  });
  servers.push(server);
  const client = new St2Client(options(server.url));
  const rules = await client.listRules({
    trigger: 'core.st2.generic.notifytrigger',
    enabled: true,
  });
  assert.deepEqual(rules, [rule]);
  assert.equal(
    server.requests.at(-1)!.url,
    '/api/v1/rules?trigger=core.st2.generic.notifytrigger&enabled=true',
  );
  await client.close();
});

test('a TLS file that cannot be read is a StartupError naming the setting', () => {
  assert.throws(
    () => new St2Client(options('http://x', { caCert: '/nonexistent/ca.pem' })),
    (err: unknown) => {
      assert.ok(err instanceof StartupError);
      assert.match(
        err.message,
        /^stackstorm\.ca_cert: cannot read \/nonexistent\/ca\.pem \(ENOENT\)$/,
      );
      return true;
    },
  );
});

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { signWebhook } from '../../src/web/webhook-auth.js';
import { WEBHOOK_HMAC, WEBHOOK_TOKEN, makeServer, type ServerHarness } from './support/server.js';

const servers: ServerHarness[] = [];
after(async () => {
  for (const s of servers) await s.server.close();
});
async function server(overrides: Parameters<typeof makeServer>[0] = {}): Promise<ServerHarness> {
  const s = await makeServer(overrides);
  servers.push(s);
  return s;
}

const announcement = {
  channel: '#ops',
  message: 'deploy done',
  user: 'alice',
  whisper: false,
  extra: { slack: { color: 'good' } },
};
const json = JSON.stringify(announcement);

function post(s: ServerHarness, url: string, body: string, headers: Record<string, string>) {
  return s.server.app.inject({
    method: 'POST',
    url,
    payload: body,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function signed(body: string, at: number, secret = WEBHOOK_HMAC): Record<string, string> {
  const ts = String(Math.floor(at / 1000));
  return { 'x-stormbot-timestamp': ts, 'x-stormbot-signature': signWebhook(secret, ts, body) };
}

describe('webhooks: authentication', () => {
  test('a good token in X-Stormbot-Token delivers the announcement', async () => {
    const s = await server();
    const res = await post(s, '/chatops/message', json, { 'x-stormbot-token': WEBHOOK_TOKEN });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'completed', message: 'Delivered to chat backend.' });
    assert.deepEqual(s.sink.delivered, [
      {
        source: 'webhook',
        announcement: {
          channel: '#ops',
          message: 'deploy done',
          user: 'alice',
          whisper: false,
          extra: { slack: { color: 'good' } },
          context: undefined,
          executionId: undefined,
        },
      },
    ]);
  });

  test('a good token as Authorization: Bearer works too', async () => {
    const s = await server();
    const res = await post(s, '/chatops/message', json, {
      authorization: `Bearer ${WEBHOOK_TOKEN}`,
    });
    assert.equal(res.statusCode, 200);
    assert.equal(s.sink.delivered.length, 1);
  });

  test('a bad or missing token is refused with 401 and nothing delivered', async () => {
    const s = await server();
    const headerSets: Record<string, string>[] = [
      { 'x-stormbot-token': 'wrong' },
      { 'x-stormbot-token': `${WEBHOOK_TOKEN}x` },
      { 'x-stormbot-token': WEBHOOK_TOKEN.slice(0, -1) + 'X' },
      { authorization: `Basic ${WEBHOOK_TOKEN}` },
      {},
    ];
    for (const headers of headerSets) {
      const res = await post(s, '/chatops/message', json, headers);
      assert.equal(res.statusCode, 401, JSON.stringify(headers));
      assert.deepEqual(res.json(), { status: 'failed', error: 'unauthorized' });
    }
    assert.equal(s.sink.delivered.length, 0);
    assert.ok(!s.logs.text().includes(WEBHOOK_TOKEN));
    assert.match(s.logs.text(), /webhook refused/);
    assert.match(await s.metrics.registry.metrics(), /stormbot_errors_total\{kind="webhook"\} 5/);
  });

  test('a good HMAC signature delivers', async () => {
    const s = await server();
    const res = await post(s, '/chatops/message', json, signed(json, s.clock.now()));
    assert.equal(res.statusCode, 200);
    assert.equal(s.sink.delivered.length, 1);
  });

  test('a bad signature, another secret or an altered body is refused', async () => {
    const s = await server();
    const now = s.clock.now();
    const cases: [string, Record<string, string>][] = [
      [json, signed(json, now, 'another-secret')],
      [json.replace('deploy done', 'deploy failed'), signed(json, now)],
      [json, { ...signed(json, now), 'x-stormbot-signature': 'sha256=zz' }],
      [
        json,
        { ...signed(json, now), 'x-stormbot-signature': signWebhook(WEBHOOK_HMAC, 'x', json) },
      ],
      [json, { 'x-stormbot-signature': signWebhook(WEBHOOK_HMAC, Math.floor(now / 1000), json) }],
    ];
    for (const [body, headers] of cases) {
      const res = await post(s, '/chatops/message', body, headers);
      assert.equal(res.statusCode, 401);
    }
    assert.equal(s.sink.delivered.length, 0);
  });

  test('a signature whose timestamp is outside the 5-minute skew is refused (replay)', async () => {
    const s = await server();
    const headers = signed(json, s.clock.now());
    await s.clock.advance(300_000);
    assert.equal((await post(s, '/chatops/message', json, headers)).statusCode, 200);
    await s.clock.advance(2_000);
    const stale = await post(s, '/chatops/message', json, headers);
    assert.equal(stale.statusCode, 401);
    assert.match(s.logs.text(), /outside the allowed skew/);
    const future = await post(s, '/chatops/message', json, signed(json, s.clock.now() + 302_000));
    assert.equal(future.statusCode, 401);
    assert.equal(s.sink.delivered.length, 1);
  });

  test('token-only and HMAC-only configurations accept only their own method', async () => {
    const tokenOnly = await server({ webhook: { token: WEBHOOK_TOKEN } });
    assert.equal(
      (await post(tokenOnly, '/hubot/st2', json, signed(json, tokenOnly.clock.now()))).statusCode,
      401,
    );
    const hmacOnly = await server({ webhook: { hmacSecret: WEBHOOK_HMAC } });
    assert.equal(
      (await post(hmacOnly, '/hubot/st2', json, { 'x-stormbot-token': WEBHOOK_TOKEN })).statusCode,
      401,
    );
    assert.equal(
      (await post(hmacOnly, '/hubot/st2', json, signed(json, hmacOnly.clock.now()))).statusCode,
      200,
    );
  });

  test('without a token or secret the webhooks are disabled (404) and the log says so', async () => {
    const s = await server({ webhook: {} });
    const res = await post(s, '/chatops/message', json, { 'x-stormbot-token': WEBHOOK_TOKEN });
    assert.equal(res.statusCode, 404);
    assert.equal((await post(s, '/hubot/st2', json, {})).statusCode, 404);
    assert.match(s.logs.text(), /webhooks disabled: set webhook.token or webhook.hmac_secret/);
  });
});

describe('webhooks: payloads', () => {
  test('/hubot/st2 accepts a form field "payload" holding JSON (signed over the raw form body)', async () => {
    const s = await server();
    const form = new URLSearchParams({
      payload: JSON.stringify({ channel: '#ops', message: 'hi', whisper: true, user: 'bob' }),
    }).toString();
    const res = await s.server.app.inject({
      method: 'POST',
      url: '/hubot/st2',
      payload: form,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...signed(form, s.clock.now()),
      },
    });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'completed', msg: 'Message posted successfully' });
    assert.deepEqual(s.sink.delivered[0]?.announcement, {
      channel: '#ops',
      message: 'hi',
      user: 'bob',
      whisper: true,
      extra: undefined,
      context: undefined,
      executionId: undefined,
    });
  });

  test('/hubot/st2 accepts plain JSON, and /chatops/message plain form fields', async () => {
    const s = await server();
    assert.equal(
      (await post(s, '/hubot/st2', json, { 'x-stormbot-token': WEBHOOK_TOKEN })).statusCode,
      200,
    );
    const res = await s.server.app.inject({
      method: 'POST',
      url: '/chatops/message',
      payload: 'channel=&message=psst&user=carol&whisper=true&extra=%7B%22a%22%3A1%7D',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-stormbot-token': WEBHOOK_TOKEN,
      },
    });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(s.sink.delivered[1]?.announcement, {
      channel: '',
      message: 'psst',
      user: 'carol',
      whisper: true,
      extra: { a: 1 },
      context: undefined,
      executionId: undefined,
    });
  });

  test('context and execution_id pass through; null optional fields are accepted', async () => {
    const s = await server();
    const body = JSON.stringify({
      channel: 'C1',
      message: 'x',
      user: null,
      whisper: null,
      extra: null,
      context: { thread_id: 't1' },
      execution_id: 'e1',
    });
    assert.equal(
      (await post(s, '/chatops/message', body, { 'x-stormbot-token': WEBHOOK_TOKEN })).statusCode,
      200,
    );
    const first = s.sink.delivered[0]?.announcement;
    assert.equal(first?.executionId, 'e1');
    assert.deepEqual(first.context, { thread_id: 't1' });
  });

  test('malformed payloads get 400 with a clear error', async () => {
    const s = await server();
    const auth = { 'x-stormbot-token': WEBHOOK_TOKEN };
    const cases: [string, RegExp][] = [
      ['{"channel": "#ops", "message": ', /not valid JSON/],
      ['', /empty/],
      ['[1,2]', /must be a JSON object/],
      ['"text"', /must be a JSON object/],
      [JSON.stringify({ channel: '#ops' }), /message: /],
      [JSON.stringify({ channel: '#ops', message: 7 }), /message: /],
      [
        JSON.stringify({ message: 'hi' }),
        /channel: channel is required \(or whisper with a user\)/,
      ],
      [JSON.stringify({ channel: '#ops', message: 'hi', whisper: 'sometimes' }), /whisper/],
      [JSON.stringify({ channel: '#ops', message: 'hi', extra: [1] }), /extra/],
      [JSON.stringify({ payload: '{not json' }), /payload field is not valid JSON/],
    ];
    for (const [body, error] of cases) {
      const res = await post(s, '/chatops/message', body, auth);
      assert.equal(res.statusCode, 400, body);
      assert.match(JSON.stringify(res.json()), error, body);
    }
    assert.equal(s.sink.delivered.length, 0);
  });

  test('an announcement the delivery refuses is a 400', async () => {
    const s = await server();
    s.sink.fail = new Error('unknown channel');
    const res = await post(s, '/chatops/message', json, { 'x-stormbot-token': WEBHOOK_TOKEN });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /not delivered: unknown channel/);
  });
});

describe('health and metrics', () => {
  test('/healthz is 200 when every check passes, 503 otherwise', async () => {
    const s = await server();
    const ok = await s.server.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(ok.json(), {
      status: 'ok',
      checks: { stream: { ok: true }, stackstorm: { ok: true }, backend: { ok: true } },
    });
    s.health = () =>
      Promise.resolve({
        checks: { stream: { ok: false, detail: 'reconnecting' }, backend: { ok: true } },
      });
    const bad = await s.server.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(bad.statusCode, 503);
    assert.equal(bad.json<{ status: string }>().status, 'unhealthy');
    s.health = () => Promise.reject(new Error('kaput'));
    const failed = await s.server.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(failed.statusCode, 503);
    assert.match(s.logs.text(), /the health check failed/);
  });

  test('/metrics renders the Prometheus text of the registry', async () => {
    const s = await server();
    s.metrics.count('commands', 'ok');
    s.metrics.count('commands', 'ok');
    s.metrics.count('executions', 'started');
    s.metrics.count('announcementsDelivered', 'stream');
    s.metrics.count('announcementsDropped');
    for (let i = 0; i < 3; i++) s.metrics.count('streamReconnects');
    s.metrics.count('errors', 'st2');
    s.metrics.set('streamConnected', 1);
    s.metrics.set('deliveryQueueSize', 4);
    const res = await s.server.app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    for (const line of [
      'stormbot_commands_total{result="ok"} 2',
      'stormbot_executions_total{result="started"} 1',
      'stormbot_announcements_delivered_total{source="stream"} 1',
      'stormbot_announcements_dropped_total 1',
      'stormbot_stream_reconnects_total 3',
      'stormbot_errors_total{kind="st2"} 1',
      'stormbot_stream_connected 1',
      'stormbot_delivery_queue_size 4',
      '# TYPE stormbot_commands_total counter',
      '# TYPE stormbot_stream_connected gauge',
    ]) {
      assert.ok(res.body.includes(line), `missing: ${line}`);
    }
  });

  test('every response is no-store and carries the security headers', async () => {
    const s = await server();
    const res = await s.server.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['strict-transport-security'], undefined);
  });

  test('under a base path the routes answer both with and without the prefix', async () => {
    const s = await server({ baseUrl: 'http://bot.test/stormbot' });
    assert.equal(s.server.baseUrl, 'http://bot.test/stormbot/');
    assert.equal(
      (await s.server.app.inject({ method: 'GET', url: '/stormbot/healthz' })).statusCode,
      200,
    );
    assert.equal((await s.server.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    const res = await post(s, '/stormbot/chatops/message', json, {
      'x-stormbot-token': WEBHOOK_TOKEN,
    });
    assert.equal(res.statusCode, 200);
  });

  test('a port in use is a start-up error naming the address and the settings', async () => {
    const first = await server({ baseUrl: undefined });
    const port = Number(new URL(await first.server.start()).port);
    const second = await server({ baseUrl: undefined, port });
    await assert.rejects(second.server.start(), {
      name: 'StartupError',
      message: `the web server cannot listen on 127.0.0.1:${port}: it is already in use (web.host, web.port)`,
    });
    await second.server.close();
    await first.server.close();
  });

  test('start listens on loopback; the base URL defaults to the bound address', async () => {
    const s = await server({ baseUrl: undefined });
    const address = await s.server.start();
    assert.match(address, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(s.server.baseUrl, address);
    const res = await fetch(new URL('healthz', address));
    assert.equal(res.status, 200);
    assert.match(s.logs.text(), /web server listening/);
    await s.server.close();
    await s.server.close();
  });
});

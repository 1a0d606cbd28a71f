/**
 * The stream consumer against a hand-driven SSE server: exact bytes (garbage included), silence,
 * refusals, and the reconnect schedule, all on a ManualClock.
 */
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, afterEach, test } from 'node:test';
import { ManualClock } from '../support/clock.js';
import { silentLogger } from '../../src/log.js';
import {
  St2AuthError,
  St2Client,
  St2Stream,
  St2TimeoutError,
  type St2StreamOptions,
} from '../../src/stackstorm/index.js';
import { startRawServer, type RawServer } from './helpers.js';
import { clientOptions } from './sandbox-fixture.js';
import { nextEvent, stepUntil } from '../support/wait.js';

interface Fake {
  server: RawServer;
  streams: ServerResponse[];
  streamTokens: (string | undefined)[];
  logins: number;
  /** How the next stream requests are answered: 'ok' opens a stream. */
  streamAnswers: (number | 'ok')[];
  /** Tokens the fake refuses. */
  revoked: Set<string>;
}

const fakes: Fake[] = [];
const stoppers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(stoppers.splice(0).map((stop) => stop()));
});
after(async () => {
  await Promise.all(fakes.map((f) => f.server.close()));
});

async function startFake(): Promise<Fake> {
  const fake: Fake = {
    server: undefined as unknown as RawServer,
    streams: [],
    streamTokens: [],
    logins: 0,
    streamAnswers: [],
    revoked: new Set(),
  };
  fake.server = await startRawServer((req, res) => {
    if (req.url === '/auth/v1/tokens') {
      fake.logins++;
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          user: 'bot',
          token: `t${fake.logins}`,
          expiry: '2999-01-01T00:00:00.000000Z',
        }),
      );
      return;
    }
    const token = req.headers['x-auth-token'] as string | undefined;
    fake.streamTokens.push(token ?? (req.headers['st2-api-key'] as string | undefined));
    if (token && fake.revoked.has(token)) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"faultstring": "Unauthorized - Token has expired."}');
      return;
    }
    const answer = fake.streamAnswers.shift() ?? 'ok';
    if (answer !== 'ok') {
      res.writeHead(answer, { 'content-type': 'application/json' });
      const fault =
        answer === 401
          ? 'Unauthorized - ApiKey with key_hash=abc not found.'
          : 'Internal Server Error';
      res.end(JSON.stringify({ faultstring: fault }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=UTF-8' });
    res.write('\n');
    fake.streams.push(res);
  });
  fakes.push(fake);
  return fake;
}

function makeStream(
  fake: Fake,
  clock: ManualClock,
  creds: { apiKey: string } | { username: string; password: string },
  extra: Partial<St2StreamOptions> = {},
): { stream: St2Stream; client: St2Client } {
  const base = fake.server.url;
  const client = new St2Client(
    clientOptions(
      {
        apiUrl: `${base}/api/v1`,
        authUrl: `${base}/auth/v1`,
        streamUrl: `${base}/stream/v1`,
        clock,
        logger: silentLogger(),
      },
      creds,
    ),
  );
  const stream = new St2Stream({
    client,
    routes: ['chatops', 'errbot'],
    logger: silentLogger(),
    random: () => 0,
    ...extra,
  });
  stoppers.push(async () => {
    await stream.stop();
    await client.close();
  });
  return { stream, client };
}

/** Let loopback I/O happen until `cond` holds (bounded; no timers). */
test('asks for the configured routes and alias changes explicitly', async () => {
  const fake = await startFake();
  const { stream } = makeStream(fake, new ManualClock(), { apiKey: 'k1' });
  const connected = nextEvent(stream, 'connected', () => [stream.state]);
  stream.start();
  await connected;
  const url = new URL(fake.server.requests.at(-1)!.url!, 'http://x');
  assert.equal(url.pathname, '/stream/v1/stream');
  assert.deepEqual(url.searchParams.get('events')!.split(','), [
    'st2.announcement__chatops',
    'st2.announcement__errbot',
    'st2.actionalias__create',
    'st2.actionalias__update',
    'st2.actionalias__delete',
  ]);
  assert.equal(fake.server.requests.at(-1)!.headers.accept, 'text/event-stream');
  assert.equal(stream.state.connected, true);
  assert.equal(stream.state.reconnects, 0);
});

test('delivers announcements and alias changes; skips malformed events and keeps going', async () => {
  const fake = await startFake();
  const clock = new ManualClock();
  const { stream } = makeStream(fake, clock, { apiKey: 'k1' });
  const connected = nextEvent(stream, 'connected', () => [stream.state]);
  stream.start();
  await connected;
  const got: unknown[] = [];
  stream.on('announcement', (route, payload) => got.push(['announcement', route, payload]));
  stream.on('alias', (change, alias) => got.push(['alias', change, alias.name]));
  stream.on('announcement', () => {
    throw new Error('a broken listener must not break the stream');
  });
  const res = fake.streams[0]!;
  await clock.advance(5);
  res.write('event: st2.announcement__chatops\ndata: not json\n\n');
  res.write('event: st2.announcement__chatops\ndata: {"payload": {"message": "no channel"}}\n\n');
  res.write('event: st2.actionalias__update\ndata: {"pack": "nameless"}\n\n');
  res.write('garbage line\n\n');
  res.write('\n\n');
  res.write('event: st2.execution__create\ndata: {"id": "e1"}\n\n');
  res.write(
    'event: st2.announcement__chatops\ndata: {"payload": {"channel": "#ops", "message": "héllo", ' +
      '"user": "ann", "whisper": false, "extra": {"slack": {"color": "good"}}, "context": null}, ' +
      '"trace_context": null}\n\n',
  );
  // One event split over two writes, with stdlib-json style escaping.
  res.write('event: st2.actionalias__delete\ndata: {"name": "gr');
  res.write('eet", "pack": "examples", "description": "caf\\u00e9"}\n\n');
  await stepUntil(() => got.length === 2, { what: 'two good events' });
  assert.deepEqual(got, [
    [
      'announcement',
      'chatops',
      {
        channel: '#ops',
        message: 'héllo',
        user: 'ann',
        whisper: false,
        extra: { slack: { color: 'good' } },
        context: undefined,
        executionId: undefined,
      },
    ],
    ['alias', 'delete', 'greet'],
  ]);
  assert.equal(stream.state.malformed, 4);
  assert.equal(stream.state.connected, true);
  assert.equal(stream.state.lastEventAt, clock.now());
});

test('a silent connection is dropped by the read timeout; heartbeats keep it alive', async () => {
  const fake = await startFake();
  const clock = new ManualClock();
  const { stream } = makeStream(fake, clock, { apiKey: 'k1' }, { readTimeoutMs: 60_000 });
  const connected = nextEvent(stream, 'connected', () => [stream.state]);
  stream.start();
  await connected;
  const disconnects: unknown[] = [];
  stream.on('disconnected', (info) => disconnects.push(info));
  await clock.advance(59_000);
  const before = stream.state.lastDataAt;
  fake.streams[0]!.write('\n'); // heartbeat
  await stepUntil(() => stream.state.lastDataAt !== before, { what: 'heartbeat' });
  await clock.advance(59_000);
  assert.equal(stream.state.connected, true, 'the heartbeat reset the read timeout');
  await clock.advance(1000);
  await stepUntil(() => disconnects.length === 1, { what: 'disconnect' });
  const info = disconnects[0] as { error: Error; connectedForMs: number; stopped: boolean };
  assert.ok(info.error instanceof St2TimeoutError);
  assert.match(info.error.message, /no data on the st2 event stream for 60000 ms/);
  assert.equal(info.connectedForMs, 119_000);
  assert.equal(info.stopped, false);
  assert.equal(stream.state.connected, false);
  assert.ok(stream.state.lastError instanceof St2TimeoutError);
  // …and it comes back after the first backoff step (random 0 → the full 1 s).
  const again = nextEvent(stream, 'connected', () => [stream.state]);
  await clock.advance(1000);
  await again;
  assert.equal(stream.state.reconnects, 1);
  assert.equal(fake.streams.length, 2);
});

test('reconnects with a fresh token after the old one is refused', async () => {
  const fake = await startFake();
  const clock = new ManualClock();
  const { stream } = makeStream(fake, clock, { username: 'bot', password: 'pw' });
  const connected = nextEvent(stream, 'connected', () => [stream.state]);
  stream.start();
  await connected;
  assert.deepEqual(fake.streamTokens, ['t1']);
  fake.revoked.add('t1');
  const disconnected = nextEvent(stream, 'disconnected', () => [stream.state]);
  fake.streams[0]!.end();
  await disconnected;
  const again = nextEvent(stream, 'connected', () => [stream.state]);
  await clock.advance(1000);
  await again;
  assert.deepEqual(fake.streamTokens, ['t1', 't1', 't2'], '401 → login → retried at once');
  assert.equal(fake.logins, 2);
  assert.equal(stream.state.reconnects, 1);
});

test('failed connects back off exponentially up to the cap; a stable connection resets it', async () => {
  const fake = await startFake();
  const clock = new ManualClock();
  fake.streamAnswers.push(503, 503, 503, 503, 503, 503, 503, 503, 503);
  const { stream } = makeStream(
    fake,
    clock,
    { apiKey: 'k1' },
    { backoff: { initialMs: 1000, maxMs: 16_000 }, stableAfterMs: 30_000 },
  );
  stream.start();
  const delays: number[] = [];
  for (let i = 0; i < 9; i++) {
    await stepUntil(() => clock.pending === 1 && fake.server.requests.length === i + 1, {
      what: `attempt ${i}`,
    });
    const delay = clock.nextDelay()!;
    delays.push(delay);
    await clock.advance(delay);
  }
  assert.deepEqual(delays, [1000, 2000, 4000, 8000, 16000, 16000, 16000, 16000, 16000]);
  assert.equal(stream.state.lastError?.message.includes('503'), true);
  await stepUntil(() => stream.state.connected, { what: 'connected after the outage' });
  await clock.advance(30_000); // stays up long enough to count as stable (no read timeout: 60 s)
  fake.streams[0]!.end();
  await stepUntil(() => !stream.state.connected && clock.pending === 1, {
    what: 'backing off again',
  });
  assert.equal(clock.nextDelay(), 1000, 'the schedule starts over after a stable connection');
});

test('a rejected API key is loud, reported once, and retried with backoff', async () => {
  const fake = await startFake();
  fake.streamAnswers.push(401, 401);
  const clock = new ManualClock();
  const reports: string[] = [];
  const base = fake.server.url;
  const client = new St2Client({
    apiUrl: `${base}/api/v1`,
    authUrl: `${base}/auth/v1`,
    streamUrl: `${base}/stream/v1`,
    credentials: { kind: 'apiKey', apiKey: 'revoked-key-value' },
    clock,
    logger: silentLogger(),
    onCredentialsExpired: (m) => reports.push(m),
  });
  const stream = new St2Stream({
    client,
    routes: ['chatops'],
    logger: silentLogger(),
    random: () => 0,
  });
  stoppers.push(async () => {
    await stream.stop();
    await client.close();
  });
  stream.start();
  await stepUntil(() => clock.pending === 1, { what: 'first refusal' });
  assert.ok(stream.state.lastError instanceof St2AuthError);
  await clock.advance(1000);
  await stepUntil(() => clock.pending === 1 && fake.server.requests.length === 2, {
    what: 'second refusal',
  });
  assert.equal(reports.length, 1, 'reported once, not at every retry');
  assert.match(
    reports[0]!,
    /StackStorm rejected the configured API key \(Unauthorized - ApiKey with key_hash=abc not found\.\)\. Create a new key/,
  );
  assert.doesNotMatch(reports[0]!, /revoked-key-value/);
  const connected = nextEvent(stream, 'connected', () => [stream.state]);
  await clock.advance(2000);
  await connected;
});

test('stop() closes an open stream and cancels a pending reconnect', async () => {
  const fake = await startFake();
  const clock = new ManualClock();
  const { stream } = makeStream(fake, clock, { apiKey: 'k1' });
  const connected = nextEvent(stream, 'connected', () => [stream.state]);
  stream.start();
  stream.start(); // idempotent
  await connected;
  const disconnected = nextEvent(stream, 'disconnected', () => [stream.state]);
  await stream.stop();
  const [info] = (await disconnected) as [{ stopped: boolean; error: unknown }];
  assert.equal(info.stopped, true);
  assert.equal(info.error, undefined);
  assert.equal(clock.pending, 0, 'no timer left behind');
  assert.equal(fake.server.requests.length, 1);

  const fake2 = await startFake();
  fake2.streamAnswers.push(503);
  const second = makeStream(fake2, clock, { apiKey: 'k1' }).stream;
  second.start();
  await stepUntil(() => clock.pending === 1, { what: 'backing off' });
  await second.stop();
  assert.equal(clock.pending, 0);
  await clock.advance(120_000);
  assert.equal(fake2.server.requests.length, 1, 'no reconnect after stop');
});

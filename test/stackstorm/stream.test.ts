/**
 * The stream consumer against the st2 sandbox: events arrive, heartbeats keep the connection,
 * silence and restarts are survived with fresh credentials, and an alias execution's result
 * comes back as an announcement. Time is the fixture's ManualClock, shared with the sandbox.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { silentLogger } from '../../src/log.js';
import {
  St2Stream,
  St2TimeoutError,
  type Announcement,
  type St2AliasChange,
  type St2Client,
  type St2DisconnectInfo,
} from '../../src/stackstorm/index.js';
import { API_KEY, USERS, startFixture, type Fixture } from './sandbox-fixture.js';
import { nextEvent, stepUntil } from '../support/wait.js';

let fx: Fixture;
const running: St2Stream[] = [];

before(async () => {
  fx = await startFixture();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});
after(async () => {
  await fx.close();
});

interface Recorder {
  stream: St2Stream;
  client: St2Client;
  announcements: [string, Announcement][];
  aliases: [St2AliasChange, string][];
  disconnects: St2DisconnectInfo[];
}

async function connect(creds: 'apiKey' | 'password' = 'apiKey'): Promise<Recorder> {
  const client =
    creds === 'apiKey'
      ? fx.client({ apiKey: API_KEY })
      : fx.client({ username: 'st2admin', password: USERS.st2admin });
  const stream = new St2Stream({
    client,
    routes: ['chatops'],
    logger: silentLogger(),
    random: () => 0,
  });
  running.push(stream);
  const rec: Recorder = { stream, client, announcements: [], aliases: [], disconnects: [] };
  stream.on('announcement', (route, payload) => rec.announcements.push([route, payload]));
  stream.on('alias', (change, alias) => rec.aliases.push([change, `${alias.pack}.${alias.name}`]));
  stream.on('disconnected', (info) => rec.disconnects.push(info));
  const connected = nextEvent(stream, 'connected', () => [stream.state]);
  stream.start();
  await connected;
  return rec;
}

const streamRequests = () => fx.sandbox.requests.filter((r) => r.path === '/stream/v1/stream');

test('announcements of the subscribed routes and alias changes arrive; malformed ones are skipped', async () => {
  const rec = await connect();
  fx.sandbox.announce('errbot', { channel: '#x', message: 'not subscribed' });
  fx.sandbox.announce('chatops', { channel: '#x' }); // no message: malformed
  fx.sandbox.publish('st2.actionalias__update', { description: 'no name' });
  fx.sandbox.announce('chatops', { channel: '#ops', message: 'done', user: 'ann', whisper: true });
  fx.sandbox.addAlias({ name: 'new_one', pack: 'p', action_ref: 'core.noop', formats: ['new'] });
  fx.sandbox.updateAlias({ name: 'new_one', pack: 'p', action_ref: 'core.noop', formats: ['nw'] });
  fx.sandbox.deleteAlias('p.new_one');
  await stepUntil(() => rec.aliases.length === 3, { what: 'alias events' });
  assert.deepEqual(rec.announcements, [
    [
      'chatops',
      {
        channel: '#ops',
        message: 'done',
        user: 'ann',
        whisper: true,
        extra: undefined,
        context: undefined,
        executionId: undefined,
      },
    ],
  ]);
  assert.deepEqual(rec.aliases, [
    ['create', 'p.new_one'],
    ['update', 'p.new_one'],
    ['delete', 'p.new_one'],
  ]);
  assert.equal(rec.stream.state.malformed, 2);
  assert.equal(rec.stream.state.lastEventAt, fx.clock.now());
  const events = String(streamRequests().at(-1)!.query.events).split(',');
  assert.deepEqual(events, [
    'st2.announcement__chatops',
    'st2.actionalias__create',
    'st2.actionalias__update',
    'st2.actionalias__delete',
  ]);
});

test("st2's heartbeats keep a quiet connection; a silent one is replaced", async () => {
  const rec = await connect();
  for (let i = 0; i < 6; i++) {
    const seen = rec.stream.state.lastDataAt;
    await fx.clock.advance(25_000); // the sandbox sends a heartbeat
    await stepUntil(() => rec.stream.state.lastDataAt !== seen, { what: 'heartbeat' });
  }
  assert.equal(rec.disconnects.length, 0, '150 s of heartbeats, still connected');
  fx.sandbox.faults.silenceStream();
  await fx.clock.advance(60_000);
  await stepUntil(() => rec.disconnects.length === 1, { what: 'read timeout' });
  assert.ok(rec.disconnects[0]!.error instanceof St2TimeoutError);
  const again = nextEvent(rec.stream, 'connected', () => [rec.stream.state]);
  await fx.clock.advance(1000);
  await again;
  assert.equal(rec.stream.state.reconnects, 1);
  fx.sandbox.announce('chatops', { channel: '#ops', message: 'after the gap' });
  await stepUntil(() => rec.announcements.length === 1, { what: 'announcement after reconnect' });
});

test('the sandbox restarts (tokens lost): the consumer reconnects with a fresh token and keeps going', async () => {
  const rec = await connect('password');
  const tokenBefore = streamRequests().at(-1)!.headers['x-auth-token'];
  assert.ok(tokenBefore);
  await fx.sandbox.restart({ dropTokens: true });
  await stepUntil(() => rec.disconnects.length === 1, { what: 'disconnect on restart' });
  const again = nextEvent(rec.stream, 'connected', () => [rec.stream.state]);
  await fx.clock.advance(1000);
  await again;
  const tokenAfter = streamRequests().at(-1)!.headers['x-auth-token'];
  assert.ok(tokenAfter);
  assert.notEqual(tokenAfter, tokenBefore, 'a fresh token after the 401');
  fx.sandbox.announce('chatops', { channel: '#ops', message: 'still here' });
  await stepUntil(() => rec.announcements.length === 1, { what: 'announcement after restart' });
  assert.equal(rec.announcements[0]![1].message, 'still here');
  assert.equal(rec.stream.state.connected, true);
});

test('a cut stream is reconnected after the first backoff step', async () => {
  const rec = await connect();
  fx.sandbox.faults.cutStream();
  await stepUntil(() => rec.disconnects.length === 1, { what: 'disconnect' });
  assert.equal(rec.stream.state.connected, false);
  await fx.clock.advance(999);
  assert.equal(rec.stream.state.connected, false, 'waits for the backoff');
  const again = nextEvent(rec.stream, 'connected', () => [rec.stream.state]);
  await fx.clock.advance(1);
  await again;
});

test('an alias execution with a notification route comes back as an announcement', async () => {
  const rec = await connect();
  const { execution } = await rec.client.executeAlias({
    name: 'greet',
    format: 'greet {{message=Hello}}',
    command: 'greet Bonjour',
    user: 'ann',
    source_channel: '#ops',
    notification_route: 'hubot',
    source_context: { thread: 't-9' },
  });
  await fx.clock.advance(1000);
  await stepUntil(() => rec.announcements.length === 1, { what: 'result announcement' });
  const [route, payload] = rec.announcements[0]!;
  assert.equal(route, 'chatops');
  assert.equal(payload.channel, '#ops');
  assert.equal(payload.user, 'ann');
  assert.deepEqual(payload.context, { thread: 't-9' });
  assert.ok(payload.message.includes(execution.id));
});

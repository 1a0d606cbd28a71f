/**
 * The Mattermost back-end against the local fake server: authentication, identities, threads,
 * whispers, rendered attachments, reconnecting and pings, and what never reaches the core.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { MattermostBackend } from '../../../src/backends/mattermost/index.js';
import { ManualClock } from '../../support/clock.js';
import type { Target } from '../../../src/core/identity.js';
import { RecordingSink, statusWhere } from '../../contracts/backend-contract.js';
import {
  FAKE_MM_BOT,
  fakeId,
  type FakeMattermost,
  type FakeMattermostChannel,
} from '../../support/fake-mattermost.js';
import { capturingLogger } from '../../support/logs.js';
import { roomTarget, startWithBot } from '../chat-helpers.js';
import { ALICE, BOB, mattermostSetup, OPS } from './harness.js';

describe('Mattermost back-end against the fake server', () => {
  let fake: FakeMattermost;
  let backend: MattermostBackend;
  let aliceDm: FakeMattermostChannel;
  const clock = new ManualClock();
  const logs = capturingLogger('debug');
  const sink = new RecordingSink();

  /** Post a sentinel and wait for it, so every earlier post has been handled. */
  async function settle(): Promise<void> {
    const text = `sentinel ${fake.created.length} ${sink.events.length}`;
    fake.personPosts({ user: ALICE.id, channel: OPS.id, message: text });
    await sink.next((e) => e.text === text);
  }

  before(async () => {
    ({ fake, backend, aliceDm } = await mattermostSetup({ logger: logs.logger, clock }));
    await startWithBot(backend, logs.logger, sink);
  });

  after(async () => {
    await backend.stop();
    await fake.close();
  });

  test('connects with the token over REST and the WebSocket, and knows the bot', () => {
    assert.deepEqual(backend.status(), { connected: true });
    assert.deepEqual(fake.requests.slice(0, 2), [
      'GET /api/v4/users/me',
      'GET /api/v4/teams/name/ops-team',
    ]);
    assert.equal(fake.connections, 1);
    assert.deepEqual(backend.identity.self(), {
      backend: 'mattermost',
      id: FAKE_MM_BOT.id,
      name: 'stormbot',
      aclKey: FAKE_MM_BOT.id,
    });
  });

  test('a room post carries Mattermost ids as ACL keys and names for display', async () => {
    const post = fake.personPosts({ user: ALICE.id, channel: OPS.id, message: 'hello room' });
    const event = await sink.next((e) => e.text === 'hello room');
    assert.deepEqual(event.author, {
      backend: 'mattermost',
      id: ALICE.id,
      name: 'alice',
      aclKey: ALICE.id,
    });
    assert.deepEqual(event.place, {
      kind: 'room',
      room: { backend: 'mattermost', id: OPS.id, name: '~ops', aclKey: OPS.id },
    });
    assert.equal(event.messageId, post.id);
    assert.equal(event.threadId, undefined);
    assert.equal(backend.identity.channelOf(event.place, event.author), OPS.id);
  });

  test('a direct post maps to the direct channel and back', async () => {
    fake.personPosts({ user: ALICE.id, channel: aliceDm.id, message: 'hello direct' });
    const event = await sink.next((e) => e.text === 'hello direct');
    assert.deepEqual(event.place, { kind: 'direct' });
    const channel = backend.identity.channelOf(event.place, event.author);
    assert.equal(channel, aliceDm.id);
    assert.deepEqual(await backend.identity.targetFor(channel), {
      kind: 'direct',
      user: event.author,
    });
  });

  test('a leading @mention is stripped and reported', async () => {
    fake.personPosts({ user: ALICE.id, channel: OPS.id, message: '@stormbot: st2 greet Hi' });
    const event = await sink.next((e) => e.text === 'st2 greet Hi');
    assert.equal(event.mentionsBot, true);
  });

  test("the bot's own posts, system posts and malformed frames never reach the core", async () => {
    await backend.send(await roomTarget(backend, OPS.id), { text: 'own words' });
    fake.personPosts({
      user: ALICE.id,
      channel: OPS.id,
      message: 'joined words',
      type: 'system_join_channel',
    });
    fake.broadcastRaw('{not json');
    fake.broadcastRaw(JSON.stringify({ event: 'posted', data: { post: '{broken' }, seq: 999 }));
    await settle();
    assert.equal(sink.events.filter((e) => /own words|joined words/.test(e.text)).length, 0);
    assert.equal(backend.status().connected, true);
  });

  test('a command posted in a thread is answered in that thread', async () => {
    const root = fake.personPosts({ user: ALICE.id, channel: OPS.id, message: 'a thread' });
    fake.personPosts({ user: ALICE.id, channel: OPS.id, message: '!whoami', rootId: root.id });
    const reply = await fake.waitForPost((p) => p.message.includes(`acl key: ${ALICE.id}`));
    assert.equal(reply.channel_id, OPS.id);
    assert.equal(reply.root_id, root.id);
    assert.match(reply.message, /room: ~ops \(id /);
  });

  test('a whisper goes to the direct channel, created when needed, with a mention', async () => {
    const bob = await backend.identity.principalFor('@bob');
    assert.ok(bob);
    assert.equal(bob.id, BOB.id);
    await backend.send({ kind: 'direct', user: bob }, { text: 'psst', mention: bob });
    const post = await fake.waitForPost((p) => p.message === '@bob psst');
    const dm = fake.directChannel(FAKE_MM_BOT.id, BOB.id);
    assert.equal(post.channel_id, dm.id);
    assert.ok(fake.requests.includes('POST /api/v4/channels/direct'));
  });

  test('targetFor understands ids, ~names and usernames', async () => {
    const room = {
      kind: 'room',
      room: { backend: 'mattermost', id: OPS.id, name: '~ops', aclKey: OPS.id },
    };
    for (const c of ['~ops', '#ops', 'ops', OPS.id]) {
      assert.deepEqual(await backend.identity.targetFor(c), room, c);
    }
    for (const who of ['@bob', 'bob', BOB.id]) {
      const target = await backend.identity.targetFor(who);
      assert.equal(target?.kind === 'direct' ? target.user.id : undefined, BOB.id, who);
    }
    const byUser = await backend.identity.targetFor('', 'alice');
    assert.equal(byUser?.kind === 'direct' ? byUser.user.id : undefined, ALICE.id);
    assert.equal(await backend.identity.targetFor('~nowhere'), undefined);
    assert.equal(await backend.identity.targetFor('nobody'), undefined);
    assert.equal(await backend.identity.targetFor(fakeId('gone')), undefined);
  });

  test('a rich result is posted with a coloured attachment in props', async () => {
    const alice = await backend.identity.principalFor(ALICE.id);
    assert.ok(alice);
    const root = fake.personPosts({ user: ALICE.id, channel: OPS.id, message: 'root' });
    await backend.send(await roomTarget(backend, OPS.id, root.id), {
      text: 'deploy finished:\nweb-1 ok',
      mention: alice,
      rich: {
        halves: { plain: 'deploy finished:', rich: 'web-1 ok' },
        status: 'failure',
        extra: {
          mattermost: { title: 'Deploy', fields: [{ title: 'env', value: 'prod', short: true }] },
        },
      },
    });
    const post = await fake.waitForPost((p) => p.message === '@alice deploy finished:');
    assert.equal(post.root_id, root.id);
    assert.deepEqual(post.props, {
      attachments: [
        {
          fallback: 'deploy finished:\nweb-1 ok',
          color: '#d00000',
          text: 'web-1 ok',
          title: 'Deploy',
          fields: [{ title: 'env', value: 'prod', short: true }],
        },
      ],
    });
  });

  test('a failed post rejects so the caller can retry', async () => {
    const ghost: Target = {
      kind: 'room',
      room: { backend: 'mattermost', id: fakeId('ghost'), name: '~ghost', aclKey: fakeId('ghost') },
    };
    await assert.rejects(backend.send(ghost, { text: 'lost' }));
  });

  test('reconnects with backoff after the connection drops, and reports it', async () => {
    const before = fake.connections;
    const down = statusWhere(backend, (s) => !s.connected);
    fake.dropConnections();
    assert.match((await down).detail ?? '', /WebSocket closed \(\d+\); reconnecting in 1s/);
    await clock.advance(1000);
    await fake.waitForConnections(before + 1);
    await statusWhere(backend, (s) => s.connected);
    assert.equal(fake.upgrades[0], '/api/v4/websocket');
    assert.match(fake.upgrades.at(-1) ?? '', /connection_id=[0-9a-f]+&sequence_number=\d+$/);
    fake.personPosts({ user: ALICE.id, channel: OPS.id, message: 'after the drop' });
    await sink.next((e) => e.text === 'after the drop');
  });

  test('a server that stops answering pings is dropped and reconnected', async () => {
    const before = fake.connections;
    fake.answerPings = false;
    const pings = fake.pings;
    const down = statusWhere(backend, (s) => !s.connected);
    await clock.advance(30_000);
    await clock.advance(30_000);
    assert.match((await down).detail ?? '', /no answer to ping; reconnecting in 1s/);
    assert.ok(fake.pings > pings);
    fake.answerPings = true;
    await clock.advance(1000);
    await fake.waitForConnections(before + 1);
    await statusWhere(backend, (s) => s.connected);
  });

  test('the token never appears in the logs', () => {
    const text = logs.text();
    assert.ok(text.length > 0);
    assert.ok(!text.includes(fake.token));
  });
});

describe('Mattermost back-end options and failures', () => {
  test('thread_replies starts a thread under each command', async () => {
    const { fake, backend } = await mattermostSetup({ settings: { thread_replies: true } });
    const sink = new RecordingSink();
    try {
      await backend.start(sink);
      const post = fake.personPosts({ user: ALICE.id, channel: OPS.id, message: 'thread me' });
      const event = await sink.next((e) => e.text === 'thread me');
      assert.equal(event.threadId, post.id);
    } finally {
      await backend.stop();
      await fake.close();
    }
  });

  test('a refused token is reported and retried with a growing delay', async () => {
    const clock = new ManualClock();
    const { fake, backend } = await mattermostSetup({ clock, settings: { token: 'wrong-token' } });
    try {
      await backend.start(new RecordingSink());
      assert.match(backend.status().detail ?? '', /^auth failed: .*; reconnecting in 1s$/);
      const next = statusWhere(backend, (s) => /reconnecting in 2s/.test(s.detail ?? ''));
      await clock.advance(1000);
      await next;
      assert.equal(fake.connections, 0);
      assert.doesNotMatch(backend.status().detail ?? '', /wrong-token/);
    } finally {
      await backend.stop();
      await fake.close();
    }
  });

  test('an unknown team is reported', async () => {
    const { fake, backend } = await mattermostSetup({ settings: { team: 'nope' } });
    try {
      await backend.start(new RecordingSink());
      assert.match(backend.status().detail ?? '', /^team "nope" not found; reconnecting in 1s$/);
    } finally {
      await backend.stop();
      await fake.close();
    }
  });
});

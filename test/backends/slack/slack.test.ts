/**
 * The Slack back-end against the local fake Slack: envelopes and acks, identities, threads,
 * whispers, rendered payloads, file uploads, reconnecting, and what never reaches the core.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { SlackBackend } from '../../../src/backends/slack/index.js';
import type { Bot } from '../../../src/core/bot.js';
import { ManualClock } from '../../support/clock.js';
import { RecordingSink, statusWhere } from '../../contracts/backend-contract.js';
import { FAKE_BOT, type FakeSlack } from '../../support/fake-slack.js';
import { capturingLogger } from '../../support/logs.js';
import { roomTarget, startWithBot } from '../chat-helpers.js';
import { ALICE, ALICE_IM, OPS, slackSetup } from './harness.js';

describe('Slack back-end against the fake Slack', () => {
  let fake: FakeSlack;
  let backend: SlackBackend;
  let bot: Bot;
  const clock = new ManualClock();
  const logs = capturingLogger('debug');
  const sink = new RecordingSink();

  /** Send a sentinel message and wait for it, so every earlier event has been handled. */
  async function settle(): Promise<void> {
    const text = `sentinel ${fake.nextTs()}`;
    await fake.personSays({ user: ALICE.id, channel: OPS.id, text });
    await sink.next((e) => e.text === text);
  }

  before(async () => {
    ({ fake, backend } = await slackSetup({ logger: logs.logger, clock }));
    bot = await startWithBot(backend, logs.logger, sink);
  });

  after(async () => {
    await backend.stop();
    await fake.close();
  });

  test('connects over Socket Mode with the app token and knows the bot from auth.test', async () => {
    assert.deepEqual(backend.status(), { connected: true });
    const open = await fake.waitForCall('apps.connections.open');
    assert.equal(open.token, fake.appToken);
    const auth = await fake.waitForCall('auth.test');
    assert.equal(auth.token, fake.botToken);
    assert.deepEqual(backend.identity.self(), {
      backend: 'slack',
      id: FAKE_BOT.userId,
      name: FAKE_BOT.name,
      aclKey: FAKE_BOT.userId,
    });
  });

  test('acknowledges every envelope, also those it does not handle', async () => {
    const handled = fake.sendEvent({
      type: 'message',
      user: ALICE.id,
      channel: OPS.id,
      channel_type: 'channel',
      text: 'ack me',
      ts: fake.nextTs(),
    });
    const ignored = fake.sendEvent({ type: 'reaction_added', user: ALICE.id, reaction: 'eyes' });
    const slash = fake.sendEnvelope('slash_commands', { command: '/st2', text: 'help' });
    const ids = await Promise.all([handled, ignored, slash]);
    for (const id of ids) assert.ok(fake.acks.includes(id));
  });

  test('a room message carries Slack ids as ACL keys and names for display', async () => {
    const ts = await fake.personSays({ user: ALICE.id, channel: OPS.id, text: 'hello room' });
    const event = await sink.next((e) => e.text === 'hello room');
    assert.deepEqual(event.author, {
      backend: 'slack',
      id: ALICE.id,
      name: ALICE.display_name,
      aclKey: ALICE.id,
    });
    assert.deepEqual(event.place, {
      kind: 'room',
      room: { backend: 'slack', id: OPS.id, name: '#ops', aclKey: OPS.id },
    });
    assert.equal(event.messageId, ts);
    assert.equal(event.threadId, undefined, 'replies go beside a command typed in the room');
    assert.equal(event.mentionsBot, false);
    assert.equal(backend.identity.channelOf(event.place, event.author), OPS.id);
  });

  test('hubot-stackstorm: markup unwrapped; smart quotes and NBSP arrive raw, as Slack sends them', async () => {
    // What Slack puts in `text` when a person types: !st2 say “a&b” x.io a@b.io #ops <3 (with an
    // NBSP after the closing quote, from Option+Space on a Mac).
    const sent =
      '!st2 say “a&amp;b”\u00a0<http://x.io|x.io> <mailto:a@b.io|a@b.io> <#C0OPS|ops> &lt;3';
    await fake.personSays({ user: ALICE.id, channel: OPS.id, text: sent });
    const event = await sink.next((e) => e.text.startsWith('!st2 say'));
    assert.equal(
      event.text,
      '!st2 say “a&b”\u00a0x.io a@b.io #ops <3',
      'markup unwrapped; quotes and spaces left to the core',
    );
  });

  test('hubot-stackstorm: <@U…> and <#C…> without a label become @username and #channel', async () => {
    const sent = '!st2 grant <@UBOB00001> in <#CROOM0001> (<@UNOBODY01>)';
    await fake.personSays({ user: ALICE.id, channel: OPS.id, text: sent });
    const event = await sink.next((e) => e.text.startsWith('!st2 grant'));
    assert.equal(event.text, '!st2 grant @bob in #ops (@UNOBODY01)');
  });

  test('a direct message maps to the im channel and back', async () => {
    await fake.personSays({ user: ALICE.id, channel: ALICE_IM, text: 'hello direct' });
    const event = await sink.next((e) => e.text === 'hello direct');
    assert.deepEqual(event.place, { kind: 'direct' });
    const channel = backend.identity.channelOf(event.place, event.author);
    assert.equal(channel, ALICE_IM);
    const target = await backend.identity.targetFor(channel);
    assert.deepEqual(target, { kind: 'direct', user: event.author });
  });

  test('a leading mention is stripped and the same message via app_mention counts once', async () => {
    const ts = fake.nextTs();
    const text = '<@UBOT0001> st2 greet &lt;Hi&gt;';
    const common = { user: ALICE.id, channel: OPS.id, text, ts };
    await fake.sendEvent({ type: 'message', channel_type: 'channel', ...common });
    await fake.sendEvent({ type: 'app_mention', ...common });
    await settle();
    const events = sink.events.filter((e) => e.messageId === ts);
    assert.equal(events.length, 1);
    const [event] = events;
    assert.ok(event);
    assert.equal(event.text, 'st2 greet <Hi>');
    assert.equal(event.mentionsBot, true);
  });

  test("the bot's own messages and non-text subtypes never reach the core", async () => {
    await fake.personSays({ user: FAKE_BOT.userId, channel: OPS.id, text: 'own words' });
    await fake.personSays({
      user: 'UOTHER001',
      channel: OPS.id,
      text: 'own words via bot id',
      extra: { bot_id: FAKE_BOT.botId },
    });
    await fake.personSays({
      user: ALICE.id,
      channel: OPS.id,
      text: 'edited words',
      extra: { subtype: 'message_changed' },
    });
    await settle();
    assert.equal(sink.events.filter((e) => /own words|edited words/.test(e.text)).length, 0);
  });

  test('a command typed in a thread is answered in that thread', async () => {
    const root = fake.nextTs();
    await fake.personSays({ user: ALICE.id, channel: OPS.id, text: '!whoami', threadTs: root });
    const reply = await fake.waitForCall('chat.postMessage', (c) =>
      String(c.args.text).includes(`acl key: ${ALICE.id}`),
    );
    assert.equal(reply.args.channel, OPS.id);
    assert.equal(reply.args.thread_ts, root);
    assert.match(String(reply.args.text), /room: #ops \(id CROOM0001, acl key CROOM0001\)/);
  });

  test('a command typed outside a thread is answered beside it', async () => {
    await fake.personSays({ user: ALICE.id, channel: OPS.id, text: '<@UBOT0001> whoami' });
    const reply = await fake.waitForCall(
      'chat.postMessage',
      (c) => String(c.args.text).includes('back-end: slack') && c.args.thread_ts === undefined,
    );
    assert.equal(reply.args.channel, OPS.id);
  });

  test('extra.slack.thread_response threads the result under the command', async () => {
    const ts = fake.nextTs();
    const room = await roomTarget(backend, OPS.id);
    await bot.send(
      { ...room, thread: { id: ts, mode: 'beside' } },
      {
        text: 'threaded result',
        rich: {
          halves: { plain: '', rich: 'threaded result' },
          status: 'success',
          extra: { slack: { thread_response: true } },
        },
      },
    );
    const call = await fake.waitForCall('chat.postMessage', (c) => c.args.thread_ts === ts);
    assert.equal(call.args.thread_response, undefined);
  });

  test('a whisper opens a direct conversation and mentions the person', async () => {
    const bob = await backend.identity.principalFor('bob');
    assert.ok(bob);
    assert.equal(bob.id, 'UBOB00001');
    assert.equal(bob.name, 'Bob B');
    await backend.send({ kind: 'direct', user: bob }, { text: 'psst', mention: bob });
    const open = await fake.waitForCall('conversations.open', (c) => c.args.users === bob.id);
    assert.equal(open.token, fake.botToken);
    const post = await fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'DBOB00001');
    assert.equal(post.args.text, '<@UBOB00001> psst');
  });

  test('targetFor understands ids, names and mentions', async () => {
    const room = {
      kind: 'room',
      room: { backend: 'slack', id: OPS.id, name: '#ops', aclKey: OPS.id },
    };
    assert.deepEqual(await backend.identity.targetFor('#ops'), room);
    assert.deepEqual(await backend.identity.targetFor('ops'), room);
    assert.deepEqual(await backend.identity.targetFor(`#${OPS.id}`), room);
    assert.deepEqual(await backend.identity.targetFor(`<#${OPS.id}|ops>`), room);
    for (const who of ['@bob', 'bob', 'UBOB00001', '<@UBOB00001>']) {
      const target = await backend.identity.targetFor(who);
      assert.equal(target?.kind === 'direct' ? target.user.id : undefined, 'UBOB00001', who);
    }
    const byUser = await backend.identity.targetFor('', 'alice');
    assert.equal(byUser?.kind === 'direct' ? byUser.user.id : undefined, ALICE.id);
    assert.equal(await backend.identity.targetFor('#nowhere'), undefined);
    assert.equal(await backend.identity.targetFor('CNOPE0001'), undefined);
    assert.equal(await backend.identity.targetFor('nobody-at-all'), undefined);
    assert.equal(await backend.identity.principalFor('UNOPE0001'), undefined);
  });

  test('a rich result is posted as a coloured attachment', async () => {
    await backend.send(await roomTarget(backend, OPS.id), {
      text: 'deploy finished:\nweb-1 ok\nweb-2 ok',
      mention: (await backend.identity.principalFor(ALICE.id))!,
      rich: {
        halves: { plain: 'deploy finished:', rich: 'web-1 ok\nweb-2 ok' },
        status: 'success',
        extra: {
          slack: { title: 'Deploy', fields: [{ title: 'env', value: 'prod', short: true }] },
        },
      },
    });
    const call = await fake.waitForCall('chat.postMessage', (c) =>
      String(c.args.text).includes('deploy finished:'),
    );
    assert.equal(call.args.text, `<@${ALICE.id}> deploy finished:`);
    assert.deepEqual(call.args.attachments, [
      {
        fallback: 'deploy finished:\nweb-1 ok\nweb-2 ok',
        color: 'good',
        text: 'web-1 ok\nweb-2 ok',
        mrkdwn_in: ['text', 'pretext'],
        title: 'Deploy',
        fields: [{ title: 'env', value: 'prod', short: true }],
      },
    ]);
  });

  test('Block Kit from extra.slack.blocks is passed through', async () => {
    const blocks = [
      { type: 'section', text: { type: 'mrkdwn', text: '*Deploy* of `web` failed' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'execution 5f3a' }] },
    ];
    await backend.send(await roomTarget(backend, OPS.id), {
      text: 'Deploy of web failed',
      rich: { status: 'failure', extra: { slack: { blocks } } },
    });
    const call = await fake.waitForCall('chat.postMessage', (c) => Array.isArray(c.args.blocks));
    assert.equal(call.args.text, 'Deploy of web failed');
    assert.deepEqual(call.args.blocks, blocks);
    assert.equal(call.args.attachments, undefined);
  });

  test('very long output is uploaded as one file; long output is split', async () => {
    const target = await roomTarget(backend, OPS.id);
    const line = 'x'.repeat(99);
    const huge = Array.from(
      { length: 130 },
      (_, i) => `${String(i).padStart(3, '0')} ${line}`,
    ).join('\n');
    assert.ok(huge.length > 12_000);
    const sent = await bot.send(target, {
      text: huge,
      mention: { backend: 'slack', id: ALICE.id, name: 'a', aclKey: ALICE.id },
    });
    assert.equal(sent.length, 1);
    const complete = await fake.waitForCall('files.completeUploadExternal');
    const files = complete.args.files as { id: string }[];
    assert.equal(complete.args.channel_id, OPS.id);
    assert.match(
      String(complete.args.initial_comment),
      /^<@UALICE001>\n\(13\d{3} characters of output/,
    );
    assert.equal(fake.uploads.get(files[0]!.id)?.content, huge);
    assert.equal(sent[0]?.messageId, files[0]!.id);
    assert.ok(
      !fake.calls.some(
        (c) => c.method === 'chat.postMessage' && String(c.args.text).includes('129 xxx'),
      ),
    );

    const long = `${'y'.repeat(3000)}\n${'z'.repeat(3000)}`;
    const parts = await bot.send(target, { text: long });
    assert.equal(parts.length, 2);
    await fake.waitForCall('chat.postMessage', (c) => c.args.text === 'z'.repeat(3000));
  });

  test('a failed post rejects so the caller can retry', async () => {
    const ghost = {
      kind: 'room' as const,
      room: { backend: 'slack', id: 'CGONE0001', name: '#gone', aclKey: 'CGONE0001' },
    };
    await assert.rejects(backend.send(ghost, { text: 'lost' }), /channel_not_found/);
  });

  test('reconnects with backoff after the connection drops, and reports it', async () => {
    const before = fake.connections;
    const down = statusWhere(backend, (s) => !s.connected);
    fake.dropConnections();
    const status = await down;
    assert.match(status.detail ?? '', /closed; reconnecting in 1s/);
    await clock.advance(1000);
    await fake.waitForConnections(before + 1);
    await statusWhere(backend, (s) => s.connected);
    await fake.personSays({ user: ALICE.id, channel: OPS.id, text: 'after the drop' });
    await sink.next((e) => e.text === 'after the drop');
  });

  test("reconnects when Slack asks it to (a 'disconnect' message)", async () => {
    const before = fake.connections;
    const down = statusWhere(backend, (s) => !s.connected);
    fake.requestDisconnect();
    assert.match((await down).detail ?? '', /reconnecting in 1s/);
    await clock.advance(1000);
    await fake.waitForConnections(before + 1);
    await statusWhere(backend, (s) => s.connected);
  });

  test('tokens never appear in the logs', () => {
    const text = logs.text();
    assert.ok(text.length > 0);
    assert.ok(!text.includes(fake.appToken));
    assert.ok(!text.includes(fake.botToken));
  });
});

describe('Slack back-end when Slack refuses the app token', () => {
  test('keeps retrying with a growing delay and says why', async () => {
    const clock = new ManualClock();
    const { fake, backend } = await slackSetup({
      clock,
      settings: { app_token: 'xapp-not-the-right-one' },
    });
    try {
      await backend.start(new RecordingSink());
      assert.equal(backend.status().connected, false);
      assert.match(backend.status().detail ?? '', /invalid_auth; reconnecting in 1s/);
      const next = statusWhere(backend, (s) => /reconnecting in 2s/.test(s.detail ?? ''));
      await clock.advance(1000);
      await next;
      assert.equal(fake.calls.filter((c) => c.method === 'apps.connections.open').length, 2);
      assert.equal(fake.connections, 0);
    } finally {
      await backend.stop();
      await fake.close();
    }
    assert.deepEqual(backend.status(), { connected: false, detail: 'stopped' });
  });
});

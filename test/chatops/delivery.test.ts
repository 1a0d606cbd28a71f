import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DeliveryQueue, REFUSALS } from '../../src/chatops/delivery.js';
import { renderAnnouncement, splitRich, announcementTarget } from '../../src/chatops/render.js';
import { ManualClock } from '../support/clock.js';
import { makeTestBot } from '../support/bot.js';

async function setup(
  opts: { queueSize?: number; maxAttempts?: number; rich?: boolean; random?: () => number } = {},
) {
  const { bot, backend, logs } = await makeTestBot({
    backend: { caps: { rich: opts.rich ?? false } },
  });
  const clock = new ManualClock();
  const dropped: string[] = [];
  const queue = new DeliveryQueue({
    bot,
    clock,
    logger: logs.logger,
    queueSize: opts.queueSize ?? 10,
    maxAttempts: opts.maxAttempts ?? 0,
    retryBaseMs: 1000,
    retryMaxMs: 8000,
    random: opts.random ?? (() => 0),
    describe: (a) => ({ execution: a.executionId }),
    onDropped: (_a, reason) => dropped.push(reason),
  });
  return { bot, backend, logs, clock, queue, dropped };
}

describe('rendering announcements', () => {
  test('{~} splits plain from rich', () => {
    assert.deepEqual(splitRich('pre {~} body'), { plain: 'pre', rich: 'body' });
    assert.deepEqual(splitRich('all plain'), { plain: 'all plain', rich: '' });
    assert.deepEqual(splitRich('all plain{~}'), { plain: 'all plain', rich: '' });
  });

  test('the text holds both halves; the halves, extra and status go apart as rich content', () => {
    const extra = { slack: { color: 'good' } };
    const m = renderAnnouncement({ channel: '#ops', message: 'Done{~}details', extra }, undefined);
    assert.equal(m.text, 'Done\ndetails');
    assert.deepEqual(m.rich, {
      halves: { plain: 'Done', rich: 'details' },
      extra,
      status: undefined,
    });
    const plain = renderAnnouncement({ channel: '#ops', message: 'Done' }, undefined);
    assert.deepEqual(plain, { text: 'Done', mention: undefined, rich: undefined });
  });

  test('plain back-ends get the whole text, rich back-ends the rich content', async () => {
    for (const rich of [false, true]) {
      const { bot, backend } = await setup({ rich });
      const a = { channel: '#ops', message: 'Done{~}details', extra: { x: 1 } };
      await bot.send(
        { kind: 'room', room: backend.room('#ops') },
        renderAnnouncement(a, undefined),
      );
      const sent = backend.sent[0]!.message;
      assert.equal(sent.text, 'Done\ndetails');
      assert.deepEqual(sent.rich?.halves, rich ? { plain: 'Done', rich: 'details' } : undefined);
    }
  });

  test('whisper goes to the user directly; thread context is kept for rooms', async () => {
    const { bot } = await setup();
    assert.deepEqual(
      await announcementTarget(
        { channel: '#ops', user: 'bob', whisper: true, message: 'x' },
        bot.backend,
      ),
      {
        kind: 'direct',
        user: { backend: 'test', id: 'bob', name: 'bob', aclKey: 'bob' },
      },
    );
    const t = await announcementTarget(
      { channel: '#ops', message: 'x', context: { thread_id: 'T1' } },
      bot.backend,
    );
    assert.deepEqual(t, {
      kind: 'room',
      room: { backend: 'test', id: '#ops', name: '#ops', aclKey: '#ops' },
      thread: { id: 'T1', mode: 'in' },
    });
    const beside = await announcementTarget(
      { channel: '#ops', message: 'x', context: { message_id: 'M1' } },
      bot.backend,
    );
    assert.deepEqual(beside?.thread, { id: 'M1', mode: 'beside' });
  });
});

describe('delivery queue', () => {
  test('posts to the channel mentioning the user', async () => {
    const { backend, queue } = await setup();
    await queue.deliver({ channel: '#ops', user: 'alice', message: 'Result!' }, 'stream');
    await queue.idle();
    assert.equal(backend.sent.length, 1);
    assert.equal(backend.sent[0]!.message.text, 'Result!');
    assert.equal(backend.sent[0]!.message.mention?.id, 'alice');
  });

  test('retries with backoff while the chat is down, then delivers in order', async () => {
    const { backend, queue, clock } = await setup();
    backend.failSends = new Error('chat down');
    await queue.deliver({ channel: '#ops', message: 'first' }, 'stream');
    await queue.deliver({ channel: '#ops', message: 'second' }, 'stream');
    await clock.advance(0);
    assert.equal(backend.sent.length, 0);
    assert.equal(clock.nextDelay(), 1000);
    await clock.advance(1000);
    assert.equal(clock.nextDelay(), 2000, 'the delay doubles');
    backend.failSends = undefined;
    await clock.advance(2000);
    await queue.idle();
    assert.deepEqual(
      backend.sent.map((s) => s.message.text),
      ['first', 'second'],
    );
    assert.equal(queue.counters.retries, 2);
  });

  test('the retry delays are jittered like every other backoff', async () => {
    const { backend, queue, clock } = await setup({ random: () => 0.999999 });
    backend.failSends = new Error('down');
    await queue.deliver({ channel: '#ops', message: 'x' }, 'stream');
    await clock.advance(0);
    assert.equal(clock.nextDelay(), 500, 'a random near 1 halves the delay');
    await clock.advance(500);
    assert.equal(clock.nextDelay(), 1000);
    queue.stop();
  });

  test('the backoff is capped, and an unreachable chat is waited for', async () => {
    const { backend, queue, clock } = await setup();
    backend.failSends = new Error('down');
    await backend.stop();
    await queue.deliver({ channel: '#ops', message: 'x' }, 'stream');
    for (let i = 0; i < 8; i++) await clock.advance(clock.nextDelay() ?? 0);
    assert.equal(clock.nextDelay(), 8000);
  });

  test('an empty result (nothing rendered) is not posted: dropped at once with the reason', async () => {
    const { backend, queue, dropped } = await setup();
    for (const message of ['', '  {~}  ']) {
      await queue.deliver({ channel: '#ops', message, executionId: 'e1' }, 'stream');
    }
    assert.equal(backend.sent.length, 0, 'nothing posted');
    assert.equal(queue.counters.dropped, 2);
    assert.match(dropped[0] ?? '', /result format rendered nothing/);
  });

  test('overflow drops the oldest, logged and counted', async () => {
    const { backend, queue, dropped, logs } = await setup({ queueSize: 2 });
    backend.failSends = new Error('down');
    for (const m of ['a', 'b', 'c']) await queue.deliver({ channel: '#ops', message: m }, 'stream');
    assert.equal(queue.counters.dropped, 1);
    assert.deepEqual(dropped, ['the delivery queue was full']);
    assert.ok(logs.lines.some((l) => l.msg === 'announcement dropped'));
    assert.equal(queue.size, 2);
  });

  test('gives up after maxAttempts when configured', async () => {
    const { backend, queue, clock, dropped } = await setup({ maxAttempts: 2 });
    backend.failSends = new Error('down');
    await queue.deliver({ channel: '#ops', message: 'x' }, 'stream');
    await clock.advance(1000);
    await queue.idle();
    assert.deepEqual(dropped, ['the chat refused it 2 times']);
  });

  test('a connected chat that keeps refusing: given up after a few tries, logged with what it was', async () => {
    const { backend, queue, clock, dropped, logs } = await setup();
    backend.failSends = new Error('invalid_blocks');
    await queue.deliver({ channel: '#ops', message: 'x', executionId: 'e1' }, 'stream');
    await queue.deliver({ channel: '#ops', message: 'next' }, 'stream');
    await clock.advance(0);
    for (let i = 1; i < REFUSALS; i++) await clock.advance(clock.nextDelay() ?? 0);
    assert.deepEqual(dropped, [`the chat refused it ${REFUSALS} times`]);
    const line = logs.lines.find((l) => l.msg === 'announcement dropped');
    assert.equal(line?.execution, 'e1');
    backend.failSends = undefined;
    await clock.advance(clock.nextDelay() ?? 0);
    await queue.idle();
    assert.deepEqual(
      backend.sent.map((m) => m.message.text),
      ['next'],
      'the queue moves on',
    );
  });

  test('the same announcement from stream and webhook is posted once', async () => {
    const { backend, queue } = await setup();
    const a = { channel: '#ops', message: 'Result', context: { request_id: 'r1' } };
    await queue.deliver(a, 'stream');
    await queue.deliver(a, 'webhook');
    await queue.idle();
    assert.equal(backend.sent.length, 1);
    assert.equal(queue.counters.duplicates, 1);
  });

  test('an announcement without a mappable channel is dropped with a reason', async () => {
    const { queue, dropped } = await setup();
    await queue.deliver({ channel: '', message: 'nowhere' }, 'stream');
    await queue.idle();
    assert.match(dropped[0] ?? '', /no place on test matches channel ""/);
  });
});

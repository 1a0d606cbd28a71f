import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UndeliveredNotices, noticeText } from '../../src/chatops/notice.js';
import type { Target } from '../../src/core/identity.js';
import { makeTestBot } from '../support/bot.js';

const inThread = {
  channel: '#ops',
  user: 'alice',
  context: { request_id: 'r1', thread_id: 'th-1' },
};

async function setup(refuse: (target: Target) => boolean = () => false) {
  const { bot, backend, logs } = await makeTestBot();
  const send = backend.send.bind(backend);
  const tried: Target[] = [];
  backend.send = (target, message) => {
    tried.push(target);
    return refuse(target) ? Promise.reject(new Error('refused')) : send(target, message);
  };
  return { notices: new UndeliveredNotices(bot, logs.logger), backend, logs, tried };
}

test('the line names the alias, the execution and the reason', () => {
  assert.equal(
    noticeText({
      what: 'result',
      reason: 'the chat refused it 5 times',
      alias: 'pack.alias',
      execution: '5f00',
      place: inThread,
    }),
    'stormbot could not post the result of `pack.alias` (execution 5f00): the chat refused it 5 times',
  );
  assert.equal(
    noticeText({ what: 'result', reason: 'r', place: inThread }),
    'stormbot could not post the result of a StackStorm command: r',
  );
});

test('told where the result was for, mentioning the person; logged with alias and execution', async () => {
  const { notices, backend, logs } = await setup();
  await notices.tell({
    what: 'result',
    reason: 'why',
    alias: 'pack.alias',
    execution: 'e1',
    place: inThread,
  });
  assert.equal(backend.sent.length, 1);
  const [m] = backend.sent;
  assert.equal(m!.target.kind === 'room' && m!.target.thread?.id, 'th-1');
  assert.equal(m!.message.mention?.id, 'alice');
  const line = logs.lines.find((l) => l.msg === 'result not posted');
  assert.deepEqual([line?.alias, line?.execution, line?.reason], ['pack.alias', 'e1', 'why']);
});

test('the thread refuses: the room; the room refuses too: a direct message', async () => {
  const thread = await setup((t) => t.thread !== undefined);
  await thread.notices.tell({ what: 'result', reason: 'r', execution: 'e1', place: inThread });
  assert.deepEqual(
    thread.backend.sent.map((m) => [m.target.kind, m.target.thread]),
    [['room', undefined]],
  );
  const rooms = await setup((t) => t.kind === 'room');
  await rooms.notices.tell({ what: 'result', reason: 'r', execution: 'e1', place: inThread });
  assert.deepEqual(
    rooms.backend.sent.map((m) => m.target),
    [{ kind: 'direct', user: rooms.backend.principal('alice') }],
  );
  assert.equal(rooms.backend.sent[0]!.message.mention, undefined);
});

test('one notice per execution, each place tried once, never retried', async () => {
  const { notices, backend, tried, logs } = await setup(() => true);
  await notices.tell({ what: 'acknowledgement', reason: 'r', execution: 'e1', place: inThread });
  assert.equal(tried.length, 3, 'thread, room, direct message');
  await notices.tell({ what: 'result', reason: 'r', execution: 'e1', place: inThread });
  assert.equal(tried.length, 3, 'no second notice for the same execution');
  assert.equal(backend.sent.length, 0);
  assert.ok(logs.lines.some((l) => l.msg === 'could not tell the person anywhere'));
  assert.equal(logs.lines.filter((l) => l.msg === 'result not posted').length, 1);
});

test('stopping: logged, nothing posted', async () => {
  const { notices, backend, logs } = await setup();
  notices.stop();
  await notices.tell({
    what: 'result',
    reason: 'the bot is stopping',
    execution: 'e1',
    place: inThread,
  });
  assert.equal(backend.sent.length, 0);
  assert.ok(logs.lines.some((l) => l.msg === 'result not posted' && l.execution === 'e1'));
});

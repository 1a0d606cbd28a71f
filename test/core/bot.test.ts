import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CommandError } from '../../src/core/errors.js';
import type { Metrics } from '../../src/core/metrics.js';
import { makeTestBot } from '../support/bot.js';

const texts = (rs: { message: { text: string } }[]) => rs.map((r) => r.message.text);

/** Metrics that remember each count as `counter:label`. */
function recordingMetrics(): Metrics & { counted: string[] } {
  const counted: string[] = [];
  return {
    counted,
    count: (name, label) => counted.push(`${name}:${label}`),
    set: () => undefined,
  };
}

describe('bot pipeline', () => {
  test('!help lists the built-in commands', async () => {
    const { backend } = await makeTestBot();
    const [reply] = await backend.say('!help', { room: '#ops' });
    assert.match(reply!.message.text, /!help — /);
    assert.match(reply!.message.text, /!whoami — /);
  });

  test('!whoami shows id, name, ACL key, room and back-end', async () => {
    const { backend } = await makeTestBot({ acl: { admins: ['alice'] } });
    const [reply] = await backend.say('!whoami', { user: 'alice', room: '#ops' });
    const text = reply!.message.text;
    assert.match(text, /^id: alice$/m);
    assert.match(text, /^acl key: alice$/m);
    assert.match(text, /^room: #ops \(id #ops, acl key #ops\)$/m);
    assert.match(text, /^back-end: test$/m);
    assert.match(text, /^admin: yes$/m);
  });

  test('replies go to the room and thread the command came from', async () => {
    const { backend } = await makeTestBot();
    const [reply] = await backend.say('!whoami', { room: '#ops', threadId: 't-1' });
    assert.deepEqual(reply!.target, {
      kind: 'room',
      room: backend.room('#ops'),
      thread: { id: 't-1', mode: 'in' },
    });
  });

  test('direct messages are answered directly', async () => {
    const { backend } = await makeTestBot();
    const [reply] = await backend.say('!whoami', { user: 'bob' });
    assert.equal(reply!.target.kind, 'direct');
    assert.match(reply!.message.text, /room: direct message/);
  });

  test('in direct messages the prefix is optional', async () => {
    const { backend } = await makeTestBot();
    assert.equal((await backend.say('whoami')).length, 1);
  });

  test('in rooms a message without the prefix is ignored', async () => {
    const { backend } = await makeTestBot();
    assert.deepEqual(await backend.say('whoami', { room: '#ops' }), []);
  });

  test('the bot can be addressed by name', async () => {
    const { backend } = await makeTestBot();
    for (const text of [
      'stormbot: whoami',
      'stormbot, whoami',
      '@stormbot whoami',
      'StormBot whoami',
    ]) {
      assert.equal((await backend.say(text, { room: '#ops' })).length, 1, text);
    }
    assert.deepEqual(await backend.say('stormbotty whoami', { room: '#ops' }), []);
  });

  test('a native mention counts as addressing the bot', async () => {
    const { backend } = await makeTestBot();
    assert.equal((await backend.say('whoami', { room: '#ops', mentionsBot: true })).length, 1);
  });

  test('the bot ignores its own messages', async () => {
    const { backend } = await makeTestBot();
    assert.deepEqual(await backend.say('!whoami', { user: 'stormbot', room: '#ops' }), []);
  });

  test('an unknown command gets a hint', async () => {
    const { backend } = await makeTestBot();
    assert.deepEqual(texts(await backend.say('!nope', { room: '#ops' })), [
      'I don\'t know the command "nope". Type !help to see what I can do.',
    ]);
  });

  test('a CommandError is shown to the person', async () => {
    const metrics = recordingMetrics();
    const { bot, backend } = await makeTestBot({ metrics });
    bot.commands.register({
      name: 'boom',
      aclKey: 'core:boom',
      summary: 'fails',
      run: () => {
        throw new CommandError('That pack does not exist.');
      },
    });
    assert.deepEqual(texts(await backend.say('!boom', { room: '#ops' })), [
      'That pack does not exist.',
    ]);
    assert.deepEqual(metrics.counted, ['commands:error']);
  });

  test('an unexpected error is logged with its stack and shown as one line with a reference', async () => {
    const { bot, backend, logs } = await makeTestBot();
    bot.commands.register({
      name: 'bug',
      aclKey: 'core:bug',
      summary: 'throws',
      run: () => {
        throw new TypeError('undefined is not a function');
      },
    });
    const [reply] = await backend.say('!bug', { room: '#ops' });
    const m = /reference ([0-9a-f]{8})/.exec(reply!.message.text);
    assert.ok(m, reply!.message.text);
    assert.doesNotMatch(reply!.message.text, /undefined is not a function/);
    const line = logs.lines.find((l) => l.ref === m[1]);
    assert.ok(line, 'the error is logged with the same reference');
    assert.match(JSON.stringify(line.err), /TypeError: undefined is not a function/);
  });

  test('long replies are split by the back-end limit without losing text', async () => {
    const { bot, backend } = await makeTestBot({
      backend: { caps: { length: { max: 50, unit: 'chars' } } },
    });
    const long = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    bot.commands.register({ name: 'long', aclKey: 'core:long', summary: 'long', run: () => long });
    const replies = texts(await backend.say('!long', { room: '#ops' }));
    assert.ok(replies.length > 1);
    for (const r of replies) assert.ok(r.length <= 50);
    assert.equal(replies.join('\n'), long);
  });

  test('split parts are numbered; the mention goes with the first, rich content with the last', async () => {
    const { bot, backend } = await makeTestBot({
      backend: { caps: { length: { max: 10, unit: 'chars' }, rich: true } },
    });
    const alice = backend.principal('alice');
    const sent = await bot.send(
      { kind: 'room', room: backend.room('#ops') },
      { text: 'aaaa bbbb cccc', mention: alice, rich: { status: 'success' } },
    );
    assert.equal(sent.length, 2);
    assert.deepEqual(
      backend.sent.map((m) => [m.message.text, m.message.part, m.message.mention, m.message.rich]),
      [
        ['aaaa bbbb', { index: 0, count: 2 }, alice, undefined],
        ['cccc', { index: 1, count: 2 }, undefined, { status: 'success' }],
      ],
    );
  });

  test('text longer than caps.length.attachAbove goes whole, to be attached', async () => {
    const { bot, backend } = await makeTestBot({
      backend: { caps: { length: { max: 10, unit: 'chars', attachAbove: 20 } } },
    });
    const room = { kind: 'room' as const, room: backend.room('#ops') };
    await bot.send(room, { text: 'x'.repeat(21) });
    await bot.send(room, { text: 'y'.repeat(20) });
    assert.deepEqual(
      backend.sent.map((m) => [m.message.text.length, m.message.attach, m.message.part?.count]),
      [
        [21, true, undefined],
        [10, undefined, 2],
        [10, undefined, 2],
      ],
    );
  });

  test('bytes are counted where the back-end counts bytes', async () => {
    const { bot, backend } = await makeTestBot({
      backend: { caps: { length: { max: 4, unit: 'bytes' } } },
    });
    await bot.send({ kind: 'room', room: backend.room('#ops') }, { text: 'éééé' });
    assert.deepEqual(texts(backend.sent), ['éé', 'éé']);
  });

  test('a rich back-end gets a message with rich halves whole; a plain one gets no rich', async () => {
    const message = {
      text: `head\n${'x'.repeat(30)}`,
      rich: { halves: { plain: 'head', rich: 'x'.repeat(30) } },
    };
    for (const rich of [true, false]) {
      const { bot, backend } = await makeTestBot({
        backend: { caps: { length: { max: 20, unit: 'chars' }, rich } },
      });
      await bot.send({ kind: 'room', room: backend.room('#ops') }, message);
      assert.equal(backend.sent.length, rich ? 1 : 3);
      assert.equal(backend.sent[0]!.message.rich, rich ? message.rich : undefined);
    }
  });

  test('replies go beside a command outside a thread, in a thread under it on request', async () => {
    const { bot, backend } = await makeTestBot();
    const threaded = { text: 'r', rich: { extra: { test: { thread_response: true } } } };
    const bySlack = { text: 'r', rich: { extra: { slack: { thread_response: true } } } };
    bot.commands.register({
      name: 'both',
      aclKey: 'core:both',
      summary: 'both',
      run: () => [{ text: 'plain' }, threaded, bySlack],
    });
    const replies = await backend.say('!both', { room: '#ops', messageId: 'm-7' });
    assert.deepEqual(
      replies.map((r) => r.target.thread),
      [undefined, { id: 'm-7', mode: 'in' }, { id: 'm-7', mode: 'in' }],
    );
  });

  test('a back-end without threads gets no thread', async () => {
    const { backend } = await makeTestBot({ backend: { caps: { threads: false } } });
    const [reply] = await backend.say('!whoami', { room: '#ops', threadId: 't-1' });
    assert.equal(reply!.target.thread, undefined);
  });

  test('commands keep the lines of multi-line arguments', async () => {
    const { bot, backend } = await makeTestBot();
    bot.commands.register({
      name: 'echo',
      aclKey: 'core:echo',
      summary: 'echo',
      run: (c) => c.args,
    });
    assert.deepEqual(texts(await backend.say('!echo a\n  b\nc', { room: '#ops' })), ['a\n  b\nc']);
  });

  test('ACL denial is explained', async () => {
    const { backend } = await makeTestBot({
      acl: { rules: [{ command: 'whoami', rule: { denyusers: ['alice'] } }] },
    });
    assert.deepEqual(texts(await backend.say('!whoami', { room: '#ops' })), [
      "You're not allowed to access this command from this user",
    ]);
  });

  test('hidden denials get no reply', async () => {
    const metrics = recordingMetrics();
    const { backend } = await makeTestBot({
      acl: { hideDenials: true, rules: [{ command: 'whoami', rule: { denyusers: ['alice'] } }] },
      metrics,
    });
    assert.deepEqual(await backend.say('!whoami', { room: '#ops' }), []);
    assert.deepEqual(metrics.counted, ['commands:denied']);
  });

  test('help lists only the commands the person may run', async () => {
    const { bot, backend } = await makeTestBot({
      acl: { rules: [{ command: 'whoami', rule: { denyusers: ['alice'] } }], admins: ['root'] },
    });
    bot.commands.register({
      name: 'admin',
      aclKey: 'core:admin',
      summary: 'x',
      adminOnly: true,
      run: () => 'ok',
    });
    const [reply] = await backend.say('!help', { user: 'alice' });
    assert.doesNotMatch(reply!.message.text, /whoami/);
    assert.doesNotMatch(reply!.message.text, /!admin/);
    const [rootReply] = await backend.say('!help', { user: 'root' });
    assert.match(rootReply!.message.text, /!admin/);
  });

  test('admin-only commands are refused to others and run for admins in a DM', async () => {
    const { bot, backend } = await makeTestBot({ acl: { admins: ['root'] } });
    bot.commands.register({
      name: 'admin',
      aclKey: 'core:admin',
      summary: 'x',
      adminOnly: true,
      run: () => 'done',
    });
    assert.deepEqual(texts(await backend.say('!admin', { user: 'alice' })), [
      'This command requires bot-admin privileges',
    ]);
    assert.deepEqual(texts(await backend.say('!admin', { user: 'root' })), ['done']);
  });

  test('a failing send does not crash the pipeline', async () => {
    const { backend, logs } = await makeTestBot();
    backend.failSends = new Error('chat down');
    await backend.say('!whoami', { room: '#ops' });
    assert.ok(
      logs.lines.some(
        (l) => l.msg === 'could not send a reply' || l.msg === 'failed to handle a chat event',
      ),
    );
  });
});

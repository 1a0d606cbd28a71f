import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sessionsFeature, sessionsOffFeature } from '../../src/sessions/commands.js';
import { makeTestBot } from '../support/bot.js';
import { SECRETS, linkIdOf, makeManager } from '../web/support/sessions.js';

async function setup() {
  const h = await makeManager({ sessionTtlSeconds: 600 });
  const { bot, backend, logs } = await makeTestBot({ acl: { admins: ['boss'] } });
  bot.use(sessionsFeature(bot, h.manager, { clock: h.clock }));
  const texts = async (text: string, options: { user?: string; room?: string } = {}) =>
    (await backend.say(text, options)).map((r) => r.message.text);
  return { h, bot, backend, logs, texts };
}

describe('session commands', () => {
  test('st2session_start in a direct message replies with a one-time link', async () => {
    const { h, texts } = await setup();
    const [reply, ...rest] = await texts(`!st2session_start ${SECRETS.secretWord}`, {
      user: 'alice',
    });
    assert.equal(rest.length, 0);
    assert.match(
      reply ?? '',
      /^Open this link to sign in to StackStorm: https:\/\/bot\.example\.com\/stormbot\/login\/[0-9a-f-]{36}\n/,
    );
    assert.match(reply ?? '', /works once and expires in 10 minutes \(2026-01-01 00:10 UTC\)/);
    assert.ok(!(reply ?? '').includes(SECRETS.secretWord));
    const status = await h.manager.status({
      backend: 'test',
      id: 'alice',
      name: 'alice',
      aclKey: 'alice',
    });
    assert.equal(status.state, 'pending');
  });

  test('st2session_start in a room is refused and warns that the secret word was exposed', async () => {
    const { h, backend, texts } = await setup();
    const replies = await texts(`!st2session_start ${SECRETS.secretWord}`, {
      user: 'alice',
      room: '#ops',
    });
    assert.equal(replies.length, 1);
    assert.match(replies[0] ?? '', /only given in a direct message/);
    assert.match(replies[0] ?? '', /visible to everyone in this room/);
    assert.ok(!(replies[0] ?? '').includes(SECRETS.secretWord));
    assert.equal(backend.sent[0]?.target.kind, 'room');
    assert.deepEqual(await h.manager.list(), []);
    // Without a word nothing was exposed, so there is no warning.
    const [bare] = await texts('!st2session_start', { user: 'alice', room: '#ops' });
    assert.doesNotMatch(bare ?? '', /visible to everyone/);
  });

  test('st2session_start without a secret word explains what to type', async () => {
    const { texts } = await setup();
    const [reply] = await texts('!st2session_start', { user: 'alice' });
    assert.match(reply ?? '', /Please give a secret word: "!st2session_start <secret word>"/);
  });

  test('st2session_end removes the sign-in', async () => {
    const { h, texts } = await setup();
    const [reply] = await texts(`!st2session_start ${SECRETS.secretWord}`, { user: 'alice' });
    const url = /https:\S+/.exec(reply ?? '')?.[0] ?? '';
    const result = await h.manager.authenticate(
      linkIdOf(url),
      { method: 'apikey', secretWord: SECRETS.secretWord, apiKey: SECRETS.apiKey },
      '127.0.0.1',
    );
    assert.equal(result.authenticated, true);
    assert.deepEqual(await texts('!st2session_end', { user: 'alice' }), [
      'Your StackStorm sign-in is removed. Sign in again to run StackStorm commands as yourself.',
    ]);
    assert.deepEqual(await texts('!st2session_end', { user: 'alice' }), [
      'You had no StackStorm sign-in to remove.',
    ]);
  });

  test('st2session_list and st2session_cancel are for admins', async () => {
    const { texts } = await setup();
    await texts('!st2session_start word one', { user: 'alice' });
    const [denied] = await texts('!st2session_list', { user: 'alice' });
    assert.doesNotMatch(denied ?? '', /Sign-in sessions/);
    const [listing] = await texts('!st2session_list', { user: 'boss' });
    assert.match(
      listing ?? '',
      /^Sign-in sessions \(1\):\n- [0-9a-f-]{36} test\/alice \(alice\): pending, since 2026-01-01 00:00 UTC, expires 2026-01-01 00:10 UTC$/,
    );
    assert.ok(!(listing ?? '').includes('word one'));
    const id = /[0-9a-f-]{36}/.exec(listing ?? '')?.[0] ?? '';
    const [cancelDenied] = await texts(`!st2session_cancel ${id}`, { user: 'alice' });
    assert.doesNotMatch(cancelDenied ?? '', /Cancelled/);
    assert.deepEqual(await texts(`!st2session_cancel ${id.toUpperCase()}`, { user: 'boss' }), [
      `Cancelled session ${id} (pending) of test/alice.`,
    ]);
    assert.deepEqual(await texts('!st2session_list', { user: 'boss' }), [
      'There are no sign-in sessions.',
    ]);
    const [missing] = await texts(`!st2session_cancel ${id}`, { user: 'boss' });
    assert.match(missing ?? '', /There is no session with id/);
    const [noId] = await texts('!st2session_cancel', { user: 'boss' });
    assert.match(noId ?? '', /Give the session id/);
  });

  test('ACL keys are st2:st2session_*, and the name prefix is configurable', async () => {
    const { bot } = await setup();
    assert.deepEqual(
      bot.commands
        .list()
        .filter((c) => c.name.includes('session'))
        .map((c) => [c.name, c.aclKey, Boolean(c.adminOnly)]),
      [
        ['st2session_cancel', 'st2:st2session_cancel', true],
        ['st2session_end', 'st2:st2session_end', false],
        ['st2session_list', 'st2:st2session_list', true],
        ['st2session_start', 'st2:st2session_start', false],
      ],
    );
    const other = await makeTestBot();
    other.bot.use(sessionsFeature(other.bot, (await makeManager()).manager, { namePrefix: 'ops' }));
    assert.ok(other.bot.commands.get('opssession_start'));
  });

  test('the secret word never reaches the logs', async () => {
    const { h, logs, texts } = await setup();
    await texts(`!st2session_start ${SECRETS.secretWord}`, { user: 'alice' });
    await texts(`!st2session_start ${SECRETS.secretWord}`, { user: 'alice', room: '#ops' });
    assert.ok(!logs.text().includes(SECRETS.secretWord));
    assert.ok(!h.logs.text().includes(SECRETS.secretWord));
    assert.match(h.logs.text(), /sign-in link issued/);
  });
});

describe('session commands with per-user sign-in off', () => {
  test('each says that sign-in is off and how to turn it on, unlisted by help', async () => {
    const { bot, backend } = await makeTestBot({ acl: { admins: ['boss'] } });
    bot.use(sessionsOffFeature('ops'));
    for (const name of ['start', 'end', 'list', 'cancel']) {
      const replies = await backend.say(`!opssession_${name} some words`, { user: 'alice' });
      assert.equal(replies.length, 1, name);
      assert.match(replies[0]?.message.text ?? '', /^Per-user sign-in is off: /, name);
      assert.match(
        replies[0]?.message.text ?? '',
        /stackstorm\.rbac_auth\.clientside\.url \(or STORMBOT_LOGIN_URL\)/,
      );
    }
    const [help] = await backend.say('!help', { user: 'alice' });
    assert.doesNotMatch(help?.message.text ?? '', /session_/);
  });
});

/**
 * The bot's own st2 credentials rejected: admins get one notice per outage, however many
 * commands fail, and a new one only after the credentials worked again.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RecordedMessage } from '../../src/backends/test/index.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
const notices: string[] = [];

before(async () => {
  t = await startTestApp({ config: { bot: { admin_channels: ['#admins'] } } });
  const bot = t.app.bot;
  const notify = bot.notifyAdmins.bind(bot);
  bot.notifyAdmins = (text) => {
    notices.push(text);
    return notify(text);
  };
});
after(async () => {
  await t.close();
});

const toAdmins = (m: RecordedMessage) => m.target.kind === 'room' && m.target.room.id === '#admins';

async function failingCommands(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const replies = (await t.backend.say('!st2 greet Hi', { room: '#ops' })).filter(
      (m) => !toAdmins(m),
    );
    assert.equal(replies.length, 1, `one reply to command ${i + 1}`);
    assert.match(replies[0]!.message.text, /StackStorm did not accept the credentials/);
  }
}

test('50 commands with a rejected API key → exactly one admin notice', async () => {
  t.sandbox.faults.setApiKeyEnabled(t.sandbox.apiKey, false);
  await failingCommands(50);
  assert.equal(notices.length, 1, `notices: ${JSON.stringify(notices)}`);
  assert.match(notices[0]!, /StackStorm rejected the configured API key/);
  assert.doesNotMatch(notices[0]!, new RegExp(t.sandbox.apiKey));
  const posted = await t.backend.waitFor(toAdmins);
  assert.equal(posted.message.text, notices[0]);
});

test('after the key works again, the next outage is told once more', async () => {
  t.sandbox.faults.setApiKeyEnabled(t.sandbox.apiKey, true);
  const [ack] = (await t.backend.say('!st2 greet Hi', { room: '#ops' })).filter(
    (m) => !toAdmins(m),
  );
  assert.match(ack!.message.text, /details available at/);
  t.sandbox.faults.setApiKeyEnabled(t.sandbox.apiKey, false);
  await failingCommands(3);
  assert.equal(notices.length, 2, `notices: ${JSON.stringify(notices)}`);
  t.sandbox.faults.setApiKeyEnabled(t.sandbox.apiKey, true);
});

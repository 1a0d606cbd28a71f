/**
 * `!st2respond` as a signed-in person: the answer goes with their own credentials, and
 * StackStorm's RBAC refusal (403) is explained; their rejected credentials send them to sign in
 * again.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ExecutionHistory } from '../../src/chatops/history.js';
import { inquiryCommands } from '../../src/chatops/inquiry-commands.js';
import { InquiryWatcher } from '../../src/chatops/inquiry-watcher.js';
import type { CredentialResolver, St2Gateway } from '../../src/chatops/ports.js';
import { St2AuthError, St2HttpError } from '../../src/stackstorm/errors.js';
import type { St2Credentials } from '../../src/stackstorm/model.js';
import { makeTestBot } from '../support/bot.js';
import { ManualClock } from '../support/clock.js';

const INQUIRY = {
  id: 'Q1',
  users: ['carol'],
  schema: { properties: { ok: { type: 'boolean', required: true } } },
};

async function setup(answer: () => Promise<unknown>) {
  const { bot, backend, logs } = await makeTestBot();
  const used: string[] = [];
  const personal = (who: string): St2Gateway =>
    ({
      getInquiry: () => {
        used.push(`get as ${who}`);
        return Promise.resolve(INQUIRY);
      },
      respondToInquiry: () => {
        used.push(`answer as ${who}`);
        return answer();
      },
    }) as unknown as St2Gateway;
  const st2 = {
    ...personal('bot'),
    withCredentials: (c: St2Credentials) => personal(c.kind === 'token' ? c.token : '?'),
  };
  const credentials: CredentialResolver = {
    resolve: (person) =>
      Promise.resolve(person.id === 'alice' ? { kind: 'token', token: 'alice-token' } : undefined),
    rejected: () => Promise.resolve('Your StackStorm sign-in expired; sign in again.'),
  };
  const history = new ExecutionHistory();
  const watcher = new InquiryWatcher({
    bot,
    st2,
    history,
    clock: new ManualClock(),
    logger: logs.logger,
    active: () => false,
    respond: '!st2respond',
  });
  bot.use({
    name: 'inquiries',
    commands: inquiryCommands({ bot, st2, credentials, watcher, word: 'st2' }),
  });
  return { backend, used };
}

describe('!st2respond as the person', () => {
  test('signed in: sent with their credentials; StackStorm’s 403 explained', async () => {
    const { backend, used } = await setup(() =>
      Promise.reject(
        new St2HttpError('forbidden', 'denied', {
          status: 403,
          faultstring: 'User "alice" does not have permission to respond to inquiry "Q1".',
        }),
      ),
    );
    const [reply] = await backend.say('!st2respond Q1 ok=true', { room: '#ops' });
    assert.deepEqual(used, ['get as alice-token', 'answer as alice-token']);
    assert.equal(
      reply?.message.text,
      'StackStorm does not let you answer inquiry Q1: User "alice" does not have permission to respond to inquiry "Q1". Its users and roles say who may; a StackStorm administrator can change the RBAC rules.',
    );
  });

  test('signed in with credentials StackStorm rejects: told to sign in again', async () => {
    const { backend } = await setup(() => Promise.reject(new St2AuthError('token', 'rejected')));
    const [reply] = await backend.say('!st2respond Q1 ok=true', { room: '#ops' });
    assert.equal(reply?.message.text, 'Your StackStorm sign-in expired; sign in again.');
  });

  test('not signed in: only the people the inquiry is for may answer as the bot', async () => {
    const { backend, used } = await setup(() => Promise.reject(new Error('unused')));
    const [reply] = await backend.say('!st2respond Q1 ok=true', { room: '#ops', user: 'bob' });
    assert.match(reply?.message.text ?? '', /^Inquiry Q1 is not yours to answer/);
    assert.deepEqual(used, ['get as bot']);
  });

  test('not signed in: someone the inquiry names in users answers as the bot', async () => {
    const { backend, used } = await setup(() => Promise.resolve({ id: 'Q1', response: {} }));
    const [reply] = await backend.say('!st2respond Q1 ok=yes', { room: '#ops', user: 'carol' });
    assert.equal(
      reply?.message.text,
      'Answered inquiry Q1 (ok=true). StackStorm takes it from here.',
    );
    assert.deepEqual(used, ['get as bot', 'answer as bot']);
  });
});

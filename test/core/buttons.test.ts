/**
 * Buttons in the core: `Bot.send` passes a message's actions only to a back-end with
 * `caps.buttons`, with the last part of a split text.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MessageAction } from '../../src/core/message.js';
import { makeTestBot } from '../support/bot.js';

const ACTIONS: readonly MessageAction[] = [
  { label: 'Confirm', command: '!st2confirm 4F2K9Q', style: 'primary' },
  { label: 'Deny', command: '!st2deny 4F2K9Q', style: 'danger' },
];

describe('buttons in Bot.send', () => {
  test('a back-end without caps.buttons never receives actions', async () => {
    for (const buttons of [false, undefined]) {
      const { bot, backend } = await makeTestBot({ backend: { caps: { buttons } } });
      const text = 'Confirm with !st2confirm 4F2K9Q';
      await bot.send({ kind: 'room', room: backend.room('#ops') }, { text, actions: ACTIONS });
      const [sent, ...more] = backend.sent.map((m) => m.message);
      assert.equal(more.length, 0, 'one message');
      assert.ok(sent, 'sent');
      assert.equal(sent.text, text, 'the text alone goes');
      assert.equal(sent.actions, undefined, `caps.buttons ${String(buttons)}`);
    }
  });

  test('a back-end with caps.buttons receives them', async () => {
    const { bot, backend } = await makeTestBot({ backend: { caps: { buttons: true } } });
    await bot.send({ kind: 'room', room: backend.room('#ops') }, { text: 'Go?', actions: ACTIONS });
    assert.deepEqual(backend.sent[0]?.message.actions, ACTIONS);
  });

  test('an empty list of actions is no buttons', async () => {
    const { bot, backend } = await makeTestBot({ backend: { caps: { buttons: true } } });
    await bot.send({ kind: 'room', room: backend.room('#ops') }, { text: 'Go?', actions: [] });
    assert.equal(backend.sent[0]?.message.actions, undefined);
  });

  test('a split text carries the buttons on its last part only', async () => {
    const { bot, backend } = await makeTestBot({
      backend: { caps: { buttons: true, length: { max: 20, unit: 'chars' } } },
    });
    const text = 'first line of text\nsecond line of text\nthird';
    await bot.send({ kind: 'room', room: backend.room('#ops') }, { text, actions: ACTIONS });
    const actions = backend.sent.map((m) => m.message.actions);
    assert.equal(actions.length, 3);
    assert.deepEqual(actions, [undefined, undefined, ACTIONS]);
  });
});

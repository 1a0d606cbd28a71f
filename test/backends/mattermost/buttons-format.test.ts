/**
 * Mattermost button pieces: the signature binds command, label, channel and thread; a press
 * callback is read field by field; a pressed post keeps its buttons and its other attachments.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  buttonAttachment,
  ButtonSigner,
  pressedProps,
} from '../../../src/backends/mattermost/buttons.js';
import { readActionRequest } from '../../../src/backends/mattermost/clicks.js';
import { fakeId } from '../../support/fake-mattermost.js';

const CHANNEL = fakeId('chan');
const ROOT = fakeId('root');
const ACTIONS_URL = 'https://bot.example.com/mattermost/actions';

describe('Mattermost button signatures', () => {
  const signer = new ButtonSigner();
  const context = { command: '!st2confirm 4F2K9Q', label: 'Confirm', thread: ROOT };
  const signature = signer.sign(CHANNEL, context);

  test('verify accepts exactly what was signed', () => {
    assert.ok(signer.verify(CHANNEL, context, signature), 'the signed context');
    const changed = [
      { ...context, command: '!st2confirm OTHER1' },
      { ...context, label: 'Deny' },
      { ...context, thread: undefined },
    ];
    for (const other of changed) {
      assert.equal(signer.verify(CHANNEL, other, signature), false, JSON.stringify(other));
    }
    assert.equal(signer.verify(fakeId('elsewhere'), context, signature), false, 'other channel');
    assert.equal(new ButtonSigner().verify(CHANNEL, context, signature), false, 'other process');
    assert.equal(signer.verify(CHANNEL, context, signature.toUpperCase()), false, 'not our form');
  });

  test('a press callback is read only with a valid signature and ids', () => {
    const [action] = buttonAttachment(
      [{ label: 'Confirm', command: '!st2confirm 4F2K9Q', style: 'primary' }],
      { url: ACTIONS_URL, channelId: CHANNEL, thread: ROOT },
      signer,
    ).actions as { integration: { context: Record<string, unknown> } }[];
    const body = {
      user_id: fakeId('bob'),
      channel_id: CHANNEL,
      post_id: fakeId('post'),
      context: action?.integration.context,
    };
    assert.deepEqual(readActionRequest(body, signer), {
      kind: 'click',
      click: {
        userId: fakeId('bob'),
        channelId: CHANNEL,
        postId: fakeId('post'),
        command: '!st2confirm 4F2K9Q',
        label: 'Confirm',
        thread: ROOT,
      },
    });
    const refusals: [unknown, number][] = [
      [null, 400],
      ['text', 400],
      [{ ...body, user_id: 'not an id' }, 400],
      [{ ...body, context: undefined }, 401],
      [{ ...body, context: { ...action?.integration.context, thread: 'x' } }, 401],
      [{ ...body, context: { ...action?.integration.context, label: 'L'.repeat(76) } }, 401],
      [{ ...body, context: { ...action?.integration.context, signature: 1 } }, 401],
    ];
    for (const [bad, status] of refusals) {
      const reading = readActionRequest(bad, signer);
      assert.equal(reading.kind === 'refused' && reading.status, status, JSON.stringify(bad));
    }
  });
});

describe('pressedProps', () => {
  test('the buttons attachment is re-posted saying who pressed what; the rest stays', () => {
    const buttons = { actions: [{ id: 'stormbot0', name: 'Confirm', integration: { url: 'u' } }] };
    const props = {
      from_bot: 'true',
      attachments: [
        { text: 'result', color: '#36a64f' },
        { text: '@alice pressed **Deny**', actions: [{ id: 'stormbot0', name: 'Confirm' }] },
        { title: 'theirs', actions: [{ id: 'x' }] },
      ],
    };
    assert.deepEqual(pressedProps(props, buttons, '@bob pressed **Confirm**'), {
      from_bot: 'true',
      attachments: [
        { text: 'result', color: '#36a64f' },
        { ...buttons, text: '@bob pressed **Confirm**' },
        { title: 'theirs', actions: [{ id: 'x' }] },
      ],
    });
    assert.equal(pressedProps(undefined, buttons, 'x'), undefined, 'no stormbot buttons');
  });
});

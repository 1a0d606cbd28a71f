/**
 * Slack button rendering: the actions block after each message shape, Slack's limits, and the
 * pressed message's blocks.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pressedBlocks } from '../../../src/backends/slack/buttons.js';
import { renderSlack } from '../../../src/backends/slack/index.js';
import type { MessageAction } from '../../../src/core/message.js';

const ACTIONS: readonly MessageAction[] = [{ label: 'Confirm', command: '!st2confirm 4F2K9Q' }];

/** The actions block renderSlack adds for `ACTIONS`. */
const BLOCK = {
  type: 'actions',
  block_id: 'stormbot_buttons',
  elements: [
    {
      type: 'button',
      action_id: 'stormbot_button_0',
      text: { type: 'plain_text', text: 'Confirm', emoji: true },
      value: '!st2confirm 4F2K9Q',
    },
  ],
};

describe('Slack buttons in renderSlack', () => {
  test('no actions, no blocks', () => {
    assert.deepEqual(renderSlack({ text: 'hello', actions: [] }), { text: 'hello' });
  });

  test('the buttons follow an alias’s own Block Kit blocks', () => {
    const own = { type: 'section', text: { type: 'mrkdwn', text: '*deployed*' } };
    const payload = renderSlack({
      text: 'deployed',
      rich: { extra: { slack: { blocks: [own] } } },
      actions: ACTIONS,
    });
    assert.deepEqual(payload.blocks, [own, BLOCK]);
    assert.equal(payload.text, 'deployed');
  });

  test('a result in an attachment keeps it, its plain half shown in a section', () => {
    const payload = renderSlack({
      text: 'Ran:\nok',
      rich: { halves: { plain: 'Ran:', rich: 'ok' }, status: 'success' },
      actions: ACTIONS,
    });
    assert.equal((payload.attachments as { color?: string }[])[0]?.color, 'good');
    assert.deepEqual(payload.blocks, [
      { type: 'section', text: { type: 'mrkdwn', text: 'Ran:' } },
      BLOCK,
    ]);
  });

  test('text beyond a section’s 3,000 characters goes in several sections, all of it', () => {
    const text = `${'a'.repeat(2000)}\n${'b'.repeat(1400)}`;
    const payload = renderSlack({ text, actions: ACTIONS });
    const blocks = payload.blocks as { type: string; text?: { text: string } }[];
    assert.deepEqual(
      blocks.map((b) => b.type),
      ['section', 'section', 'actions'],
    );
    assert.equal(
      blocks
        .map((b) => b.text?.text ?? '')
        .join('\n')
        .trimEnd(),
      text,
    );
  });

  test('labels are cut to 75 characters; over-long or empty commands get no button', () => {
    const payload = renderSlack({
      text: 'pick',
      actions: [
        { label: 'L'.repeat(100), command: '!ok' },
        { label: 'too long', command: `!x ${'y'.repeat(2000)}` },
        { label: 'empty', command: '  ' },
      ],
    });
    const block = (payload.blocks as { elements?: { text: { text: string } }[] }[])[1];
    assert.equal(block?.elements?.length, 1);
    assert.equal(block.elements[0]?.text.text, `${'L'.repeat(74)}…`);
  });

  test('a message already at Slack’s 50 blocks is posted without buttons, not refused', () => {
    const blocks = Array.from({ length: 50 }, () => ({ type: 'divider' }));
    const payload = renderSlack({
      text: 'full',
      rich: { extra: { slack: { blocks } } },
      actions: ACTIONS,
    });
    assert.equal((payload.blocks as unknown[]).length, 50);
  });

  test('once pressed, the actions block becomes who pressed what', () => {
    const section = { type: 'section', block_id: 'x1', text: { type: 'mrkdwn', text: 'Go?' } };
    assert.deepEqual(pressedBlocks([section, BLOCK], '<@U1> pressed *Confirm*'), [
      section,
      { type: 'context', elements: [{ type: 'mrkdwn', text: '<@U1> pressed *Confirm*' }] },
    ]);
    assert.equal(pressedBlocks([section], 'x'), undefined, 'no stormbot buttons: no update');
  });
});

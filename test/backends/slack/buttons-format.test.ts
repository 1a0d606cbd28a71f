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

  test('once pressed, who pressed what shows just before the buttons, which stay', () => {
    const section = { type: 'section', block_id: 'x1', text: { type: 'mrkdwn', text: 'Go?' } };
    const line = (text: string) => ({
      type: 'context',
      block_id: 'stormbot_pressed',
      elements: [{ type: 'mrkdwn', text }],
    });
    const once = pressedBlocks([section, BLOCK], '<@U1> pressed *Confirm*');
    assert.deepEqual(once, [section, line('<@U1> pressed *Confirm*'), BLOCK]);
    assert.deepEqual(
      pressedBlocks(once, '<@U2> pressed *Deny*'),
      [section, line('<@U2> pressed *Deny*'), BLOCK],
      'a later press replaces the line rather than adding one',
    );
    assert.equal(pressedBlocks([section], 'x'), undefined, 'no stormbot buttons: no update');
  });

  test('the line never takes a message past Slack’s 50 blocks', () => {
    const full = [...Array.from({ length: 49 }, () => ({ type: 'divider' })), BLOCK];
    assert.equal(pressedBlocks(full, 'x'), undefined);
    const payload = renderSlack({
      text: 'nearly full',
      rich: { extra: { slack: { blocks: full.slice(0, 49) } } },
      actions: ACTIONS,
    });
    assert.equal((payload.blocks as unknown[]).length, 49, 'no room for the line: no buttons');
  });
});

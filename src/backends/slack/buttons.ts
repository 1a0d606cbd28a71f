/**
 * A message's buttons as Block Kit: one `actions` block of `button`s after the message's own
 * blocks (or, for a message without blocks, after its text in `section` blocks, since Slack shows
 * only the blocks of a message that has some); once one is pressed, a `context` block just before
 * the buttons says who pressed what most recently (the buttons stay).
 */
import type { MessageAction } from '../../core/message.js';
import { splitText } from '../../core/split.js';
import { buttonActions } from '../shared/buttons.js';
import { asObject, type JsonObject } from '../shared/json.js';

/** Action ids of stormbot's buttons are this prefix and the button's index. */
export const ACTION_ID_PREFIX = 'stormbot_button_';
/** The `block_id` of the actions block stormbot adds. */
export const BUTTONS_BLOCK_ID = 'stormbot_buttons';
/** The `block_id` of the context block saying who pressed what most recently. */
export const PRESSED_BLOCK_ID = 'stormbot_pressed';
/** Slack's limit for the text of one `section` block. */
const SECTION_MAX = 3000;
/** Slack's limit for the blocks of one message. */
const MAX_BLOCKS = 50;

/** `payload` (`chat.postMessage` arguments) with `actions` as buttons; unchanged without any. */
export function withButtons(
  payload: JsonObject,
  actions: readonly MessageAction[] | undefined,
): JsonObject {
  const buttons = buttonActions(actions);
  if (buttons.length === 0) return payload;
  const blocks: readonly unknown[] = Array.isArray(payload.blocks)
    ? payload.blocks
    : textSections(payload.text);
  // The text still names every command: better no buttons than a message Slack refuses (room is
  // kept for the actions block and the line saying who pressed what).
  if (blocks.length + 2 > MAX_BLOCKS) return payload;
  return { ...payload, blocks: [...blocks, actionsBlock(buttons)] };
}

/** The actions block: one button per action, the command as its value. */
function actionsBlock(actions: readonly MessageAction[]): JsonObject {
  return {
    type: 'actions',
    block_id: BUTTONS_BLOCK_ID,
    elements: actions.map((action, index) => ({
      type: 'button',
      action_id: `${ACTION_ID_PREFIX}${index}`,
      text: { type: 'plain_text', text: action.label, emoji: true },
      value: action.command,
      ...(action.style ? { style: action.style } : {}),
    })),
  };
}

/** The message text as `section` blocks, each within Slack's limit. */
function textSections(text: unknown): JsonObject[] {
  if (typeof text !== 'string' || text.trim() === '') return [];
  return splitText(text, SECTION_MAX).map((part) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: part },
  }));
}

/**
 * `blocks` (a pressed message's, as Slack sent them) with a `context` block showing `line` just
 * before stormbot's actions block, replacing the one an earlier press put there; undefined when
 * there is no such actions block or the result would exceed Slack's limit.
 */
export function pressedBlocks(blocks: readonly unknown[], line: string): unknown[] | undefined {
  const kept = blocks.filter((b) => asObject(b)?.block_id !== PRESSED_BLOCK_ID);
  const index = kept.findIndex((b) => asObject(b)?.block_id === BUTTONS_BLOCK_ID);
  if (index === -1 || kept.length + 1 > MAX_BLOCKS) return undefined;
  const pressed = {
    type: 'context',
    block_id: PRESSED_BLOCK_ID,
    elements: [{ type: 'mrkdwn', text: line }],
  };
  return [...kept.slice(0, index), pressed, ...kept.slice(index)];
}

/** `text` safe inside mrkdwn: Slack's three control characters escaped. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

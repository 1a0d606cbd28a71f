/**
 * Rendering an outgoing message as a Slack `chat.postMessage` payload.
 *
 * Three shapes, chosen from the announcement's `extra.slack` (st2 / hubot-stackstorm semantics):
 * - Block Kit: `extra.slack.blocks` is passed through; the plain text becomes the notification
 *   fallback, and a mention is shown in a leading section block.
 * - Custom message: `extra.slack.attachments` is sent as the message (`text`, `username`,
 *   `icon_emoji`…); st2's rendered text is not shown, as in hubot-stackstorm.
 * - One attachment (the default for rich messages): the rich half of the message in an attachment
 *   coloured by the outcome, every other `extra.slack` key merged into it, the plain half (and the
 *   mention) above it.
 * Messages without rich content are plain text. When `extra.slack` brings its own `pretext`, no
 * mention is added (the author's pretext is where the person is named). Buttons
 * (`message.actions`) come last, in an `actions` block.
 *
 * The attachment rules are shared with the Mattermost back-end (`../shared/attachments.ts`).
 */
import type { OutgoingMessage } from '../../core/message.js';
import {
  bringsOwnPretext,
  buildAttachment,
  hasRichContent,
  layout,
  messageKeys,
  type StatusColours,
} from '../shared/attachments.js';
import { asObject, type JsonObject } from '../shared/json.js';
import { withButtons } from './buttons.js';

/** Slack's named attachment colours (green and red). */
const SLACK_COLOURS: StatusColours = { success: 'good', failure: 'danger' };

/** The `extra.slack` object of a message, or an empty object. */
function slackExtra(message: OutgoingMessage): JsonObject {
  return asObject(message.rich?.extra?.slack) ?? {};
}

/** True when the message is Block Kit or a custom attachments message (never uploaded as a file). */
export function isCustomSlackMessage(message: OutgoingMessage): boolean {
  const slack = slackExtra(message);
  return Array.isArray(slack.blocks) || Array.isArray(slack.attachments);
}

/** Slack's markup for a mention of the user with id `id`. */
export function slackMention(id: string): string {
  return `<@${id}>`;
}

/**
 * The `chat.postMessage` arguments for `message`, without `channel` and `thread_ts`; its actions,
 * if any, as buttons after everything else (`./buttons.ts`).
 */
export function renderSlack(message: OutgoingMessage): JsonObject {
  return withButtons(renderContent(message), message.actions);
}

/** The arguments for the message without its buttons. */
function renderContent(message: OutgoingMessage): JsonObject {
  const slack = slackExtra(message);
  const mentioned = message.mention && !bringsOwnPretext(slack) ? message.mention : undefined;
  const mention = mentioned ? `${slackMention(mentioned.id)} ` : '';
  if (!hasRichContent(message, slack)) return { text: mention + message.text };

  const top = messageKeys(slack);
  const ownText = typeof slack.text === 'string' ? slack.text : undefined;

  if (Array.isArray(slack.blocks)) {
    const blocks: unknown[] = mentioned
      ? [
          { type: 'section', text: { type: 'mrkdwn', text: slackMention(mentioned.id) } },
          ...(slack.blocks as unknown[]),
        ]
      : (slack.blocks as unknown[]);
    const payload: JsonObject = { ...top, text: mention + (ownText ?? message.text), blocks };
    if (Array.isArray(slack.attachments)) payload.attachments = slack.attachments;
    return payload;
  }

  if (Array.isArray(slack.attachments)) {
    const text = mention + (ownText ?? '');
    return { ...top, ...(text ? { text } : {}), attachments: slack.attachments };
  }

  const { text, body } = layout(message, mention);
  const attachment = buildAttachment(message, slack, SLACK_COLOURS, body, ['text', 'pretext']);
  return { ...top, ...(text ? { text } : {}), attachments: [attachment] };
}

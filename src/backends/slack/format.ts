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
 * Messages without rich content are plain text.
 *
 * The attachment helpers are shared with the Mattermost back-end, which renders Slack-shaped
 * attachments.
 */
import type { OutgoingMessage } from '../../core/message.js';

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/** Colours for the outcome of an execution. */
export interface StatusColours {
  readonly success: string;
  readonly failure: string;
}

/** Slack's named attachment colours (green and red). */
export const SLACK_COLOURS: StatusColours = { success: 'good', failure: 'danger' };

/** `extra.slack` keys that belong to the message rather than to the attachment. */
const MESSAGE_KEYS = new Set([
  'username',
  'icon_emoji',
  'icon_url',
  'unfurl_links',
  'unfurl_media',
  'reply_broadcast',
  'link_names',
  'parse',
  'mrkdwn',
  'metadata',
]);

/** Keys of `extra.slack` that stormbot interprets and never sends. */
const OWN_KEYS = new Set(['thread_response']);

/** `value` when it is a plain object, else undefined. */
export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

/**
 * The plain and rich halves of one message part. `text` is the whole plain rendering (always
 * sufficient alone) and `richText` the rich half of st2's `{~}`-separated message:
 * - `text` ends with `richText`: what comes before it is the plain half;
 * - `text` is the tail of `richText` (the core split a long message and this is the last part):
 *   only this tail is rendered, the earlier parts were already posted;
 * - otherwise `text` is the plain half and `richText` the rich half.
 */
export function splitRich(
  text: string,
  richText: string | undefined,
): { pretext: string; body: string } {
  if (richText === undefined || richText === '') return { pretext: '', body: text };
  if (text.endsWith(richText)) {
    return { pretext: text.slice(0, text.length - richText.length).trim(), body: richText };
  }
  if (richText.endsWith(text)) return { pretext: '', body: text };
  return { pretext: text, body: richText };
}

/**
 * The attachment colour: the source's own `color`, else `extra.color`, else the outcome's colour
 * (none for `info` or an unknown outcome).
 */
export function attachmentColour(
  message: OutgoingMessage,
  source: JsonObject,
  colours: StatusColours,
): string | undefined {
  if (typeof source.color === 'string') return source.color;
  const extraColour = message.rich?.extra?.color;
  if (typeof extraColour === 'string') return extraColour;
  const status = message.rich?.status;
  if (status === 'success') return colours.success;
  if (status === 'failure') return colours.failure;
  return undefined;
}

/** True when the message carries something a rich chat renders differently from plain text. */
export function hasRichContent(message: OutgoingMessage, source: JsonObject): boolean {
  const rich = message.rich;
  if (!rich) return false;
  return (
    Object.keys(source).some((k) => !OWN_KEYS.has(k)) ||
    rich.richText !== undefined ||
    rich.status !== undefined ||
    typeof rich.extra?.color === 'string'
  );
}

/**
 * One attachment for a rich message: fallback, colour, the rich half as text, then every
 * attachment key of `source` merged over them.
 * @param markdownIn Slack's `mrkdwn_in` default; omitted where the chat always renders markdown
 */
export function buildAttachment(
  message: OutgoingMessage,
  source: JsonObject,
  colours: StatusColours,
  body: string,
  markdownIn?: readonly string[],
): JsonObject {
  const colour = attachmentColour(message, source, colours);
  const attachment: JsonObject = { fallback: message.text };
  if (colour !== undefined) attachment.color = colour;
  attachment.text = body;
  if (markdownIn) attachment.mrkdwn_in = [...markdownIn];
  for (const [key, value] of Object.entries(source)) {
    if (!MESSAGE_KEYS.has(key) && !OWN_KEYS.has(key) && key !== 'blocks' && key !== 'attachments') {
      attachment[key] = value;
    }
  }
  return attachment;
}

/** The message-level keys of `source` (`username`, `icon_emoji`…). */
export function messageKeys(source: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(source)) {
    if (MESSAGE_KEYS.has(key)) out[key] = value;
  }
  return out;
}

/** The `extra.slack` object of a message, or an empty object. */
export function slackExtra(message: OutgoingMessage): JsonObject {
  return asObject(message.rich?.extra?.slack) ?? {};
}

/** True when `extra.slack.thread_response` asks for the reply in a thread under the command. */
export function wantsThreadResponse(message: OutgoingMessage): boolean {
  return slackExtra(message).thread_response === true;
}

/** True when the message is Block Kit or a custom attachments message (not uploaded as a file). */
export function isCustomSlackMessage(message: OutgoingMessage): boolean {
  const slack = slackExtra(message);
  return Array.isArray(slack.blocks) || Array.isArray(slack.attachments);
}

/** Slack's markup for a mention of the user with id `id`. */
export function slackMention(id: string): string {
  return `<@${id}>`;
}

/** The `chat.postMessage` arguments for `message`, without `channel` and `thread_ts`. */
export function renderSlack(message: OutgoingMessage): JsonObject {
  const mention = message.mention ? `${slackMention(message.mention.id)} ` : '';
  const slack = slackExtra(message);
  if (!hasRichContent(message, slack)) return { text: mention + message.text };

  const top = messageKeys(slack);
  const ownText = typeof slack.text === 'string' ? slack.text : undefined;

  if (Array.isArray(slack.blocks)) {
    const blocks: unknown[] = message.mention
      ? [
          { type: 'section', text: { type: 'mrkdwn', text: slackMention(message.mention.id) } },
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

  const { pretext, body } = splitRich(message.text, message.rich?.richText);
  const attachment = buildAttachment(message, slack, SLACK_COLOURS, body, ['text', 'pretext']);
  const text = (mention + pretext).trim();
  return { ...top, ...(text ? { text } : {}), attachments: [attachment] };
}

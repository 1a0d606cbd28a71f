/**
 * Slack-shaped message attachments, which Slack and Mattermost both render: the rich half of a
 * message in one attachment coloured by the outcome, with the keys of the chat's `extra` object
 * (`extra.slack`, `extra.mattermost`) merged into it.
 */
import type { OutgoingMessage } from '../../core/message.js';
import type { JsonObject } from './json.js';

/** Colours for the outcome of an execution. */
export interface StatusColours {
  readonly success: string;
  readonly failure: string;
}

/** `extra` keys that belong to the message rather than to the attachment. */
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

/** Keys of `extra` that stormbot interprets and never sends. */
const OWN_KEYS = new Set(['thread_response']);

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

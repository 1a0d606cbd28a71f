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
 * How a rich message lays out: the text above the attachment (the plain half, with the mention
 * markup in front) and the attachment's body (the rich half, or the whole text without halves).
 */
export function layout(message: OutgoingMessage, mention: string): { text: string; body: string } {
  const halves = message.rich?.halves;
  return {
    text: (mention + (halves?.plain ?? '')).trim(),
    body: halves?.rich ?? message.text,
  };
}

/**
 * The attachment colour: the source's own `color`, else `extra.color`, else the outcome's colour
 * (none for `info` or an unknown outcome).
 */
function attachmentColour(
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

/**
 * True when the chat's `extra` object brings its own `pretext` (its own or one of its
 * `attachments`'): the author placed the line above the content, mention included, so the
 * back-end adds no mention of its own (hubot-stackstorm sent such a message as it was).
 */
export function bringsOwnPretext(source: JsonObject): boolean {
  if (typeof source.pretext === 'string') return true;
  const list = Array.isArray(source.attachments) ? (source.attachments as unknown[]) : [];
  return list.some(
    (a) =>
      typeof a === 'object' &&
      a !== null &&
      typeof (a as Record<string, unknown>).pretext === 'string',
  );
}

/** True when the message carries something a rich chat renders differently from plain text. */
export function hasRichContent(message: OutgoingMessage, source: JsonObject): boolean {
  const rich = message.rich;
  if (!rich) return false;
  return (
    Object.keys(source).some((k) => !OWN_KEYS.has(k)) ||
    rich.halves !== undefined ||
    rich.status !== undefined ||
    typeof rich.extra?.color === 'string'
  );
}

/**
 * One attachment for a rich message: the whole plain text as fallback, colour, `body`, then
 * every attachment key of `source` merged over them.
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

/**
 * Rendering an outgoing message as a Mattermost post (`message` and `props.attachments`).
 *
 * Mattermost renders Slack-shaped message attachments, so the shared attachment rules
 * (`../shared/attachments.ts`) apply, reading `extra.mattermost` (or, when an alias only has
 * `extra.slack`, that):
 * - `attachments` in it are sent as they are (hubot-stackstorm's button attachments, issue #151);
 * - otherwise a rich message becomes one attachment holding the rich half, coloured by the
 *   outcome, with the other keys merged into it, and the plain half (and mention) as the message.
 * Block Kit has no Mattermost equivalent and is ignored. Plain messages stay plain. When the
 * source brings its own `pretext`, no mention is added (the author's pretext names the person).
 */
import type { OutgoingMessage } from '../../core/message.js';
import {
  bringsOwnPretext,
  buildAttachment,
  hasRichContent,
  layout,
  type StatusColours,
} from '../shared/attachments.js';
import { asObject, type JsonObject } from '../shared/json.js';

/** Green and red as hex: Mattermost draws the colour as given. */
const MATTERMOST_COLOURS: StatusColours = { success: '#36a64f', failure: '#d00000' };

/** The parts of a Mattermost post that rendering decides. */
export interface MattermostPostContent {
  readonly message: string;
  readonly props?: { readonly attachments: unknown[] } | undefined;
}

/** Mattermost's markup for a mention of the user named `username`. */
function mattermostMention(username: string): string {
  return `@${username}`;
}

/** The `extra` object rendering reads: `extra.mattermost`, else `extra.slack`. */
function source(message: OutgoingMessage): JsonObject {
  const extra = message.rich?.extra;
  const mattermost = asObject(extra?.mattermost);
  if (mattermost) return mattermost;
  const { blocks: _blocks, ...slack } = asObject(extra?.slack) ?? {};
  return slack;
}

/** The post content for `message`. */
export function renderMattermost(message: OutgoingMessage): MattermostPostContent {
  const from = source(message);
  const mention =
    message.mention && !bringsOwnPretext(from) ? `${mattermostMention(message.mention.name)} ` : '';
  if (!hasRichContent(message, from)) return { message: mention + message.text };

  if (Array.isArray(from.attachments)) {
    const ownText = typeof from.text === 'string' ? from.text : '';
    return { message: (mention + ownText).trim(), props: { attachments: from.attachments } };
  }

  const { text, body } = layout(message, mention);
  const attachment = buildAttachment(message, from, MATTERMOST_COLOURS, body);
  return { message: text, props: { attachments: [attachment] } };
}

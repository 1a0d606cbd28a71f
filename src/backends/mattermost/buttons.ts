/**
 * A message's buttons as Mattermost interactive message actions: one attachment of `button`
 * actions after the post's own attachments, each posting back to the bot's web server
 * (`ACTIONS_PATH`) with a context that holds the command and a signature, and the post's props
 * once one was pressed (the buttons kept, who pressed what most recently shown above them).
 *
 * The signature is HMAC-SHA256, with a key made when the process starts, over the command, its
 * label, and the channel and thread the post is in: a callback that does not carry it is not a
 * press of one of stormbot's buttons. Mattermost keeps the context on the server (clients never
 * see it), so only the Mattermost server can send a valid one, for the channel it was posted in.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MessageAction } from '../../core/message.js';
import { asObject, type JsonObject } from '../shared/json.js';

/** The path of the route Mattermost posts presses to, under the bot's web server. */
export const ACTIONS_PATH = '/mattermost/actions';

/** What a button's context says, signed. */
export interface ButtonContext {
  /** The command the button stands for. */
  readonly command: string;
  /** The button's label, to show who pressed what. */
  readonly label: string;
  /** The thread (root post id) the post is in, when it is in one. */
  readonly thread?: string | undefined;
}

/** Signs button contexts and checks their signatures, with one key for the process's life. */
export class ButtonSigner {
  private readonly key = randomBytes(32);

  /** The signature (64 hex digits) of `context` for a post in `channelId`. */
  sign(channelId: string, context: ButtonContext): string {
    return this.mac(channelId, context).toString('hex');
  }

  /** True when `signature` is this process's signature of `context` in `channelId`. */
  verify(channelId: string, context: ButtonContext, signature: string): boolean {
    if (!/^[0-9a-f]{64}$/.test(signature)) return false;
    return timingSafeEqual(Buffer.from(signature, 'hex'), this.mac(channelId, context));
  }

  private mac(channelId: string, context: ButtonContext): Buffer {
    const fields = ['stormbot-button/1', channelId, context.thread ?? '', context.command];
    return createHmac('sha256', this.key)
      .update(JSON.stringify([...fields, context.label]))
      .digest();
  }
}

/** Where a post with buttons goes, and where its presses go. */
export interface ButtonPlace {
  /** The URL of the bot's `ACTIONS_PATH` route, as the Mattermost server reaches it. */
  readonly url: string;
  readonly channelId: string;
  readonly thread?: string | undefined;
}

/** The attachment holding `actions` as buttons (ids are letters and digits, as Mattermost wants). */
export function buttonAttachment(
  actions: readonly MessageAction[],
  place: ButtonPlace,
  signer: ButtonSigner,
): JsonObject {
  return {
    actions: actions.map((action, index) => {
      const context: ButtonContext = {
        command: action.command,
        label: action.label,
        ...(place.thread ? { thread: place.thread } : {}),
      };
      return {
        id: `stormbot${index}`,
        type: 'button',
        name: action.label,
        style: action.style ?? 'default',
        integration: {
          url: place.url,
          context: { ...context, signature: signer.sign(place.channelId, context) },
        },
      };
    }),
  };
}

/**
 * A pressed post's `props` with its buttons attachment (found by stormbot's action ids) replaced by
 * `buttons` (the attachment as posted: clients, this bot included, never see the integrations)
 * saying `line` (who pressed what most recently); undefined when the post has no such attachment.
 */
export function pressedProps(
  props: unknown,
  buttons: JsonObject,
  line: string,
): JsonObject | undefined {
  const all = asObject(props) ?? {};
  const attachments: readonly unknown[] = Array.isArray(all.attachments) ? all.attachments : [];
  const index = attachments.findIndex(isButtonAttachment);
  if (index === -1) return undefined;
  return {
    ...all,
    attachments: attachments.map((a, i) => (i === index ? { ...buttons, text: line } : a)),
  };
}

/** True for the attachment `buttonAttachment` made (its actions' ids are `stormbot<n>`). */
function isButtonAttachment(attachment: unknown): boolean {
  const actions = asObject(attachment)?.actions;
  return (
    Array.isArray(actions) &&
    actions.some((action) => /^stormbot\d+$/.test(String(asObject(action)?.id)))
  );
}

/**
 * Reading the request Mattermost posts to the bot when a person presses a button (an
 * interactive message action): the press, checked field by field and by its signature, or why
 * it is refused.
 */
import { isButtonCommand, MAX_LABEL } from '../shared/buttons.js';
import { asObject } from '../shared/json.js';
import type { ButtonContext, ButtonSigner } from './buttons.js';
import { isMattermostId } from './directory.js';

/** A press of one of stormbot's buttons, in Mattermost's terms. */
export interface MattermostClick extends ButtonContext {
  /** The presser's user id. */
  readonly userId: string;
  /** The channel the pressed post is in. */
  readonly channelId: string;
  /** The pressed post's id. */
  readonly postId: string;
}

/** A request read: a signed press, or a refusal (HTTP status and a reason for the log). */
export type ClickReading =
  | { readonly kind: 'click'; readonly click: MattermostClick }
  | { readonly kind: 'refused'; readonly status: 400 | 401; readonly reason: string };

/** Read a request's body; only a context signed by `signer` for its channel is a press. */
export function readActionRequest(body: unknown, signer: ButtonSigner): ClickReading {
  const b = asObject(body);
  const { user_id: userId, channel_id: channelId, post_id: postId } = b ?? {};
  if (!isId(userId) || !isId(channelId) || !isId(postId)) {
    return refused(400, 'not a button press (no valid user_id, channel_id and post_id)');
  }
  const c = asObject(b?.context);
  const { command, label, thread, signature } = c ?? {};
  if (typeof signature !== 'string') return refused(401, 'unsigned context');
  const wellFormed =
    isButtonCommand(command) &&
    typeof label === 'string' &&
    label.length <= MAX_LABEL &&
    (thread === undefined || isId(thread));
  if (!wellFormed) return refused(401, 'malformed context');
  const context: ButtonContext = { command, label, ...(thread ? { thread } : {}) };
  if (!signer.verify(channelId, context, signature)) {
    return refused(401, 'wrong signature (forged, from another channel, or from before a restart)');
  }
  return { kind: 'click', click: { userId, channelId, postId, ...context } };
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && isMattermostId(value);
}

function refused(status: 400 | 401, reason: string): ClickReading {
  return { kind: 'refused', status, reason };
}

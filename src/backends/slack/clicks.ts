/**
 * Reading Slack's `block_actions` interaction payloads (Socket Mode `interactive` envelopes): a
 * press of one of stormbot's buttons, checked field by field, or why the payload is ignored.
 */
import { isButtonCommand, shortLabel } from '../shared/buttons.js';
import { asObject } from '../shared/json.js';
import { ACTION_ID_PREFIX } from './buttons.js';
import { isSlackId } from './directory.js';

/** A press of one of stormbot's buttons, in Slack's terms. */
export interface SlackClick {
  /** The presser's user id. */
  readonly userId: string;
  /** The conversation the message is in. */
  readonly channelId: string;
  /** True in a direct conversation (`D…`). */
  readonly direct: boolean;
  /** The pressed message's timestamp id. */
  readonly messageTs: string;
  /** The thread the message is in, when it is in one. */
  readonly threadTs?: string | undefined;
  /** When the button was pressed (Slack's `action_ts`), to tell presses apart. */
  readonly actionTs: string;
  /** The command the button stands for. */
  readonly command: string;
  /** The button's label. */
  readonly label: string;
  /** The pressed message's text and blocks as Slack sent them, for updating it. */
  readonly message?: { readonly text: string; readonly blocks: readonly unknown[] } | undefined;
}

/** A payload read: one of stormbot's buttons pressed, or why it is ignored (for the log). */
export type ClickReading =
  | { readonly kind: 'click'; readonly click: SlackClick }
  | { readonly kind: 'ignored'; readonly reason: string };

/** Slack's message timestamp ids (`1700000000.000100`). */
const TS = /^\d{1,12}\.\d{1,12}$/;
/** An action id of one of stormbot's buttons. */
const OWN_ACTION_ID = new RegExp(`^${ACTION_ID_PREFIX}\\d{1,2}$`);

/** Read an `interactive` envelope's payload. */
export function readBlockActions(payload: unknown): ClickReading {
  const p = asObject(payload);
  if (p?.type !== 'block_actions') {
    return ignored(`not a button press (${bounded(p?.type)})`);
  }
  const userId = asObject(p.user)?.id;
  const container = asObject(p.container);
  const channelId = asObject(p.channel)?.id ?? container?.channel_id;
  const messageTs = container?.message_ts;
  if (typeof userId !== 'string' || !isSlackId(userId)) return ignored('no valid user id');
  if (typeof channelId !== 'string' || !isSlackId(channelId)) return ignored('no valid channel id');
  if (typeof messageTs !== 'string' || !TS.test(messageTs)) {
    return ignored('not a press on a message (no valid message_ts)');
  }
  const actions = Array.isArray(p.actions) ? p.actions : [];
  const action = asObject(actions[0]);
  const actionId = action?.action_id;
  if (actions.length !== 1 || typeof actionId !== 'string' || !OWN_ACTION_ID.test(actionId)) {
    return ignored(`unknown action id ${bounded(actionId)}`);
  }
  const command = action?.value;
  if (action?.type !== 'button' || !isButtonCommand(command)) {
    return ignored(`action ${actionId} carries no valid command`);
  }
  const label = asObject(action.text)?.text;
  const actionTs = action.action_ts;
  const message = asObject(p.message);
  const threadTs = [container?.thread_ts, message?.thread_ts].find(
    (t): t is string => typeof t === 'string' && TS.test(t),
  );
  return {
    kind: 'click',
    click: {
      userId,
      channelId,
      direct: channelId.startsWith('D'),
      messageTs,
      threadTs,
      actionTs: typeof actionTs === 'string' && TS.test(actionTs) ? actionTs : messageTs,
      command,
      label: typeof label === 'string' && label.trim() ? shortLabel(label) : shortLabel(command),
      message:
        message && Array.isArray(message.blocks)
          ? { text: typeof message.text === 'string' ? message.text : '', blocks: message.blocks }
          : undefined,
    },
  };
}

function ignored(reason: string): ClickReading {
  return { kind: 'ignored', reason };
}

/** A value from outside, short enough for a log line. */
function bounded(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : typeof value;
}

/**
 * The bounds Slack and Mattermost buttons share: which of a message's actions become buttons,
 * and what a button press coming back from the chat may carry.
 */
import type { MessageAction } from '../../core/message.js';

/** Most buttons on one message (Slack's limit for one `actions` block). */
export const MAX_BUTTONS = 25;
/** Longest label shown (Slack's limit for a button's text); longer ones are shortened. */
export const MAX_LABEL = 75;
/** Longest command a button may stand for (Slack's limit for a button's value). */
export const MAX_COMMAND = 2000;

/**
 * The actions that can be buttons, labels shortened to `MAX_LABEL`: those with an empty or
 * over-long command are left out (the message text shows every command anyway), and at most
 * `MAX_BUTTONS` are kept.
 */
export function buttonActions(actions: readonly MessageAction[] | undefined): MessageAction[] {
  return (actions ?? [])
    .filter((a) => isButtonCommand(a.command))
    .slice(0, MAX_BUTTONS)
    .map((a) => ({ ...a, label: shortLabel(a.label) || a.command.slice(0, MAX_LABEL) }));
}

/** True when `value` (from outside) can be a button's command: a non-empty string within bounds. */
export function isButtonCommand(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && value.length <= MAX_COMMAND;
}

/** `label` cut to `MAX_LABEL` characters (an ellipsis marks the cut). */
export function shortLabel(label: string): string {
  const s = label.trim();
  return s.length <= MAX_LABEL ? s : `${s.slice(0, MAX_LABEL - 1)}…`;
}

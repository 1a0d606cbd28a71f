/**
 * Turning announcements into chat messages: `{~}`, whispers, mentions, threads, `extra`.
 */
import type { ChatBackend } from '../core/backend.js';
import { threadOf, type Target } from '../core/identity.js';
import type { OutgoingMessage, RichContent } from '../core/message.js';
import type { Announcement } from '../stackstorm/model.js';

/** Split an st2 message at `{~}` into its plain and rich parts (rich is empty when absent). */
export function splitRich(message: string): { plain: string; rich: string } {
  const i = message.indexOf('{~}');
  if (i < 0) return { plain: message, rich: '' };
  return { plain: message.slice(0, i).trim(), rich: message.slice(i + 3).trim() };
}

/**
 * The message to post for an announcement: both halves of a `{~}` message as the plain text, the
 * halves apart, `extra` and the outcome as rich content (see `RichContent`).
 */
export function renderAnnouncement(
  announcement: Announcement,
  mention: OutgoingMessage['mention'],
): OutgoingMessage {
  const { plain, rich } = splitRich(announcement.message);
  const status = statusOf(announcement);
  const text = [plain, rich].filter((s) => s.length > 0).join('\n');
  const halves = rich ? { plain, rich } : undefined;
  return {
    text,
    mention,
    rich:
      halves || announcement.extra || status
        ? { halves, extra: announcement.extra, status }
        : undefined,
  };
}

/**
 * The first two lines of the chatops pack's default result layout (docs/reference/st2-api.md
 * §6.2): `Action <ref> completed.` then `status : <status>`.
 */
const DEFAULT_LAYOUT = /^\s*Action \S+ completed\.\r?\nstatus : (\w+)\s*(?:\n|$)/;

/**
 * The outcome an announcement reports: `extra.status` or `context.status` when given; else a
 * failure when st2's default result layout says so in its status line (hubot-stackstorm coloured
 * a result red when its text said `status : failed`, docs/reference/hubot-stackstorm.md §4; here
 * only that layout's own line counts).
 * A success in that layout stays plain text, as before.
 */
function statusOf(a: Announcement): RichContent['status'] {
  const s = a.extra?.status ?? a.context?.status;
  if (s === 'succeeded' || s === 'success') return 'success';
  if (s === 'failed' || s === 'failure' || s === 'timeout') return 'failure';
  const layout = DEFAULT_LAYOUT.exec(a.message)?.[1];
  if (layout === 'failed' || layout === 'timeout' || layout === 'abandoned') return 'failure';
  return undefined;
}

/** A string from an announcement context, if present. */
function contextString(a: Announcement, key: string): string | undefined {
  const v = a.context?.[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/**
 * Where an announcement goes: a DM to `user` when it whispers (and the chat has DMs), else the
 * channel, in the thread recorded in `context` (`thread_id`), or beside the command
 * (`message_id`). Undefined when unmappable.
 */
export async function announcementTarget(
  a: Announcement,
  backend: ChatBackend,
): Promise<Target | undefined> {
  if (a.whisper && a.user && backend.caps.directMessages) {
    const person = await backend.identity.principalFor(a.user);
    if (person) return { kind: 'direct', user: person };
  }
  const target = await backend.identity.targetFor(a.channel, a.user);
  if (!target || target.kind !== 'room') return target;
  const thread = threadOf(contextString(a, 'thread_id'), contextString(a, 'message_id'));
  return thread ? { ...target, thread } : target;
}

/**
 * Reading Slack's `message` and `app_mention` events: which ones are a person's text, and the
 * text as the person typed it (Slack's markup for links, mentions and `&<>` undone).
 */
import { asObject } from '../shared/json.js';

/** The bot's own ids, to ignore its messages and find mentions of it. */
export interface SlackSelf {
  /** The bot user's id (`U…`), from `auth.test`. */
  readonly userId: string;
  /** The bot's id (`B…`), from `auth.test`. */
  readonly botId?: string | undefined;
  /** The bot user's name, used where a mention of it is kept in the text. */
  readonly name: string;
}

/** A person's message, in Slack's terms. */
export interface SlackInbound {
  /** The author's user id. */
  readonly userId: string;
  /** The conversation id (`C…`, `G…`, or `D…` for a direct message). */
  readonly channelId: string;
  /** True for a direct message (an `im`). */
  readonly direct: boolean;
  /** The text as typed, with a leading mention of the bot removed. */
  readonly text: string;
  /** The text as Slack sent it, to read again once `unnamed` are named (see `readText`). */
  readonly rawText: string;
  /** Ids in `<@U…>` and `<#C…>` markup without a label, which `text` shows as ids. */
  readonly unnamed: { readonly users: readonly string[]; readonly channels: readonly string[] };
  /** True when the message started with a mention of the bot. */
  readonly mentionsBot: boolean;
  /** The message's timestamp id. */
  readonly ts: string;
  /** The thread's root timestamp, when the message is in a thread. */
  readonly threadTs?: string | undefined;
}

/** Message subtypes that are still a person's own text. */
const USER_SUBTYPES = new Set(['thread_broadcast', 'file_share']);

/**
 * The person's message in a `message` or `app_mention` event, or undefined when the event is not
 * one (edits, joins, bot posts, the bot's own messages…).
 */
export function readInbound(event: unknown, self: SlackSelf): SlackInbound | undefined {
  const e = asObject(event);
  if (!e) return undefined;
  if (e.type !== 'message' && e.type !== 'app_mention') return undefined;
  if (e.subtype !== undefined && !(typeof e.subtype === 'string' && USER_SUBTYPES.has(e.subtype))) {
    return undefined;
  }
  const { user, channel, text, ts } = e;
  if (typeof user !== 'string' || typeof channel !== 'string' || typeof ts !== 'string') {
    return undefined;
  }
  if (typeof text !== 'string') return undefined;
  if (user === self.userId || (self.botId !== undefined && e.bot_id === self.botId)) {
    return undefined;
  }
  const { text: cleaned, mentionsBot } = readText(text, self);
  return {
    userId: user,
    channelId: channel,
    direct: e.channel_type === 'im' || channel.startsWith('D'),
    text: cleaned,
    rawText: text,
    unnamed: unnamedIds(text, self),
    mentionsBot,
    ts,
    threadTs: typeof e.thread_ts === 'string' ? e.thread_ts : undefined,
  };
}

/** Names for ids that Slack's markup carries without a label: user id → user name, channel id → name. */
export interface SlackNames {
  readonly users?: ReadonlyMap<string, string> | undefined;
  readonly channels?: ReadonlyMap<string, string> | undefined;
}

/**
 * Undo Slack's formatting of a message: a leading `<@BOT>` mention is removed (and reported),
 * other mentions of the bot become `@name`, mentions of people and channels become `@name` and
 * `#name` (from their label, else from `names`, else the id), links become what was typed,
 * `&lt;&gt;&amp;` are unescaped.
 */
export function readText(
  raw: string,
  self: SlackSelf,
  names: SlackNames = {},
): { text: string; mentionsBot: boolean } {
  const lead = new RegExp(`^\\s*<@${escapeRegExp(self.userId)}(?:\\|[^>]*)?>[:,]?\\s*`);
  const mentionsBot = lead.test(raw);
  const rest = mentionsBot ? raw.replace(lead, '') : raw;
  const text = rest.replace(/<([^<>]*)>/g, (_all, inner: string) => readToken(inner, self, names));
  return { text: unescapeEntities(text), mentionsBot };
}

/** At most this many people and this many channels of one message are looked up by name. */
const MAX_UNNAMED = 20;

/** The ids of people (not the bot) and channels mentioned without a label, each once. */
function unnamedIds(raw: string, self: SlackSelf): SlackInbound['unnamed'] {
  const users = new Set<string>();
  const channels = new Set<string>();
  for (const [, kind, id] of raw.matchAll(/<([@#])([A-Z0-9]+)\|?>/g)) {
    if (!id || id === self.userId) continue;
    const set = kind === '@' ? users : channels;
    if (set.size < MAX_UNNAMED) set.add(id);
  }
  return { users: [...users], channels: [...channels] };
}

/** One `<…>` token of Slack markup, as the person typed it. */
function readToken(inner: string, self: SlackSelf, names: SlackNames): string {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : inner.slice(bar + 1);
  if (target.startsWith('@')) {
    if (target.slice(1) === self.userId) return `@${self.name}`;
    if (label) return `@${label.replace(/^@/, '')}`;
    const name = names.users?.get(target.slice(1));
    return name ? `@${name}` : target;
  }
  if (target.startsWith('#')) {
    if (label) return `#${label.replace(/^#/, '')}`;
    const name = names.channels?.get(target.slice(1));
    return name ? `#${name}` : target;
  }
  if (target.startsWith('!')) {
    if (label) return label;
    const word = target.slice(1).split('^')[0] ?? '';
    return `@${word}`;
  }
  return label ?? target;
}

/** Slack escapes exactly these three characters in message text. */
export function unescapeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Chat events flowing into the bot and messages flowing out of it.
 */
import type { Place, Principal } from './identity.js';

/** One inbound chat message, as a back-end hands it to the core through `EventSink.receive`. */
export interface ChatEvent {
  /** The person who wrote the message. */
  readonly author: Principal;
  /** The room it was said in, or `direct` for a one-to-one conversation with the bot. */
  readonly place: Place;
  /**
   * The message text, with the back-end's own markup for mentions of the bot already removed when
   * `mentionsBot` is true (e.g. Slack's `<@U123>` stripped). Multi-line text keeps its lines.
   */
  readonly text: string;
  /** The platform's id of this message, when it has one (used as `source_context.message_id`). */
  readonly messageId?: string | undefined;
  /**
   * The thread this message is in, when the chat has threads: replies go in it. A back-end that
   * threads every reply (a `thread_replies` setting) sets it to the message's own id. Absent,
   * replies go beside the message in its room (`Thread` mode `beside` on `messageId`).
   */
  readonly threadId?: string | undefined;
  /** True when the back-end saw a native mention of the bot (Slack `<@bot>`, XMPP nick prefix…). */
  readonly mentionsBot?: boolean | undefined;
  /** Back-end specific facts worth keeping for the announcement round trip (never secrets). */
  readonly raw?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * The rich rendering of an outgoing message, for back-ends with `caps.rich` (the core drops it for
 * the others). A back-end uses what it understands; `OutgoingMessage.text` is always the fallback.
 */
export interface RichContent {
  /**
   * The two halves of a `{~}`-separated st2 message, when it has a rich half: a rich back-end posts
   * `plain` as the message text and `rich` in its rich block (a Slack attachment…). Absent, the
   * rich block, if any, holds `OutgoingMessage.text`.
   */
  readonly halves?: { readonly plain: string; readonly rich: string } | undefined;
  /** Announcement `extra` from StackStorm (`extra.slack`, `extra.mattermost`…), passed through. */
  readonly extra?: Readonly<Record<string, unknown>> | undefined;
  /** Whether the outcome was a success or a failure, for colour hints. */
  readonly status?: 'success' | 'failure' | 'info' | undefined;
}

/**
 * One message the bot sends. Whoever builds it (a command, the announcement renderer) gives the
 * whole message; `Bot.send` fits it to the back-end's `caps.length` and sets `part` or `attach`.
 */
export interface OutgoingMessage {
  /**
   * The complete plain rendering (both halves of a `{~}` message, one per line), sufficient on its
   * own. In a `part`, only that part's text.
   */
  readonly text: string;
  /** Mention this person the chat's way, before the text (first part only). */
  readonly mention?: Principal | undefined;
  /** The rich rendering, see `RichContent` (last part only). */
  readonly rich?: RichContent | undefined;
  /** Set by the core on each piece of a text it split: piece `index` (from 0) of `count`. */
  readonly part?: { readonly index: number; readonly count: number } | undefined;
  /**
   * Set by the core when `text` is longer than `caps.length.attachAbove`: post it whole, as an
   * attachment (a file), rather than as message text.
   */
  readonly attach?: boolean | undefined;
  /**
   * Buttons offered with the message (Confirm/Deny, an Inquiry's choices), on back-ends with
   * `caps.buttons`; the core drops them for the others. Each button stands for a chat command the
   * text already shows, so the text alone is always enough.
   */
  readonly actions?: readonly MessageAction[] | undefined;
}

/**
 * One button. Pressing it is the same as the presser typing `command` where the message was
 * posted: the back-end hands the core a `ChatEvent` from the presser with `text: command` (and
 * `raw.button: true`), so the command's ACL and checks apply to whoever pressed it.
 */
export interface MessageAction {
  /** The button's label. */
  readonly label: string;
  /** The full chat command it stands for, prefix included (e.g. `!st2confirm 4F2K9Q`). */
  readonly command: string;
  /** `primary` (confirm), `danger` (deny, cancel) or the chat's default look. */
  readonly style?: 'primary' | 'danger' | undefined;
}

/** What a back-end returns from `send`: the platform ids of what it posted, when it knows them. */
export interface SentMessage {
  /** The platform's id of the posted message. */
  readonly messageId?: string | undefined;
}

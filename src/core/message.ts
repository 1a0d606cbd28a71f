/**
 * Chat events flowing into the bot and messages flowing out of it.
 */
import type { Place, Principal, Target } from './identity.js';

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
   * The thread this message belongs to, when the chat has threads. Replies go to this thread.
   * A back-end that starts threads on replies (Slack) may set it to the message's own id.
   */
  readonly threadId?: string | undefined;
  /** True when the back-end saw a native mention of the bot (Slack `<@bot>`, XMPP nick prefix…). */
  readonly mentionsBot?: boolean | undefined;
  /** Back-end specific facts worth keeping for the announcement round trip (never secrets). */
  readonly raw?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Rich content attached to an outgoing message. Back-ends that render rich content use it and
 * ignore what they do not understand; every back-end can fall back to `OutgoingMessage.text`.
 */
export interface RichContent {
  /** Announcement `extra` from StackStorm (`extra.slack`, `extra.mattermost`…), passed through. */
  readonly extra?: Readonly<Record<string, unknown>> | undefined;
  /** The rich half of a `{~}`-separated st2 message (markdown-ish text). */
  readonly richText?: string | undefined;
  /** Whether the outcome was a success or a failure, for colour hints. */
  readonly status?: 'success' | 'failure' | 'info' | undefined;
}

/** One message the bot sends. The core has already split `text` to the back-end's length. */
export interface OutgoingMessage {
  /** Plain text; always present, always sufficient on its own. */
  readonly text: string;
  /** Mention this person the chat's way, before the text. */
  readonly mention?: Principal | undefined;
  /** Optional rich rendering hints, see `RichContent`. */
  readonly rich?: RichContent | undefined;
}

/** What a back-end returns from `send`: the platform ids of what it posted, when it knows them. */
export interface SentMessage {
  /** The platform's id of the posted message. */
  readonly messageId?: string | undefined;
}

/** A reply as recorded by the test back-end and returned from `bot.say`. */
export interface RecordedMessage {
  readonly target: Target;
  readonly message: OutgoingMessage;
}

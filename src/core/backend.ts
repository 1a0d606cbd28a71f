/**
 * The chat back-end interface: the only thing a new chat platform has to implement.
 *
 * A back-end connects to its chat, turns each inbound message into a `ChatEvent` and hands it to
 * the core through `sink.receive`, and posts what the core asks it to `send`. It never matches
 * commands, checks ACLs or splits text: the core does that, using `caps`.
 */
import type { Place, Principal, Target } from './identity.js';
import type { ChatEvent, OutgoingMessage, SentMessage } from './message.js';

/** What a back-end can do; the core renders and splits according to it. */
export interface BackendCaps {
  /**
   * Longest text (in characters, or bytes where the platform counts bytes) one message may carry.
   * The core splits longer text into several messages at line or word boundaries, never cutting
   * anything off.
   */
  readonly maxMessageLength: number;
  /** The platform has threads; `Target.threadId` is honoured. */
  readonly threads: boolean;
  /** The platform renders `OutgoingMessage.rich`; otherwise only `text` is used. */
  readonly rich: boolean;
  /** The platform has direct messages (whispers go to a DM; otherwise to the room, mentioned). */
  readonly directMessages: boolean;
}

/** Connection state of a back-end, shown by `/healthz`. */
export interface BackendStatus {
  readonly connected: boolean;
  /** A short reason when not connected (`connecting`, `reconnecting in 4s`, `auth failed`…). */
  readonly detail?: string | undefined;
}

/** The core's side of the connection; a back-end delivers every inbound event through it. */
export interface EventSink {
  /**
   * Hand one inbound message to the core. Resolves when the core has finished handling it
   * (replies sent). A back-end MUST NOT let a rejection escape; the core never rejects here.
   */
  receive(event: ChatEvent): Promise<void>;
}

/**
 * Identity helpers: how the back-end names the bot and maps StackStorm's plain strings
 * (`source_channel`, announcement `channel` and `user`) to and from its own identities.
 */
export interface BackendIdentity {
  /** The bot's own identity once connected; messages from it are ignored. */
  self(): Principal | undefined;
  /**
   * The string sent to st2 as `source_channel` for a place. For rooms it MUST round-trip through
   * `targetFor` (st2 announces results back to this channel).
   */
  channelOf(place: Place, author: Principal): string;
  /**
   * Where an announcement for `channel` (and optionally `user`) goes. `user` is st2's
   * `user` field (the name stormbot sent as the execution user). Returns undefined when the
   * channel cannot be mapped (the delivery logs and counts it).
   */
  targetFor(channel: string, user?: string): Promise<Target | undefined>;
  /** A person from st2's `user` string, for mentions and whispers; undefined when unknown. */
  principalFor(user: string): Promise<Principal | undefined>;
}

/** A chat back-end. Keep implementations small: connect, translate, post. */
export interface ChatBackend {
  /** Stable name of the back-end, the value of `backend:` in the configuration. */
  readonly name: string;
  /** What the platform can do. */
  readonly caps: BackendCaps;
  /** Identity helpers, see `BackendIdentity`. */
  readonly identity: BackendIdentity;
  /**
   * Connect and start delivering events to `sink`. Resolves once connected (or once the first
   * connection attempt failed and reconnecting has been scheduled). MUST reconnect by itself
   * after a drop, with backoff, until `stop` is called.
   */
  start(sink: EventSink): Promise<void>;
  /** Disconnect and release every resource; idempotent. */
  stop(): Promise<void>;
  /**
   * Post one message. Rejects when it could not be posted (the caller retries announcements).
   * The text fits `caps.maxMessageLength` already.
   */
  send(target: Target, message: OutgoingMessage): Promise<SentMessage>;
  /**
   * Optional: post a message too long for one chat message in a single piece instead (Slack
   * uploads it as a file). The core calls it before splitting, with the number of parts the text
   * would need; resolving to undefined lets the core split and `send` part by part as usual.
   */
  sendLong?(
    target: Target,
    message: OutgoingMessage,
    parts: number,
  ): Promise<SentMessage | undefined>;
  /** The current connection state. */
  status(): BackendStatus;
}

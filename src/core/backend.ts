/**
 * The chat back-end interface: the only thing a new chat platform has to implement.
 *
 * A back-end connects to its chat, turns each inbound message into a `ChatEvent` and hands it to
 * the core through `sink.receive`, and posts what the core asks it to `send`. It never matches
 * commands, checks ACLs or splits text: the core does that, using `caps`.
 */
import type { Place, Principal, Target } from './identity.js';
import type { BackendWeb } from './backend-web.js';
import type { ChatEvent, OutgoingMessage, SentMessage } from './message.js';
import type { ConnectionStatus } from '../lib/connection.js';

/**
 * How long one message may be. `Bot.send` measures `OutgoingMessage.text` in `unit`s: text within
 * `max` goes as one message; longer text goes whole with `attach` set when it is also longer than
 * `attachAbove`, else it is split at line or word boundaries into messages with `part` set, never
 * cutting anything off. On a back-end with `caps.rich`, a message with `rich.halves` is always one
 * message: its rich half goes in the chat's rich block, which has limits of its own.
 */
export interface MessageLength {
  /** Longest text one message may carry, in `unit`s. */
  readonly max: number;
  /** What `max` counts: UTF-16 code units (`chars`) or UTF-8 bytes (`bytes`, IRC). */
  readonly unit: 'chars' | 'bytes';
  /** Text longer than this many `unit`s is attached whole, not split; absent: always split. */
  readonly attachAbove?: number | undefined;
}

/** What a back-end can do; the core renders, splits and threads according to it. */
export interface BackendCaps {
  /** How long one message may be, see `MessageLength`. */
  readonly length: MessageLength;
  /** The platform has threads; `Target.thread` is honoured (otherwise the core drops it). */
  readonly threads: boolean;
  /** The platform renders `OutgoingMessage.rich`; otherwise the core drops it. */
  readonly rich: boolean;
  /** The platform has direct messages (whispers go to a DM; otherwise to the room, mentioned). */
  readonly directMessages: boolean;
  /** The platform shows `OutgoingMessage.actions` as buttons; otherwise the core drops them. */
  readonly buttons?: boolean | undefined;
}

/** Connection state of a back-end, shown by `/healthz`. */
export type BackendStatus = ConnectionStatus;

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
   * The core has fitted it to `caps`: `text` is within `caps.length.max` unless `attach` is set
   * (then post the text as a file, or in one piece however the chat allows), `rich` is present only
   * with `caps.rich`, and `target.thread`, when present, is a thread to post in (mode `in`).
   */
  send(target: Target, message: OutgoingMessage): Promise<SentMessage>;
  /** The current connection state. */
  status(): BackendStatus;
  /** HTTP routes the chat calls back (see `BackendWeb`); absent for most back-ends. */
  readonly web?: BackendWeb | undefined;
}

/**
 * Normalised chat identities. Every back-end maps its platform's users and rooms to these shapes,
 * so the core, the ACL engine and the session store never parse a platform's ids.
 */

/** A person (or bot) on a chat back-end. */
export interface Principal {
  /** Name of the back-end this identity belongs to (`slack`, `irc`, `terminal`…). */
  readonly backend: string;
  /** The platform's stable id (Slack `U…`, XMPP bare JID, IRC nick…). */
  readonly id: string;
  /** A human-readable name for display; may change, so never use it to grant access. */
  readonly name: string;
  /**
   * The string ACL rules, admin lists and sessions match against. The back-end chooses it and it
   * MUST be stable for the same person (an id, not a display name).
   */
  readonly aclKey: string;
}

/** A multi-user room (channel, MUC, group chat). */
export interface Room {
  /** Name of the back-end this room belongs to. */
  readonly backend: string;
  /** The platform's stable id (Slack `C…`, MUC JID, `#channel`…). */
  readonly id: string;
  /** A human-readable name for display. */
  readonly name: string;
  /** The string ACL `allowrooms`/`denyrooms` match against; stable, chosen by the back-end. */
  readonly aclKey: string;
}

/** Where a message was said: a room, or a direct (one-to-one) conversation with the bot. */
export type Place = { readonly kind: 'room'; readonly room: Room } | { readonly kind: 'direct' };

/**
 * The thread part of a target. `in`: post in the thread whose root message is `id`. `beside`: `id`
 * is a message outside any thread (a command typed in the room); post next to it in the room, or
 * in a new thread under it when the message asks for one (st2's `extra.<chat>.thread_response`).
 * The core settles `beside` in `Bot.send`: a back-end's `send` only ever sees `in`, and no thread
 * at all when its `caps.threads` is false.
 */
export interface Thread {
  /** The platform's id of the root message (Slack `thread_ts`, Mattermost `root_id`). */
  readonly id: string;
  /** In the thread, or beside its root (see `Thread`). */
  readonly mode: 'in' | 'beside';
}

/**
 * The thread for an answer to a message: in the thread `threadId` when the message is in one,
 * else beside the message `messageId`; undefined when neither is known.
 */
export function threadOf(threadId?: string, messageId?: string): Thread | undefined {
  if (threadId) return { id: threadId, mode: 'in' };
  return messageId ? { id: messageId, mode: 'beside' } : undefined;
}

/** Where a message is sent: a room (optionally a thread in it) or a person directly. */
export type Target =
  | { readonly kind: 'room'; readonly room: Room; readonly thread?: Thread | undefined }
  | { readonly kind: 'direct'; readonly user: Principal; readonly thread?: Thread | undefined };

/** A short human-readable description of a place, for logs and `whoami`. */
export function describePlace(place: Place): string {
  return place.kind === 'room'
    ? `room ${place.room.name} (${place.room.aclKey})`
    : 'direct message';
}

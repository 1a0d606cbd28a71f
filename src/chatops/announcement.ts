/**
 * An announcement: a message StackStorm asks the bot to post, from the stream
 * (`st2.announcement__<route>`) or from a webhook (`/chatops/message`, `/hubot/st2`).
 */

/** The payload StackStorm's chatops pack publishes (and the webhooks accept). */
export interface Announcement {
  /** Where to post: the `source_channel` the execution came from, or any channel string. */
  readonly channel: string;
  /** The chat user the result is for (mentioned, or whispered to). */
  readonly user?: string | undefined;
  /** True: send as a direct message to `user` instead of posting in `channel`. */
  readonly whisper?: boolean | undefined;
  /** The text; `{~}` separates a plain part from a rich part. */
  readonly message: string;
  /** Back-end specific formatting (`extra.slack`, `extra.mattermost`…), passed through. */
  readonly extra?: Readonly<Record<string, unknown>> | undefined;
  /** The `source_context` of the execution (thread, message id…), when st2 passes it on. */
  readonly context?: Readonly<Record<string, unknown>> | undefined;
  /** The execution this result belongs to, when known (dedupe and tracking). */
  readonly executionId?: string | undefined;
}

/** Where announcements come from, for logs and metrics. */
export type AnnouncementSource = 'stream' | 'webhook' | 'recovery';

/** Something that posts announcements to chat (the delivery queue). */
export interface AnnouncementSink {
  /**
   * Accept an announcement for delivery. Resolves once it is queued (not necessarily posted);
   * rejects only for an invalid announcement.
   */
  deliver(announcement: Announcement, source: AnnouncementSource): Promise<void>;
}

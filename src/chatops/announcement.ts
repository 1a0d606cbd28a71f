/**
 * Where announcements go: the sink (the delivery queue) that the stream, the webhooks and the
 * recovery of missed results feed. The `Announcement` itself is in `src/stackstorm/model.ts`.
 */
import type { Announcement } from '../stackstorm/model.js';

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

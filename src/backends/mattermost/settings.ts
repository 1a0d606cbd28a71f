/**
 * The Mattermost back-end's settings (`backends.mattermost` in the configuration).
 */
import { z } from 'zod';

/** The schema of `backends.mattermost`. */
export const mattermostSettingsSchema = z.strictObject({
  /** The server's base URL (`https://chat.example.com`), without `/api/v4`. */
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  /** A bot account's access token (or a personal access token). */
  token: z.string().min(1, { error: 'must not be empty' }),
  /** The team (its URL name) whose channels `~name` refers to. */
  team: z.string().min(1, { error: 'must not be empty' }),
  /** Reply in a thread under every command, even one posted outside a thread. */
  thread_replies: z.boolean().default(false),
});

/** Validated Mattermost settings. */
export type MattermostSettings = z.output<typeof mattermostSettingsSchema>;

/**
 * The Slack back-end's settings (`backends.slack` in the configuration).
 */
import { z } from 'zod';

/** The schema of `backends.slack`. */
export const slackSettingsSchema = z.strictObject({
  /** App-level token (`xapp-…`) with the `connections:write` scope, for Socket Mode. */
  app_token: z.string().startsWith('xapp-', { error: 'must be an app-level token (xapp-…)' }),
  /** Bot token (`xoxb-…`), for the Web API. */
  bot_token: z.string().startsWith('xoxb-', { error: 'must be a bot token (xoxb-…)' }),
  /** Base URL of Slack's Web API; changed only for tests or a proxy. */
  api_url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .default('https://slack.com/api/'),
  /** Reply in a thread under every command, even one typed outside a thread. */
  thread_replies: z.boolean().default(false),
  /**
   * Messages longer than this many characters are uploaded as a text file instead of being split
   * into many messages; 0 never uploads.
   */
  file_upload_threshold: z.number().int().min(0).default(12_000),
});

/** Validated Slack settings. */
export type SlackSettings = z.output<typeof slackSettingsSchema>;

/**
 * Announcements (`docs/reference/st2-api.md` §6.1): the message st2 asks the bot to post, and
 * the one parser for it, used by the stream and the webhooks.
 */
import { z } from 'zod';

/**
 * A message StackStorm asks the bot to post: the payload of `st2.announcement__<route>` on the
 * stream, or the body of the webhooks (`/chatops/message`, `/hubot/st2`).
 */
export interface Announcement {
  /** Where to post: the `source_channel` the execution came from, or any channel string. */
  readonly channel: string;
  /** The chat user the result is for (mentioned, or whispered to). */
  readonly user?: string | undefined;
  /** True: send as a direct message to `user` instead of posting in `channel`. */
  readonly whisper?: boolean | undefined;
  /** The text; `{~}` separates a plain part from a rich part. May be empty (nothing rendered). */
  readonly message: string;
  /** Back-end specific formatting (`extra.slack`, `extra.mattermost`…), passed through. */
  readonly extra?: Readonly<Record<string, unknown>> | undefined;
  /** The `source_context` of the execution (thread, message id…), when st2 passes it on. */
  readonly context?: Readonly<Record<string, unknown>> | undefined;
  /** The execution this result belongs to, when known (dedupe and tracking). */
  readonly executionId?: string | undefined;
}

const record = z.record(z.string(), z.unknown());

/** Form fields are strings: read JSON objects given as text. */
const jsonText = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
};

/** Form fields are strings: read `"true"`/`"false"`. */
const flag = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0' || v === '') return false;
  return value;
};

/** The announcement fields; unknown ones are ignored. */
const announcementSchema = z
  .object({
    channel: z.string().nullish(),
    // st2 publishes whatever the alias's result template rendered, an empty string included; the
    // delivery queue tells the person instead of posting nothing.
    message: z.string(),
    user: z.string().nullish(),
    whisper: z.preprocess(flag, z.boolean().nullish()),
    extra: z.preprocess(jsonText, record.nullish()),
    context: z.preprocess(jsonText, record.nullish()),
    execution_id: z.string().nullish(),
  })
  .refine((p) => Boolean(p.channel) || Boolean(p.whisper && p.user), {
    message: 'channel is required (or whisper with a user)',
    path: ['channel'],
  });

/** The outcome of `parseAnnouncement`: the announcement, or why the value is not one. */
export type ParsedAnnouncement =
  | { readonly ok: true; readonly announcement: Announcement }
  | { readonly ok: false; readonly error: string };

/** Validate an announcement payload (a JSON object, or form fields as strings). */
export function parseAnnouncement(value: unknown): ParsedAnnouncement {
  const result = announcementSchema.safeParse(value);
  if (!result.success) {
    const details = result.error.issues
      .map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`)
      .join('; ');
    return { ok: false, error: `invalid announcement: ${details}` };
  }
  const p = result.data;
  return {
    ok: true,
    announcement: {
      channel: p.channel ?? '',
      message: p.message,
      user: p.user || undefined,
      whisper: p.whisper ?? undefined,
      extra: p.extra ?? undefined,
      context: p.context ?? undefined,
      executionId: p.execution_id ?? undefined,
    },
  };
}

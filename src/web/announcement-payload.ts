/**
 * The body of the webhooks: err-stackstorm's `/chatops/message` and hubot-stackstorm's
 * `/hubot/st2` both carry an announcement (`channel`, `message`, `user`, `whisper`, `extra`),
 * either as JSON or as form data, possibly wrapped in a `payload` field holding JSON text.
 */
import { z } from 'zod';
import type { Announcement } from '../chatops/announcement.js';

const record = z.record(z.string(), z.unknown());

/** Form fields are strings: read `"true"`/`"false"` and JSON objects given as text. */
const jsonText = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
};
const flag = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0' || v === '') return false;
  return value;
};

/** The announcement fields a webhook accepts. Unknown fields are ignored. */
export const announcementPayloadSchema = z
  .object({
    channel: z.string().nullish(),
    message: z.string().min(1, 'must be a non-empty string'),
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

/** The result of reading a webhook body. */
export type ParsedAnnouncement =
  | { readonly ok: true; readonly announcement: Announcement }
  | { readonly ok: false; readonly error: string };

/** Turn a parsed request body (JSON value or form fields) into an announcement. */
export function parseAnnouncementBody(body: unknown): ParsedAnnouncement {
  let value = body;
  if (value && typeof value === 'object' && 'payload' in value) {
    const payload = value.payload;
    if (typeof payload === 'string') {
      try {
        value = JSON.parse(payload) as unknown;
      } catch {
        return { ok: false, error: 'the payload field is not valid JSON' };
      }
    } else if (payload && typeof payload === 'object') {
      value = payload;
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      error: 'the body must be a JSON object (or form fields) with channel and message',
    };
  }
  const result = announcementPayloadSchema.safeParse(value);
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
      user: p.user ?? undefined,
      whisper: p.whisper ?? undefined,
      extra: p.extra ?? undefined,
      context: p.context ?? undefined,
      executionId: p.execution_id ?? undefined,
    },
  };
}

/**
 * The body of the webhooks: err-stackstorm's `/chatops/message` and hubot-stackstorm's
 * `/hubot/st2` both carry an announcement, either as JSON or as form data, possibly wrapped in a
 * `payload` field holding JSON text. This unwraps the body; `parseAnnouncement` validates it.
 */
import { parseAnnouncement, type ParsedAnnouncement } from '../stackstorm/model.js';

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
  return parseAnnouncement(value);
}

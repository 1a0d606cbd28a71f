/**
 * `webhook.*`: how callers of the webhook authenticate.
 */
import { z } from 'zod';
import type { SectionContext } from '../context.js';
import { str, text, type EnvVarSpec } from '../fields.js';

/** The schema of `webhook`. */
export const webhookSchema = z.strictObject({
  token: text.optional(),
  hmac_secret: text.optional(),
});

/** The environment variables of `webhook.*`. */
export const webhookEnv: readonly EnvVarSpec[] = [
  { name: 'STORMBOT_WEBHOOK_TOKEN', key: 'webhook.token', parse: str },
  { name: 'STORMBOT_WEBHOOK_HMAC_SECRET', key: 'webhook.hmac_secret', parse: str },
];

/** How webhook calls authenticate (`webhook.*`); both unset means the webhook is refused. */
export interface WebhookSettings {
  /** Shared token the caller sends. */
  readonly token?: string | undefined;
  /** Secret for an HMAC signature over the body. */
  readonly hmacSecret?: string | undefined;
}

/** `webhook` normalised; short secrets are warned about. */
export function webhookSettings(
  file: z.output<typeof webhookSchema>,
  ctx: SectionContext,
): WebhookSettings {
  for (const key of ['token', 'hmac_secret'] as const) {
    const value = file[key];
    if (value !== undefined && value.length < 16) {
      ctx.warn(`webhook.${key} is shorter than 16 characters: use a long random value`);
    }
  }
  return { token: file.token, hmacSecret: file.hmac_secret };
}

/**
 * The XMPP back-end's settings (`backends.xmpp` in the configuration file): schema and defaults.
 */
import { z } from 'zod';
import {
  reconnectSchema,
  reconnectSettings,
  type ReconnectSettings,
} from '../shared/reconnect-settings.js';

const bareJid = z
  .string()
  .trim()
  .regex(/^[^@/\s]+@[^@/\s]+$/, { error: 'must be a bare JID like name@example.org' });

const fileSchema = z.strictObject({
  jid: bareJid,
  password: z.string().min(1),
  rooms: z.array(bareJid).default([]),
  nick: z.string().trim().min(1).optional(),
  service: z
    .string()
    .trim()
    // XMPP over WebSocket would need a global WebSocket, which Node 20 lacks.
    .regex(/^xmpps?:\/\/[^/\s]+\/?$/, {
      error: 'must be a URL like xmpp://host:5222 or xmpps://host:5223',
    })
    .optional(),
  resource: z.string().trim().min(1).default('stormbot'),
  allow_plain_on_loopback: z.boolean().default(false),
  keepalive_seconds: z.number().min(0).default(60),
  reconnect: reconnectSchema,
});

/** Validated XMPP settings. */
export interface XmppSettings {
  /** The bot's bare JID (`stormbot@example.org`). */
  readonly jid: string;
  /** The account's password (never logged). */
  readonly password: string;
  /** MUC rooms to join, as bare room JIDs. */
  readonly rooms: readonly string[];
  /** The nickname in rooms (default: the JID's local part). */
  readonly nick: string;
  /** Where to connect (`xmpp://host:port`); default: the JID's domain on port 5222. */
  readonly service: string;
  /** The resource of the bot's full JID. */
  readonly resource: string;
  /**
   * Use SASL PLAIN when the server offers it and `service` is a loopback address, even without
   * TLS. Only a speed-up for local test servers (SCRAM's key stretching costs 0.5–3 s a login).
   */
  readonly allowPlainOnLoopback: boolean;
  /** Seconds between keepalive pings (XEP-0199); 0 disables them. */
  readonly keepaliveSeconds: number;
  /** Reconnect backoff: first delay and cap, in milliseconds. */
  readonly reconnect: ReconnectSettings;
}

/** The schema of `backends.xmpp`; its output is the validated `XmppSettings`. */
export const xmppSettingsSchema = fileSchema.transform((s): XmppSettings => {
  const [local = '', domain = ''] = s.jid.split('@');
  return {
    jid: s.jid.toLowerCase(),
    password: s.password,
    rooms: [...new Set(s.rooms.map((r) => r.toLowerCase()))],
    nick: s.nick ?? local,
    service: s.service ?? `xmpp://${domain}:5222`,
    resource: s.resource,
    allowPlainOnLoopback: s.allow_plain_on_loopback,
    keepaliveSeconds: s.keepalive_seconds,
    reconnect: reconnectSettings(s.reconnect),
  };
});

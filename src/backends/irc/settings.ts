/**
 * The IRC back-end's settings (`backends.irc` in the configuration file): schema and defaults.
 */
import { z } from 'zod';
import {
  reconnectSchema,
  reconnectSettings,
  type ReconnectSettings,
} from '../shared/reconnect-settings.js';

const nick = z
  .string()
  .trim()
  .regex(/^[A-Za-z[\]\\`_^{|}][A-Za-z0-9[\]\\`_^{|}-]*$/, {
    error:
      'must be an IRC nick (letters, digits and [ ] \\ ` _ ^ { | } -, not starting with a digit)',
  });

const channelName = z
  .string()
  .trim()
  // eslint-disable-next-line no-control-regex -- BEL is one of the characters a channel cannot hold
  .regex(/^[#&+!][^\s,\u0007]+$/, { error: 'must be a channel name like #chatops' });

const fileSchema = z.strictObject({
  server: z
    .string()
    .trim()
    .regex(/^[^\s:/]+$|^\[?[0-9a-fA-F:]+\]?$/, {
      error: 'must be a host name or address, without a port',
    }),
  port: z.number().int().min(1).max(65535).optional(),
  tls: z.boolean().default(false),
  tls_verify: z.boolean().default(true),
  nick,
  username: z
    .string()
    .trim()
    .regex(/^[^\s@]+$/, { error: 'must be one word without @' })
    .optional(),
  realname: z.string().trim().min(1).default('StackStorm ChatOps bot'),
  password: z.string().min(1).optional(),
  sasl: z
    .strictObject({ account: z.string().trim().min(1), password: z.string().min(1) })
    .optional(),
  channels: z
    .array(z.union([channelName, z.strictObject({ name: channelName, key: z.string().min(1) })]))
    .default([]),
  flood: z
    .strictObject({
      messages: z.number().int().min(1).default(5),
      per_seconds: z.number().positive().default(5),
    })
    .prefault({}),
  reconnect: reconnectSchema,
});

/** A channel to join. */
export interface IrcChannel {
  /** `#chatops`. */
  readonly name: string;
  /** The channel key (+k), when it has one (never logged). */
  readonly key?: string | undefined;
}

/** Validated IRC settings. */
export interface IrcSettings {
  readonly server: string;
  readonly port: number;
  readonly tls: boolean;
  /** Verify the server's TLS certificate (default true). */
  readonly tlsVerify: boolean;
  readonly nick: string;
  readonly username: string;
  readonly realname: string;
  /** The server password (PASS), never logged. */
  readonly password?: string | undefined;
  /** SASL PLAIN credentials for the bot's services account, never logged. */
  readonly sasl?: { readonly account: string; readonly password: string } | undefined;
  readonly channels: readonly IrcChannel[];
  /** Outgoing pacing: at most `messages` lines in a burst, then `messages` per `perSeconds`. */
  readonly flood: { readonly messages: number; readonly perSeconds: number };
  /** Reconnect backoff: first delay and cap, in milliseconds. */
  readonly reconnect: ReconnectSettings;
}

/** The schema of `backends.irc`; its output is the validated `IrcSettings`. */
export const ircSettingsSchema = fileSchema.transform((s): IrcSettings => ({
  server: s.server.replace(/^\[|\]$/g, ''),
  port: s.port ?? (s.tls ? 6697 : 6667),
  tls: s.tls,
  tlsVerify: s.tls_verify,
  nick: s.nick,
  username: s.username ?? s.nick,
  realname: s.realname,
  password: s.password,
  sasl: s.sasl,
  channels: s.channels.map((c) => (typeof c === 'string' ? { name: c } : c)),
  flood: { messages: s.flood.messages, perSeconds: s.flood.per_seconds },
  reconnect: reconnectSettings(s.reconnect),
}));

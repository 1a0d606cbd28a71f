/**
 * The StackStorm model: the st2 objects stormbot reads and sends, each defined once, as described
 * in `docs/reference/st2-api.md`. Every other module imports them from here: the alias engine,
 * the client, the stream, chatops, the webhook and the sandbox.
 */
import { z } from 'zod';

// ---- aliases (§3.1) ----------------------------------------------------------------------------

/**
 * One element of an alias's `formats`: either a string (both the help text and the pattern) or an
 * object whose `display` is shown in help and whose `representation` strings are matched (st2
 * tolerates a single string); `match_multiple` runs one execution per occurrence.
 */
export type AliasFormat =
  | string
  | {
      display?: string | null;
      representation?: string | string[] | null;
      match_multiple?: boolean | null;
    };

/** st2's action-alias object as the API returns it and pack files declare it. */
export interface ActionAlias {
  id?: string;
  ref?: string;
  uid?: string;
  name: string;
  pack: string;
  description?: string;
  enabled?: boolean;
  action_ref: string;
  formats: AliasFormat[];
  ack?: {
    enabled?: boolean;
    format?: string;
    append_url?: boolean;
    extra?: Record<string, unknown>;
  };
  result?: { enabled?: boolean; format?: string; extra?: Record<string, unknown> };
  extra?: Record<string, unknown>;
  immutable_parameters?: Record<string, unknown>;
  /** Path of the alias file inside its pack. */
  metadata_file?: string;
}

// ---- executions (§4.1, §5.1) -------------------------------------------------------------------

/** Every execution state st2 knows. */
export type ExecutionStatus =
  | 'requested'
  | 'scheduled'
  | 'delayed'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'timeout'
  | 'abandoned'
  | 'canceling'
  | 'canceled'
  | 'pending'
  | 'pausing'
  | 'paused'
  | 'resuming';

/** The states an execution ends in. */
export const COMPLETED_STATES: ReadonlySet<string> = new Set<ExecutionStatus>([
  'succeeded',
  'failed',
  'timeout',
  'canceled',
  'abandoned',
]);

/** An execution (`GET /executions/{id}`). Keys with empty values are omitted by st2. */
export interface Execution {
  id: string;
  status: ExecutionStatus | (string & {});
  action?: { ref?: string; name?: string; pack?: string; [key: string]: unknown };
  runner?: Record<string, unknown>;
  liveaction?: Record<string, unknown>;
  parameters?: Record<string, unknown>;
  context?: Record<string, unknown>;
  result?: unknown;
  result_size?: number;
  start_timestamp?: string;
  end_timestamp?: string;
  elapsed_seconds?: number;
  web_url?: string;
  log?: { timestamp: string; status: string }[];
  [key: string]: unknown;
}

/** Body of `POST /aliasexecution` (§4.1). The endpoint rejects unknown fields. */
export interface AliasExecutionRequest {
  /** Alias name (not ref). */
  name: string;
  /** Exactly one of the alias's format strings or representations. */
  format: string;
  /** The user's text without the bot's prefix. */
  command: string;
  /** The chat room the command came from; comes back in the announcement as `channel`. */
  source_channel: string;
  /** The chat user; stored as `context.api_user`. */
  user?: string;
  /** The notification route of the result announcement. */
  notification_route?: string;
  /** The chat message envelope; comes back in the announcement as `context`. */
  source_context?: Record<string, unknown>;
}

/** One started execution, as `POST /aliasexecution` returns it. */
export interface AliasExecutionResult {
  execution: Execution;
  actionalias?: ActionAlias;
  /** `ack.format` rendered by st2 (present only when the alias has one). */
  message?: string;
  /** `ack.extra` rendered by st2, when it is an object. */
  extra?: Record<string, unknown>;
}

// ---- credentials -------------------------------------------------------------------------------

/**
 * Credentials for st2: the bot's own or a chat user's. An API key is sent as `St2-Api-Key` and
 * never expires; a token is sent as `X-Auth-Token` and cannot be renewed; a username and password
 * are exchanged for renewable tokens (`POST {auth_url}/tokens`).
 */
export type St2Credentials =
  | { readonly kind: 'apiKey'; readonly apiKey: string }
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'password'; readonly username: string; readonly password: string };

/** Which kind of credentials. */
export type St2CredentialKind = St2Credentials['kind'];

/** Credentials as configured: any subset; empty strings count as unset. */
export interface ConfiguredCredentials {
  readonly apiKey?: string | undefined;
  readonly token?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
}

/**
 * The credentials to use, by precedence: API key, then token, then username and password
 * (hubot's order); `ignored` lists the lower-precedence kinds also configured. A username without
 * a password (or the reverse) is not a credential.
 */
export function pickCredentials(given: ConfiguredCredentials): {
  credentials: St2Credentials | undefined;
  ignored: St2CredentialKind[];
} {
  const set = (v: string | undefined): v is string => v !== undefined && v !== '';
  const available: St2Credentials[] = [];
  if (set(given.apiKey)) available.push({ kind: 'apiKey', apiKey: given.apiKey });
  if (set(given.token)) available.push({ kind: 'token', token: given.token });
  if (set(given.username) && set(given.password)) {
    available.push({ kind: 'password', username: given.username, password: given.password });
  }
  const [credentials, ...rest] = available;
  return { credentials, ignored: rest.map((c) => c.kind) };
}

const KIND_NAMES: Record<St2CredentialKind, string> = {
  apiKey: 'API key',
  token: 'auth token',
  password: 'username/password',
};

/** What may be logged about credentials: the kind, the username, never the secret. */
export interface CredentialsDescription {
  kind: St2CredentialKind;
  /** The login name, for username/password. */
  username?: string;
  /** Lower-precedence credentials that were also configured and are ignored. */
  ignored: St2CredentialKind[];
  /** One line for the start-up log, e.g. `username/password (st2admin); ignored: API key`. */
  summary: string;
}

/** Describe credentials without their secret. */
export function describeCredentials(
  credentials: St2Credentials,
  ignored: St2CredentialKind[] = [],
): CredentialsDescription {
  const name = KIND_NAMES[credentials.kind];
  const summary =
    (credentials.kind === 'password' ? `${name} (${credentials.username})` : name) +
    (ignored.length > 0 ? `; ignored: ${ignored.map((k) => KIND_NAMES[k]).join(', ')}` : '');
  return {
    kind: credentials.kind,
    ...(credentials.kind === 'password' ? { username: credentials.username } : {}),
    ignored,
    summary,
  };
}

// ---- time --------------------------------------------------------------------------------------

/**
 * st2 timestamps: UTC, `YYYY-MM-DDTHH:MM:SS.ffffffZ`, or the variants its ISO pattern accepts
 * (space instead of `T`, 3–6 fraction digits or none, `Z`/`+00`/`+0000`/`+00:00`).
 */
const ST2_TIME =
  /^(\d{4}-\d{2}-\d{2})(?:\s|T)(\d{2}:\d{2}:\d{2})(?:\.(\d{3,6}))?(?:Z|\+00|\+0000|\+00:00)$/;

/** Milliseconds since the epoch of an st2 timestamp, or undefined when it is not one. */
export function parseSt2Time(value: string): number | undefined {
  const m = ST2_TIME.exec(value.trim());
  if (!m) return undefined;
  const fraction = (m[3] ?? '000').slice(0, 3);
  const ms = Date.parse(`${m[1] ?? ''}T${m[2] ?? ''}.${fraction}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Format a time the way st2 does (microseconds, literal `Z`). */
export function formatSt2Time(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

// ---- announcements (§6.1) ----------------------------------------------------------------------

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
  /** The text; `{~}` separates a plain part from a rich part. */
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

/**
 * The JSON bodies of the StackStorm API that stormbot reads and sends, as described in
 * `docs/reference/st2-api.md`. Fields st2 omits when null are optional here; unknown fields are kept (st2 adds
 * fields between versions), hence the index signatures on the objects the bot passes through.
 */

/** An object format of an alias: help text and the patterns that match. */
export interface St2AliasFormatObject {
  /** Help text only; never matched. */
  display?: string;
  /** The patterns that match; st2 tolerates a single string. */
  representation?: string[] | string;
  /** Every non-overlapping occurrence in a command becomes its own execution. */
  match_multiple?: boolean;
}

/** One element of an alias's `formats`: a pattern string (also its help) or an object. */
export type St2AliasFormat = string | St2AliasFormatObject;

/** An action alias as the API returns it (§3.1). */
export interface St2ActionAlias {
  id?: string;
  name: string;
  pack: string;
  ref?: string;
  uid?: string;
  description?: string;
  enabled?: boolean;
  action_ref: string;
  formats?: St2AliasFormat[];
  ack?: {
    enabled?: boolean;
    format?: string;
    append_url?: boolean;
    extra?: Record<string, unknown>;
  };
  result?: {
    enabled?: boolean;
    format?: string;
    extra?: Record<string, unknown>;
  };
  extra?: Record<string, unknown>;
  immutable_parameters?: Record<string, unknown>;
  metadata_file?: string;
  [key: string]: unknown;
}

/** Query of `GET /actionalias/help`. */
export interface St2AliasHelpQuery {
  /** A regular expression (Python syntax, case-insensitive) applied to each help text. */
  filter?: string;
  /** Exact pack name. */
  pack?: string;
  /** Page size (st2 default 100; 0 with an offset means "to the end"). */
  limit?: number;
  /** First entry of the page, 0-based. */
  offset?: number;
}

/** One help line. */
export interface St2HelpString {
  pack: string;
  display: string;
  description?: string;
  [key: string]: unknown;
}

/** Body of `GET /actionalias/help`. */
export interface St2AliasHelp {
  /** Help strings that pass the filter, counted before paging. */
  available: number;
  helpstrings: St2HelpString[];
}

/** Body of `POST /actionalias/match`. */
export interface St2AliasMatch {
  actionalias: St2ActionAlias;
  display: string | null;
  /** The format string that matched; pass it as `format` to `aliasexecution`. */
  representation: string;
}

/** The completed execution states. */
export const ST2_COMPLETED_STATUSES = [
  'succeeded',
  'failed',
  'timeout',
  'canceled',
  'abandoned',
] as const;

/** Every execution state st2 knows. */
export type St2ExecutionStatus =
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

/** An execution (§5.1). Keys with empty values are omitted by st2. */
export interface St2Execution {
  id: string;
  status: St2ExecutionStatus | (string & {});
  action?: {
    ref?: string;
    name?: string;
    pack?: string;
    runner_type?: string;
    [key: string]: unknown;
  };
  runner?: { name?: string; [key: string]: unknown };
  liveaction?: Record<string, unknown>;
  parameters?: Record<string, unknown>;
  context?: {
    action_alias_ref?: { id?: string; name?: string };
    api_user?: string;
    user?: string;
    source_channel?: string;
    [key: string]: unknown;
  };
  result?: unknown;
  result_size?: number;
  start_timestamp?: string;
  end_timestamp?: string;
  elapsed_seconds?: number;
  web_url?: string;
  log?: { timestamp: string; status: string }[];
  parent?: string;
  children?: string[];
  delay?: number;
  [key: string]: unknown;
}

/** Body of `POST /aliasexecution` (§4.1). The endpoint rejects unknown fields. */
export interface St2AliasExecutionRequest {
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

/** One started execution, as `aliasexecution` returns it. */
export interface St2AliasExecutionResult {
  execution: St2Execution;
  actionalias: St2ActionAlias;
  /** `ack.format` rendered by st2 (present only when the alias has one). */
  message?: string;
  /** `ack.extra` rendered by st2. */
  extra?: Record<string, unknown> | string;
}

/** Body of `POST /aliasexecution/match_and_execute` (§4.2); `source_context` is not accepted. */
export interface St2MatchAndExecuteRequest {
  command: string;
  source_channel: string;
  user?: string;
  notification_route?: string;
}

/** Response of `match_and_execute`: one element per execution. */
export interface St2MatchAndExecuteResult {
  results: St2AliasExecutionResult[];
}

/** Filters of `GET /executions`, for finding what finished while the stream was down. */
export interface St2ExecutionFilter {
  /** Action ref. */
  action?: string;
  status?: St2ExecutionStatus;
  /** Parent execution id (children of a workflow). */
  parent?: string;
  /** The st2 user that started them (`context.user`). */
  user?: string;
  /** Only executions started after this time (a Date or an ISO string). */
  timestampGt?: Date | string;
  /** Only executions started before this time. */
  timestampLt?: Date | string;
  /** Page size; st2 caps it at 100 for non-admins. */
  limit?: number;
  offset?: number;
  /** Oldest first instead of newest first. */
  sortAsc?: boolean;
  /** Only these fields (st2 always adds `id`). */
  includeAttributes?: string[];
}

/** Options of `GET /executions/{id}`. */
export interface St2GetExecutionOptions {
  includeAttributes?: string[];
  excludeAttributes?: string[];
  /** Leave `result` out when it is bigger than this many bytes. */
  maxResultSize?: number;
}

/** An inquiry: a workflow paused for a human answer (`core.ask`). */
export interface St2Inquiry {
  id: string;
  route?: string;
  ttl?: number;
  users?: string[];
  roles?: string[];
  /** JSON schema the response must satisfy. */
  schema?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Response of `PUT /inquiries/{id}`. */
export interface St2InquiryResponse {
  id: string;
  response: Record<string, unknown>;
}

/** Body of `POST /auth/v1/tokens` (201). */
export interface St2Token {
  id?: string;
  user: string;
  token: string;
  /** UTC timestamp, `YYYY-MM-DDTHH:MM:SS.ffffffZ` or a close variant. */
  expiry: string;
  metadata?: Record<string, unknown>;
  service?: boolean;
}

/** The payload of an `st2.announcement__<route>` event (§6.1). Validated before use. */
export interface St2AnnouncementPayload {
  channel: string;
  message: string;
  whisper?: boolean | null;
  user?: string | null;
  extra?: Record<string, unknown> | null;
  context?: Record<string, unknown> | null;
  [key: string]: unknown;
}

/** A rule (`GET /rules`), as far as a bot looks at it: which trigger leads to which action. */
export interface St2Rule {
  id?: string;
  ref?: string;
  name: string;
  pack: string;
  description?: string;
  enabled?: boolean;
  trigger?: { type?: string; ref?: string; parameters?: Record<string, unknown> };
  criteria?: Record<string, unknown>;
  action?: { ref?: string; parameters?: Record<string, unknown> };
  [key: string]: unknown;
}

/** Filters of `GET /rules`. */
export interface St2RuleFilter {
  /** Trigger (type) ref, e.g. `core.st2.generic.notifytrigger`. */
  trigger?: string;
  /** Action ref the rules run. */
  action?: string;
  pack?: string;
  enabled?: boolean;
  /** Page size (st2 default 100); `-1` for all (admins only when RBAC is on). */
  limit?: number;
}

/**
 * Executions (`docs/reference/st2-api.md` §4.1, §5.1): their states, their shape, and the alias
 * execution request and result.
 */
import type { ActionAlias } from './alias.js';

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
  /** The workflow execution this one is a task of. */
  parent?: string;
  /** The task executions of a workflow. */
  children?: string[];
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

/** Body of `POST /executions` (§4.1): run one action. */
export interface ActionExecutionRequest {
  /** The action's ref, `<pack>.<name>`. */
  action: string;
  parameters?: Record<string, unknown>;
  /** Stored in the execution's `context`. */
  context?: Record<string, unknown>;
}

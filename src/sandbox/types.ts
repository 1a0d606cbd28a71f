/**
 * Public types of the st2 sandbox: its options, the handle `startSandbox` returns, the fault
 * switches, and the StackStorm objects it serves (in st2's JSON shapes).
 */
import type { Clock } from '../core/clock.js';
import type { Logger } from '../log.js';
import type {
  Action,
  ActionAlias,
  ActionParameter,
  AliasFormat,
  Execution as St2Execution,
} from '../stackstorm/model.js';

/** An action alias as the sandbox serves it: `id`, `ref`, `uid` and `enabled` always set. */
export type AliasRecord = ActionAlias & { id: string; ref: string; uid: string; enabled: boolean };

/** An alias as a pack file or a test gives it: `id`, `ref` and `uid` are filled in. */
export type AliasInput = Omit<AliasRecord, 'id' | 'ref' | 'uid' | 'enabled' | 'formats'> & {
  id?: string;
  enabled?: boolean;
  formats?: AliasFormat[];
};

/** An action as the sandbox serves it: the fields st2 always serves are set. */
export type ActionRecord = Action & {
  id: string;
  uid: string;
  enabled: boolean;
  runner_type: string;
  parameters: Record<string, ActionParameter>;
};

/** An execution as the sandbox keeps it: the fields st2 always serves are set. */
export type Execution = St2Execution &
  Required<
    Pick<St2Execution, 'action' | 'runner' | 'liveaction' | 'parameters' | 'context' | 'log'>
  > & { start_timestamp: string };

/** How a held or running execution should end (`finishExecution`). */
export interface ExecutionOutcome {
  /** A completed state; default `succeeded`. */
  status?: 'succeeded' | 'failed' | 'timeout' | 'canceled' | 'abandoned';
  /** The result to store; default what the simulated action produces. */
  result?: unknown;
}

/** Switches for fault injection in tests. */
export interface SandboxFaults {
  /** Every token issued so far expires now (new logins still work). */
  expireAllTokens(): void;
  /**
   * The next `count` requests (any path) fail with `status` and `{faultstring}` (default
   * text by status, e.g. `Internal Server Error`), before authentication.
   */
  failNext(count: number, status: number, faultstring?: string): void;
  /** Delay before every response, waited on the sandbox's clock. */
  latencyMs: number;
  /** Close every open stream connection abruptly. */
  cutStream(): void;
  /** Open stream connections stop sending anything (events and heartbeats); new ones are normal. */
  silenceStream(): void;
  /** When true, executions stay `running` until `releaseExecutions` or `finishExecution`. */
  holdExecutions: boolean;
  /** Complete every held execution as it would have completed. */
  releaseExecutions(): void;
  /** Disable (false) or re-enable an API key; the 401 becomes `Unauthorized - API key is disabled.` */
  setApiKeyEnabled(key: string, enabled: boolean): void;
}

/** One request as the sandbox received it (for tests). */
export interface RecordedRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string | undefined>;
  /** The parsed JSON body, the raw text when it is not JSON, or undefined. */
  body: unknown;
}

/** Options of `startSandbox`. */
export interface SandboxOptions {
  /** Folder of packs (`<pack>/aliases/*.yaml`, `<pack>/actions/*.yaml`); default `examples/packs`. */
  packsDir?: string;
  /** Default `127.0.0.1`. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Login names and passwords; default the StackStorm dev default `{ st2admin: 'Ch@ngeMe' }`. */
  users?: Record<string, string>;
  /** Accepted API keys (they act as the first user). */
  apiKeys?: string[];
  /** Users that may ask `POST /tokens` for a token of another user. */
  serviceUsers?: string[];
  /** `auth.token_ttl`: default and maximum token lifetime in seconds; default 86400. */
  tokenTtlSeconds?: number;
  /** Source of time for tokens, heartbeats, execution delays and latency. */
  clock?: Clock;
  /** Serve HTTPS with this PEM certificate and key. */
  tls?: { cert: string; key: string };
  /** Stream keep-alive interval; default 25000 (st2's `stream.heartbeat`). */
  heartbeatMs?: number;
  /** Base of `web_url` (`<webUiUrl>/#/history/<id>/general`); default the sandbox's own URL. */
  webUiUrl?: string;
  logger?: Logger;
  /** Reload alias files when they change and publish `st2.actionalias__*` events. */
  watch?: boolean;
  /** Time from `running` to completion of a simulated execution; default 10 ms. */
  executionDelayMs?: number;
  /**
   * Notification route → announcement route, as the chatops rules map them. Default
   * `{ hubot: 'chatops', errbot: 'errbot' }`; any other route announces on its own name.
   */
  announcementRoutes?: Record<string, string>;
}

/** A running sandbox. */
export interface Sandbox {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** `url + '/auth/v1'`. */
  readonly authUrl: string;
  /** `url + '/api/v1'`. */
  readonly apiUrl: string;
  /** `url + '/stream/v1'`. */
  readonly streamUrl: string;
  /** An API key that is accepted (the first of `apiKeys`, or one generated at start). */
  readonly apiKey: string;
  readonly faults: SandboxFaults;
  /** Publish an event on the stream as is (`data` is the whole SSE data object). */
  publish(event: string, data: unknown): void;
  /** Publish `st2.announcement__<route>` with `{payload, trace_context: null}`. */
  announce(route: string, payload: Record<string, unknown>): void;
  /** Add an alias; publishes `st2.actionalias__create`. */
  addAlias(alias: AliasInput): AliasRecord;
  /** Replace the alias with the same ref (or id); publishes `st2.actionalias__update`. */
  updateAlias(alias: AliasInput): AliasRecord;
  /** Remove an alias by ref or id; publishes `st2.actionalias__delete` with the old body. */
  deleteAlias(refOrId: string): void;
  /** Every alias, in API order. */
  aliases(): AliasRecord[];
  /** Executions by id, in creation order. */
  readonly executions: ReadonlyMap<string, Execution>;
  /** Complete a running execution now; false when it is unknown or already completed. */
  finishExecution(id: string, outcome?: ExecutionOutcome): boolean;
  /** Requests received so far, oldest first (for tests). */
  readonly requests: RecordedRequest[];
  /** Close and listen again on the same port, dropping streams and, when asked, tokens. */
  restart(options?: { dropTokens?: boolean }): Promise<void>;
  close(): Promise<void>;
}

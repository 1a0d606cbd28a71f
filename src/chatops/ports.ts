/**
 * What the chatops layer needs from StackStorm, as a narrow port. The app adapts the st2 client
 * to it; tests can too.
 */
import type { ActionAlias } from '../aliases/index.js';
import type { Principal } from '../core/identity.js';

/** Credentials of one chat user (client-side auth), or of the bot when absent. */
export type UserCredentials =
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'apikey'; readonly apiKey: string };

/** The body of `POST /aliasexecution` (docs/reference/st2-api.md §4.1). */
export interface AliasExecutionRequest {
  readonly name: string;
  readonly format: string;
  readonly command: string;
  readonly user: string;
  readonly source_channel: string;
  readonly notification_route: string;
  readonly source_context: Readonly<Record<string, unknown>>;
}

/** The execution fields the chatops layer reads (docs/reference/st2-api.md §5.1). */
export interface ExecutionInfo {
  readonly id: string;
  readonly status?: string | undefined;
  readonly web_url?: string | undefined;
  readonly action?: { readonly ref?: string | undefined } | undefined;
  readonly elapsed_seconds?: number | undefined;
}

/** One element of an alias execution response. */
export interface AliasExecutionResult {
  readonly execution: ExecutionInfo;
  readonly actionalias?: ActionAlias | undefined;
  /** st2's rendered `ack.format`. */
  readonly message?: string | undefined;
  /** st2's rendered `ack.extra`. */
  readonly extra?: Readonly<Record<string, unknown>> | undefined;
}

/** The StackStorm calls chatops makes. Errors are the st2 client's typed errors. */
export interface St2Gateway {
  /** Every alias (`GET /actionalias?limit=-1`), with the bot's credentials. */
  listAliases(): Promise<ActionAlias[]>;
  /** `POST /aliasexecution`, with the person's credentials when given, else the bot's. */
  executeAlias(
    request: AliasExecutionRequest,
    credentials?: UserCredentials,
  ): Promise<AliasExecutionResult>;
  /** `GET /executions/{id}`, with the bot's credentials. */
  getExecution(id: string): Promise<ExecutionInfo>;
}

/** Which credentials an execution runs with. */
export interface CredentialResolver {
  /**
   * The person's own credentials, or undefined to use the bot's. Throws `CommandError` telling
   * the person how to sign in when client-side auth is on and they have no session.
   */
  resolve(person: Principal): Promise<UserCredentials | undefined>;
  /** StackStorm rejected the person's credentials: forget them so they sign in again. */
  rejected(person: Principal): Promise<void>;
}

/** The standalone resolver: every execution runs with the bot's own credentials. */
export const botCredentials: CredentialResolver = {
  resolve: () => Promise.resolve(undefined),
  rejected: () => Promise.resolve(),
};

/** st2's completed execution states (docs/reference/st2-api.md §5.1). */
export const COMPLETED_STATES: ReadonlySet<string> = new Set([
  'succeeded',
  'failed',
  'timeout',
  'canceled',
  'abandoned',
]);

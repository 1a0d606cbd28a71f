/**
 * What the chatops layer needs from StackStorm, as a narrow interface over the st2 model. The st2
 * client implements it as it is (no adapter); tests implement it with fakes. Failures are the
 * client's coded errors (`src/stackstorm/errors.ts`), turned into words by `explain.ts`.
 */
import type { Principal } from '../core/identity.js';
import type {
  ActionAlias,
  ActionExecutionRequest,
  AliasExecutionRequest,
  AliasExecutionResult,
  Execution,
  Inquiry,
  InquiryResponse,
  St2Credentials,
} from '../stackstorm/model.js';

/** The StackStorm calls chatops makes. */
export interface St2Gateway {
  /** Every alias (`GET /actionalias?limit=-1`). */
  listAliases(): Promise<ActionAlias[]>;
  /** `POST /aliasexecution`. */
  executeAlias(request: AliasExecutionRequest): Promise<AliasExecutionResult>;
  /** `GET /executions/{id}`. */
  getExecution(id: string): Promise<Execution>;
  /** `POST /executions`: run one action (the confirmation action of the `action` mode). */
  runAction(request: ActionExecutionRequest): Promise<Execution>;
  /** `DELETE /executions/{id}`; a completed execution is a `bad_request` with st2's faultstring. */
  cancelExecution(id: string): Promise<Execution>;
  /** `GET /inquiries` (open ones), at most `limit`. */
  listInquiries(limit?: number): Promise<Inquiry[]>;
  /** `GET /inquiries/{id}`. */
  getInquiry(id: string): Promise<Inquiry>;
  /** `PUT /inquiries/{id}`. */
  respondToInquiry(id: string, response: Record<string, unknown>): Promise<InquiryResponse>;
  /** The same calls made with a person's credentials instead of the bot's. */
  withCredentials(credentials: St2Credentials): St2Gateway;
}

/** Which credentials an execution runs with. */
export interface CredentialResolver {
  /**
   * The person's own credentials, or undefined to use the bot's. Throws `CommandError` telling
   * the person how to sign in when client-side auth is on and they have no session.
   */
  resolve(person: Principal): Promise<St2Credentials | undefined>;
  /**
   * StackStorm rejected the person's credentials: forget them so they sign in again. Resolves to
   * what to tell the person (how to start a new session).
   */
  rejected(person: Principal): Promise<string>;
}

/** The standalone resolver: every execution runs with the bot's own credentials. */
export const botCredentials: CredentialResolver = {
  resolve: () => Promise.resolve(undefined),
  rejected: () => Promise.resolve('StackStorm rejected the credentials.'),
};

/** The gateway acting as `person`: their own credentials when signed in, else the bot's. */
export async function gatewayFor(
  person: Principal,
  st2: St2Gateway,
  credentials: CredentialResolver,
): Promise<{ st2: St2Gateway; personal: boolean }> {
  const own = await credentials.resolve(person);
  return own ? { st2: st2.withCredentials(own), personal: true } : { st2, personal: false };
}

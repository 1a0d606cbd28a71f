/**
 * Inquiries (`docs/reference/st2-api.md` §5.3): an execution of an `inquirer` action (`core.ask`)
 * waiting for a person's answer, as `GET /inquiries` shows it, and the answer `PUT` sends.
 */

/** The runner of inquiry executions. */
export const INQUIRY_RUNNER = 'inquirer';

/** An open inquiry (`GET /inquiries`, `GET /inquiries/{id}`); its id is its execution's id. */
export interface Inquiry {
  id: string;
  /** `route` of the `core.ask` parameters: a hint for rules, free text. */
  route?: string;
  /** Minutes before StackStorm gives up waiting (`ttl`). */
  ttl?: number;
  /** st2 users allowed to answer; empty: anyone allowed by RBAC. */
  users?: string[];
  /** st2 roles allowed to answer; empty: any role. */
  roles?: string[];
  /** The JSON schema an answer must satisfy. */
  schema?: Record<string, unknown>;
}

/** Body and answer of `PUT /inquiries/{id}`. */
export interface InquiryResponse {
  id: string;
  response: Record<string, unknown>;
}

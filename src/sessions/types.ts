/**
 * Client-side ("out-of-band") StackStorm sign-in: the shapes shared by the session manager, the
 * login web routes and the chat commands.
 *
 * A person asks for a sign-in link in a direct message, giving a secret word. The link opens the
 * login page, where they type the secret word again and sign in to StackStorm with a username and
 * password, a user token or an API key. Only the resulting token or key is kept, tied to the
 * person's stable identity (`Principal.aclKey` on a back-end), and used for their executions.
 */
import type { Clock } from '../core/clock.js';
import type { Principal } from '../core/identity.js';
import type { Logger } from '../log.js';
import type { St2Credentials } from '../stackstorm/model.js';
import type { SecretStore } from '../store/secret-store.js';
import type { KeyValueStore } from '../store/types.js';
import type { TokenBucketOptions } from './rate-limit.js';
import type { ScryptParams } from './secret-word.js';
import type { CredentialValidator } from './validator.js';

/** How a person signs in on the login page. */
export type LoginMethod = 'password' | 'token' | 'apikey';

/**
 * The StackStorm credentials of one person: never a password. A token or an API key of the one
 * credentials union (`src/stackstorm/model.ts`), with who st2 says it belongs to.
 */
export type St2UserCredentials =
  | (Extract<St2Credentials, { kind: 'token' }> & {
      /** The st2 user the token belongs to, when known. */
      readonly user?: string | undefined;
      /** When st2 says the token expires (an st2 timestamp), when known. */
      readonly expiry?: string | undefined;
    })
  | (Extract<St2Credentials, { kind: 'apiKey' }> & {
      /** The st2 user the key belongs to, when known. */
      readonly user?: string | undefined;
    });

/** What the login page sends, after parsing: the secret word and one way to sign in. */
export interface LoginAttempt {
  /** The secret word the person chose in chat. */
  readonly secretWord: string;
  /** Which credentials follow. */
  readonly method: LoginMethod;
  /** For `password`. */
  readonly username?: string | undefined;
  /** For `password`; used once to obtain a token, never stored. */
  readonly password?: string | undefined;
  /** For `token`. */
  readonly token?: string | undefined;
  /** For `apikey`. */
  readonly apiKey?: string | undefined;
}

/**
 * The answer to a login attempt, in err-stackstorm's shape (`return_code` values in `codes.ts`),
 * plus the HTTP status the web route should use.
 */
export interface LoginOutcome {
  /** True when the credentials are now associated with the person. */
  readonly authenticated: boolean;
  /** err-stackstorm's return code (0 on success), extended for stormbot's new cases. */
  readonly returnCode: number;
  /** A sentence for the person at the browser; never contains a secret. */
  readonly message: string;
  /** The HTTP status to answer with. */
  readonly httpStatus: number;
}

/** Where a person's sign-in stands. */
export type SessionState =
  /** A link was issued and not used yet. */
  | 'pending'
  /** Credentials are associated and believed valid. */
  | 'active'
  /** StackStorm said the token is no longer valid (or its expiry passed). */
  | 'expired';

/** One session as administrators see it: no secret, no secret-word hash. */
export interface SessionSummary {
  /** The session id (the link's UUID); `st2session_cancel` takes it. */
  readonly id: string;
  /** The chat back-end of the person. */
  readonly backend: string;
  /** The person's stable key (`Principal.aclKey`). */
  readonly user: string;
  /** The person's display name when the session was made (for reading only). */
  readonly name: string;
  readonly state: SessionState;
  /** How they signed in (active and expired sessions). */
  readonly method?: LoginMethod | undefined;
  /** The st2 user the credentials belong to, when known. */
  readonly st2User?: string | undefined;
  /** When the session was created (epoch ms). */
  readonly createdAt: number;
  /** When it stops working (epoch ms): the link's expiry, or the token's; none for API keys. */
  readonly expiresAt?: number | undefined;
}

/** What `LoginService.status` says about one person. */
export interface SessionStatus {
  /** `none` when the person has never signed in (or ended their session). */
  readonly state: SessionState | 'none';
  /** The session, when there is one. */
  readonly session?: SessionSummary | undefined;
}

/**
 * The client-side sign-in service: issues one-time links, checks login attempts, and hands out the
 * resulting credentials. Sessions are keyed by `Principal.backend` + `Principal.aclKey`.
 */
export interface LoginService {
  /**
   * Issue a one-time sign-in link for `principal`, protected by `secretWord`. Any earlier
   * unused link of the same person stops working. Throws `CommandError` for an unusable secret
   * word.
   */
  start(principal: Principal, secretWord: string): Promise<{ url: string; expiresAt: number }>;
  /**
   * Check one login attempt for the link `id`, from `clientAddress` (for rate limiting).
   * Never throws: every outcome, including unexpected errors, is a `LoginOutcome`.
   */
  authenticate(id: string, attempt: LoginAttempt, clientAddress: string): Promise<LoginOutcome>;
  /** The person's StackStorm token or API key, or undefined when they have no valid session. */
  credentialsFor(principal: Principal): Promise<St2UserCredentials | undefined>;
  /** Where the person's sign-in stands (to tell them what to do when there are no credentials). */
  status(principal: Principal): Promise<SessionStatus>;
  /** Remove the person's session and credentials. Resolves true when there was one. */
  end(principal: Principal): Promise<boolean>;
  /** Every session, for administrators. */
  list(): Promise<SessionSummary[]>;
  /** Remove a session by id (administrators). Resolves to what was removed, if anything. */
  cancel(id: string): Promise<SessionSummary | undefined>;
  /**
   * StackStorm rejected the person's credentials: drop them, so the next command asks the
   * person to sign in again.
   */
  markExpired(principal: Principal): Promise<void>;
}

/** Options of `SessionManager`. */
export interface SessionManagerOptions {
  /** Plain store for links and association facts (no credentials are written here). */
  readonly store: KeyValueStore;
  /** Encrypted store for tokens and API keys. */
  readonly secrets: SecretStore;
  /** Checks what people type on the login page against StackStorm. */
  readonly validator: CredentialValidator;
  /**
   * The public base URL of the bot's web server, ending in `/` (added when missing); links are
   * `<baseUrl>login/<uuid>`. A function when the URL is known only once the server listens.
   */
  readonly baseUrl: string | (() => string);
  /** How long a sign-in link works, in seconds (err-stackstorm `session_ttl`, default 3600). */
  readonly sessionTtlSeconds?: number | undefined;
  /** `ttl` asked for when a username and password are exchanged for a token (default 86400). */
  readonly userTokenTtlSeconds?: number | undefined;
  /** Failed attempts (wrong secret word or credentials) after which a link stops working (5). */
  readonly maxFailures?: number | undefined;
  /** Attempts per client address: burst 10, then one every 30 s by default. */
  readonly perAddress?: TokenBucketOptions | undefined;
  /** scrypt cost of secret-word hashes (tests lower it). */
  readonly scrypt?: ScryptParams | undefined;
  readonly clock?: Clock | undefined;
  readonly logger: Logger;
}

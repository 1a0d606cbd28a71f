/**
 * The small view of StackStorm the sign-in needs: turning what a person typed on the login page
 * into credentials st2 accepts. The st2 client is adapted to it; tests use a fake or plain fetch.
 */

/** Who st2 says the credentials belong to. */
export interface CredentialIdentity {
  /** The st2 user name, when st2 tells. */
  readonly user?: string | undefined;
  /** When the token expires (ISO 8601), when st2 tells. */
  readonly expiry?: string | undefined;
}

/** A token obtained with a username and password. */
export interface IssuedToken {
  readonly token: string;
  /** ISO 8601 expiry as st2 sent it. */
  readonly expiry: string;
  readonly user: string;
}

/**
 * Checks credentials against StackStorm. Implementations throw `CredentialRejectedError` when st2
 * says no (401/403, bad password, unknown token or key) and `CredentialCheckUnavailableError` when
 * st2 cannot answer (unreachable, timeout, 5xx). Anything else thrown is treated as a bug.
 */
export interface CredentialValidator {
  /** `POST /auth/v1/tokens` with HTTP Basic and `{ttl: ttlSeconds}`. */
  passwordLogin(username: string, password: string, ttlSeconds: number): Promise<IssuedToken>;
  /** Prove a user token works with a real authenticated call. */
  validateToken(token: string): Promise<CredentialIdentity>;
  /** Prove an API key works with a real authenticated call. */
  validateApiKey(apiKey: string): Promise<CredentialIdentity>;
}

/** StackStorm refused the credentials. The message is safe to show and holds no secret. */
export class CredentialRejectedError extends Error {
  override readonly name = 'CredentialRejectedError';
}

/** StackStorm could not be asked (down, timeout, server error). Safe to show; no secret. */
export class CredentialCheckUnavailableError extends Error {
  override readonly name = 'CredentialCheckUnavailableError';
}

/**
 * The st2 client as the login page's `CredentialValidator`.
 */
import type { CredentialValidator } from '../sessions/validator.js';
import { CredentialCheckUnavailableError, CredentialRejectedError } from '../sessions/validator.js';
import { St2Error, type St2Client } from '../stackstorm/index.js';

/** Map st2 failures to the validator's two outcomes: rejected, or st2 unavailable. */
function translate(error: unknown): never {
  if (error instanceof St2Error) {
    if (error.code === 'unauthorized' || error.code === 'forbidden') {
      throw new CredentialRejectedError('StackStorm did not accept these credentials.');
    }
    if (
      error.code === 'unreachable' ||
      error.code === 'tls' ||
      error.code === 'timeout' ||
      error.code === 'server_error'
    ) {
      throw new CredentialCheckUnavailableError('StackStorm cannot be reached right now.');
    }
  }
  throw error;
}

/** Check what people type on the login page with real calls to StackStorm. */
export function st2Validator(client: St2Client): CredentialValidator {
  return {
    async passwordLogin(username, password, ttlSeconds) {
      try {
        const t = await client.createToken(username, password, ttlSeconds);
        return { token: t.token, expiry: t.expiry, user: t.user };
      } catch (error) {
        translate(error);
      }
    },
    async validateToken(token) {
      try {
        const check = await client.withCredentials({ kind: 'token', token }).validateCredentials();
        return { user: check.user };
      } catch (error) {
        translate(error);
      }
    },
    async validateApiKey(apiKey) {
      try {
        const check = await client
          .withCredentials({ kind: 'apiKey', apiKey })
          .validateCredentials();
        return { user: check.user };
      } catch (error) {
        translate(error);
      }
    },
  };
}

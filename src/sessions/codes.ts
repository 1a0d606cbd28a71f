/**
 * Return codes of `POST /login/authenticate/<uuid>`. Codes 2, 3, 5, 6 and 90 keep
 * err-stackstorm's meaning, so tooling written for it reads stormbot's answers the same way;
 * 7-10 are stormbot's additions.
 */
import type { LoginOutcome } from './types.js';

/** Every return code. */
export const LoginCode = {
  /** The credentials are associated with the person. */
  Success: 0,
  /** The link is unknown, expired, already used, or being used by another attempt. */
  SessionInvalid: 2,
  /** The request body is not a valid sign-in (missing fields, unknown method). */
  InvalidPayload: 3,
  /** The secret word does not match. */
  WrongSecretWord: 5,
  /** StackStorm refused the username/password, token or API key. */
  InvalidCredentials: 6,
  /** Too many failed attempts: the link no longer works. */
  TooManyAttempts: 7,
  /** Too many attempts from this address: wait and try again. */
  RateLimited: 8,
  /** StackStorm could not be reached to check the credentials. */
  StackStormUnavailable: 9,
  /** The request did not come from the login page at the configured address. */
  OriginRefused: 10,
  /** Something unexpected failed; the details are in the bot's log. */
  Unexpected: 90,
} as const;

/** One of the return codes. */
export type LoginCodeValue = (typeof LoginCode)[keyof typeof LoginCode];

/** The HTTP status each code is answered with (err-stackstorm answered 200 for handled cases). */
const HTTP_STATUS: Record<LoginCodeValue, number> = {
  0: 200,
  2: 200,
  3: 400,
  5: 200,
  6: 200,
  7: 200,
  8: 429,
  9: 503,
  10: 403,
  90: 500,
};

/** Build a `LoginOutcome` for a code and message. */
export function outcome(code: LoginCodeValue, message: string): LoginOutcome {
  return {
    authenticated: code === LoginCode.Success,
    returnCode: code,
    message,
    httpStatus: HTTP_STATUS[code],
  };
}

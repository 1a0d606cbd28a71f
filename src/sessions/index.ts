/**
 * Client-side StackStorm sign-in: sessions, login attempts, credentials and chat commands.
 */
export { LoginCode, outcome, type LoginCodeValue } from './codes.js';
export {
  registerSessionCommands,
  sessionCommands,
  type SessionCommandOptions,
} from './commands.js';
export { SessionManager, isSessionId, type SessionManagerOptions } from './manager.js';
export { signInHint } from './messages.js';
export { principalKey } from './records.js';
export { TokenBucketLimiter, type TokenBucketOptions } from './rate-limit.js';
export { hashSecretWord, verifySecretWord, type ScryptParams } from './secret-word.js';
export {
  LOGIN_METHODS,
  type LoginAttempt,
  type LoginMethod,
  type LoginOutcome,
  type LoginService,
  type SessionState,
  type SessionStatus,
  type SessionSummary,
  type St2UserCredentials,
} from './types.js';
export {
  CredentialCheckUnavailableError,
  CredentialRejectedError,
  type CredentialIdentity,
  type CredentialValidator,
  type IssuedToken,
} from './validator.js';

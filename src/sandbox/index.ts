/**
 * The st2 sandbox: a StackStorm stand-in that follows st2's HTTP contract, for newcomers,
 * pack authors and tests.
 */
export { startSandbox, defaultPacksDir, DEV_DEFAULT_USERS } from './server.js';
export { AUTH_FAULTS, apiKeyNotFoundFault } from './auth.js';
export { DEFAULT_STREAM_EVENTS } from './stream.js';
export { defaultMessage, formatExecutionResult, type FormattedResult } from './result-format.js';
export type {
  ActionRecord,
  AliasInput,
  AliasRecord,
  Execution,
  ExecutionOutcome,
  RecordedRequest,
  Sandbox,
  SandboxFaults,
  SandboxOptions,
} from './types.js';

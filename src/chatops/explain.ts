/**
 * Plain words for StackStorm failures, shown to the person who ran a command.
 */
import { CommandError } from '../core/errors.js';
import { St2Error } from '../stackstorm/errors.js';

/** Turn an st2 client error into a `CommandError` a person can act on; rethrow anything else. */
export function explainSt2Error(error: unknown, what: string): never {
  if (!(error instanceof St2Error)) throw error;
  const fault = error.faultstring ? `: ${error.faultstring}` : '';
  switch (error.code) {
    case 'bad_request':
    case 'conflict':
      throw new CommandError(`StackStorm refused ${what}${fault || '.'}`, { cause: error });
    case 'not_found':
      throw new CommandError(`StackStorm could not find what ${what} needs${fault || '.'}`, {
        cause: error,
      });
    case 'forbidden':
      throw new CommandError(
        `StackStorm does not allow you to run ${what}${fault || '.'} Ask a StackStorm administrator for the permission.`,
        { cause: error },
      );
    case 'unauthorized':
      throw new CommandError(
        'StackStorm did not accept the credentials for this request. An operator has been told.',
        { cause: error },
      );
    case 'unreachable':
    case 'tls':
      throw new CommandError(
        "I can't reach StackStorm right now, so nothing was run. Try again in a moment.",
        { cause: error },
      );
    case 'timeout':
      throw new CommandError(
        'StackStorm did not answer in time. It may still run the command: check the StackStorm history before retrying.',
        { cause: error },
      );
    default:
      throw new CommandError(
        `StackStorm failed while handling ${what}${error.status ? ` (HTTP ${error.status})` : ''}${fault}${error.requestId ? ` [request ${error.requestId}]` : ''}`,
        { cause: error },
      );
  }
}

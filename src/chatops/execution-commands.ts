/**
 * `!st2status [<execution id>|last]` and `!st2cancel [<execution id>|last]`: for executions you
 * started from chat (`ExecutionHistory`); bot admins may name anyone's. `last` (the default) is
 * your most recent one. Calls go to StackStorm as you when you are signed in.
 */
import type { Bot } from '../core/bot.js';
import type { Command, CommandContext } from '../core/command.js';
import { CommandError } from '../core/errors.js';
import { St2Error } from '../stackstorm/errors.js';
import { COMPLETED_STATES, type Execution } from '../stackstorm/model.js';
import { explainSt2Error } from './explain.js';
import type { ExecutionHistory } from './history.js';
import { inquiryCommandNames } from './inquiry-commands.js';
import { gatewayFor, type CredentialResolver, type St2Gateway } from './ports.js';

/** Options of the status and cancel commands. */
export interface ExecutionCommandOptions {
  readonly bot: Bot;
  readonly st2: St2Gateway;
  readonly credentials: CredentialResolver;
  readonly history: ExecutionHistory;
  /** The command word's stem (`plugin_prefix`, `st2` when empty). */
  readonly word: string;
  /** st2 web UI base URL, when StackStorm gives no `web_url`. */
  readonly webUiUrl?: string | undefined;
}

/** `!st2status` and `!st2cancel`. */
export function executionCommands(options: ExecutionCommandOptions): Command[] {
  const status = `${options.word}status`;
  const cancel = `${options.word}cancel`;
  return [
    {
      name: status,
      aclKey: `st2:${status}`,
      summary: 'the state of an execution you started (default: your last)',
      usage: '[<execution id>|last]',
      run: (ctx) =>
        onExecution(ctx, options, status, async (st2, id) =>
          describe(await st2.getExecution(id), options),
        ),
    },
    {
      name: cancel,
      aclKey: `st2:${cancel}`,
      summary: 'cancel an execution you started (default: your last)',
      usage: '[<execution id>|last]',
      run: (ctx) =>
        onExecution(ctx, options, cancel, async (st2, id) => {
          let execution: Execution;
          try {
            execution = await st2.cancelExecution(id);
          } catch (error) {
            const ended = error instanceof St2Error && error.code === 'bad_request';
            const state = ended ? /State = (\w+)/.exec(error.faultstring ?? '')?.[1] : undefined;
            if (state) {
              throw new CommandError(
                `Execution ${id} already ended (${state}); there is nothing to cancel.`,
                { cause: error },
              );
            }
            throw error;
          }
          ctx.log.info({ execution: id }, 'execution canceled');
          const done = COMPLETED_STATES.has(execution.status);
          return `${done ? 'Canceled' : 'Canceling'} execution ${id}${ofAction(execution)}: StackStorm says ${execution.status}.${urlOf(execution, options)}`;
        }),
    },
  ];
}

/**
 * Run `call` on the execution the person may act on, with their own credentials when signed in;
 * a failure other than a `CommandError` is explained by `failure`.
 */
async function onExecution(
  ctx: CommandContext,
  options: ExecutionCommandOptions,
  name: string,
  call: (st2: St2Gateway, id: string) => Promise<string>,
): Promise<string> {
  const id = whose(ctx, options, name);
  const { st2, personal } = await gatewayFor(ctx.event.author, options.st2, options.credentials);
  try {
    return await call(st2, id);
  } catch (error) {
    if (error instanceof CommandError) throw error;
    return failure(error, id, personal, options, ctx);
  }
}

/** The execution id the person may act on, or a `CommandError` saying why not. */
function whose(ctx: CommandContext, options: ExecutionCommandOptions, name: string): string {
  const person = ctx.event.author.id;
  const asked = ctx.args.split(/\s+/)[0] ?? '';
  if (asked === '' || asked.toLowerCase() === 'last') {
    const last = options.history.last(person);
    if (!last)
      throw new CommandError(
        `You have not started an execution from chat that I remember. Give its id: ${options.bot.addressing.prefix}${name} <execution id>.`,
      );
    return last.executionId;
  }
  if (ctx.isAdmin) return asked;
  const started = options.history.get(asked);
  if (started?.user === person) return asked;
  throw new CommandError(
    started
      ? `Execution ${asked} was started by someone else; only bot admins may act on other people's executions.`
      : `Execution ${asked} is not one you started from chat (that I remember); only bot admins may act on other executions.`,
  );
}

function describe(execution: Execution, options: ExecutionCommandOptions): string {
  const took =
    execution.elapsed_seconds !== undefined ? `, took ${execution.elapsed_seconds} s` : '';
  const since =
    !COMPLETED_STATES.has(execution.status) && execution.start_timestamp
      ? `, started ${execution.start_timestamp}`
      : '';
  const waiting =
    execution.status === 'paused' || execution.status === 'pending'
      ? ` It may be waiting for an answer: ${options.bot.addressing.prefix}${inquiryCommandNames(options.word).list}.`
      : '';
  return `Execution ${execution.id}${ofAction(execution)}: ${execution.status}${took}${since}.${waiting}${urlOf(execution, options)}`;
}

function ofAction(execution: Execution): string {
  return execution.action?.ref ? ` (${execution.action.ref})` : '';
}

function urlOf(execution: Execution, options: ExecutionCommandOptions): string {
  const url =
    execution.web_url ??
    (options.webUiUrl
      ? `${options.webUiUrl.replace(/\/$/, '')}/#/history/${execution.id}/general`
      : undefined);
  return url ? ` ${url}` : '';
}

async function failure(
  error: unknown,
  id: string,
  personal: boolean,
  options: ExecutionCommandOptions,
  ctx: CommandContext,
): Promise<never> {
  if (error instanceof St2Error && error.code === 'not_found')
    throw new CommandError(`StackStorm has no execution ${id}.`, { cause: error });
  if (personal && error instanceof St2Error && error.code === 'unauthorized')
    throw new CommandError(await options.credentials.rejected(ctx.event.author), { cause: error });
  return explainSt2Error(error, `execution ${id}`);
}

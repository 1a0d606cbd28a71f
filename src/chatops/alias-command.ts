/**
 * The `st2` command: run an action alias from chat.
 *
 * match locally → ACL on `st2:<pack>.<alias>` → confirmation gate (held commands run later) →
 * credentials → `POST /aliasexecution` → ack → track the execution until its result is
 * announced; a `match_multiple` format does the last three once per occurrence. Every decision
 * is written to the audit log.
 */
import { randomUUID } from 'node:crypto';
import { AliasLimitError } from '../aliases/index.js';
import type { Bot } from '../core/bot.js';
import type { Clock } from '../core/clock.js';
import type { Command, CommandContext } from '../core/command.js';
import { CommandError, toError } from '../core/errors.js';
import type { OutgoingMessage } from '../core/message.js';
import { St2Error } from '../stackstorm/errors.js';
import type { ActionAlias, AliasExecutionResult, Execution } from '../stackstorm/model.js';
import { auditedCommand, type AuditLog } from './audit.js';
import type { AliasCatalog } from './catalog.js';
import type { ConfirmationGate } from './confirmation.js';
import { explainSt2Error } from './explain.js';
import type { ExecutionHistory } from './history.js';
import type { UndeliveredNotices } from './notice.js';
import type { CredentialResolver, St2Gateway } from './ports.js';
import type { ExecutionTracker } from './tracker.js';

/** Options of the alias command. */
export interface AliasCommandOptions {
  readonly bot: Bot;
  readonly catalog: AliasCatalog;
  readonly st2: St2Gateway;
  readonly credentials: CredentialResolver;
  readonly tracker: ExecutionTracker;
  /** Who started which execution (`!st2status`, `!st2cancel`, inquiries). */
  readonly history: ExecutionHistory;
  /** Tells the person when the acknowledgement cannot be posted. */
  readonly notices: UndeliveredNotices;
  readonly clock: Clock;
  /** The command word (`plugin_prefix`, default `st2`); empty: every unknown command is an alias. */
  readonly prefix: string;
  /** The `notification_route` sent with executions. */
  readonly route: string;
  /** st2 web UI base URL, for the ack link when st2 gives none. */
  readonly webUiUrl?: string | undefined;
  /** One line per decision about a command. */
  readonly audit: AuditLog;
  /** Holds the commands that need a confirmation; absent, every command runs at once. */
  readonly confirmation?: ConfirmationGate | undefined;
  /** Called after an execution was started (metrics). */
  readonly onExecuted?: ((alias: ActionAlias) => void) | undefined;
}

/** The ACL key of an alias: `st2:<pack>.<name>`. */
export function aliasAclKey(alias: Pick<ActionAlias, 'pack' | 'name'>): string {
  return `st2:${alias.pack}.${alias.name}`;
}

/**
 * A command text that represents an alias for ACL checks when no command was typed (help,
 * suggestions): the alias word and the alias's first format.
 */
export function aliasSampleText(alias: ActionAlias, aliasWord: string): string {
  const first = alias.formats[0];
  let format = '';
  if (typeof first === 'string') format = first;
  else if (first?.display) format = first.display;
  else if (Array.isArray(first?.representation)) format = first.representation[0] ?? '';
  else if (typeof first?.representation === 'string') format = first.representation;
  return `${aliasWord} ${format}`.trim();
}

/** Build the alias command. Register it by name, or as the fallback when the prefix is empty. */
export function aliasCommand(options: AliasCommandOptions): Command {
  const { bot } = options;
  const word = options.prefix;
  return {
    name: word || 'st2',
    aclKey: 'st2:st2',
    summary: 'run a StackStorm action alias',
    usage: '<command>',
    hidden: !word,
    run: (ctx) => runAlias(ctx, options, word ? ctx.args : ctx.text, bot),
  };
}

async function runAlias(
  ctx: CommandContext,
  options: AliasCommandOptions,
  command: string,
  bot: Bot,
): Promise<OutgoingMessage | undefined> {
  const p = bot.addressing.prefix;
  const helpCmd = `${p}${options.prefix ? `${options.prefix}help` : 'st2help'}`;
  if (!command) {
    throw new CommandError(
      `Tell me what to run, for example ${p}${options.prefix} greet Hi. ${helpCmd} lists the commands.`,
    );
  }
  let match;
  try {
    match = options.catalog.index.match(command);
  } catch (error) {
    if (error instanceof AliasLimitError) throw new CommandError(error.message, { cause: error });
    throw error;
  }
  switch (match.kind) {
    case 'no_match': {
      const suggestions = options.catalog.index
        .suggest(command, 3)
        .filter((s) => ctx.may(aliasAclKey(s.alias), aliasSampleText(s.alias, options.prefix)));
      const hint = suggestions.length
        ? ` Did you mean:\n${suggestions.map((s) => `  ${p}${options.prefix ? `${options.prefix} ` : ''}${s.display}`).join('\n')}`
        : ` ${helpCmd} lists the commands you may run.`;
      throw new CommandError(`No StackStorm command matches "${command}".${hint}`);
    }
    case 'ambiguous': {
      const names = [
        ...new Set(
          match.candidates.map((c) => `${c.alias.pack}.${c.alias.name} ("${c.representation}")`),
        ),
      ];
      throw new CommandError(
        `"${command}" matches more than one StackStorm command, and StackStorm refuses ambiguous commands: ${names.join(', ')}. Add words to make it unique.`,
      );
    }
    case 'disabled':
      throw new CommandError(
        `The StackStorm command ${match.alias.pack}.${match.alias.name} is disabled.`,
      );
    case 'match':
      break;
  }
  const { alias, representation } = match;
  const ref = `${alias.pack}.${alias.name}`;
  if (match.parametersError) {
    throw new CommandError(`StackStorm would refuse ${ref}: ${match.parametersError.message}`, {
      cause: match.parametersError,
    });
  }
  const { commands } = match;
  if (commands.length > MAX_EXECUTIONS_PER_COMMAND) {
    throw new CommandError(
      `"${command}" would start ${commands.length} executions of ${ref} (one per match); the limit is ${MAX_EXECUTIONS_PER_COMMAND} per command. Split it into several commands.`,
    );
  }
  const audit = auditedCommand(
    ctx,
    alias,
    match.parametersList,
    match.alsoMatched?.map((c) => c.alias),
  );
  try {
    ctx.authorize(aliasAclKey(alias), ctx.text);
  } catch (error) {
    options.audit.record(audit, 'denied');
    throw error;
  }
  const run = (started: Execution[]) =>
    startExecutions(ctx, options, { alias, representation, commands }, started);
  const check = () => options.credentials.resolve(ctx.event.author);
  const held = await options.confirmation?.hold(ctx, { alias, text: command, audit, check, run });
  if (held) return held;
  await options.audit.run(audit, 'ran', run);
  return undefined;
}

/** Start the executions of a command (as the person when signed in), adding each to `started`. */
async function startExecutions(
  ctx: CommandContext,
  options: AliasCommandOptions,
  run: { alias: ActionAlias; representation: string; commands: readonly string[] },
  started: Execution[],
): Promise<void> {
  const { alias, representation, commands } = run;
  const author = ctx.event.author;
  const credentials = await options.credentials.resolve(author);
  const st2 = credentials ? options.st2.withCredentials(credentials) : options.st2;
  // A match_multiple format runs one execution per occurrence, as st2's match_and_execute does;
  // each goes through `POST /aliasexecution` with that occurrence's text alone, so it carries
  // its own request id for the tracker (docs/reference/alias-parser.md §A.9).
  for (const [i, occurrence] of commands.entries()) {
    try {
      started.push(
        await executeOnce(ctx, options, {
          alias,
          representation,
          command: occurrence,
          st2,
          personal: credentials !== undefined,
        }),
      );
    } catch (error) {
      if (i === 0 || !(error instanceof CommandError)) throw error;
      throw new CommandError(
        `${error.message} (match ${i + 1} of ${commands.length}, "${occurrence}": the ${i} before it are running, the rest were not started)`,
        { cause: error },
      );
    }
  }
}

/** The largest number of executions one command may start (`match_multiple` formats). */
export const MAX_EXECUTIONS_PER_COMMAND = 20;

/** One `POST /aliasexecution`: execute, track, ack; resolves to the execution started. */
async function executeOnce(
  ctx: CommandContext,
  options: AliasCommandOptions,
  run: {
    alias: ActionAlias;
    representation: string;
    command: string;
    st2: St2Gateway;
    /** The person's own credentials are in use (a rejection is theirs to fix). */
    personal: boolean;
  },
): Promise<Execution> {
  const { bot } = options;
  const { alias, representation, command, st2 } = run;
  const ref = `${alias.pack}.${alias.name}`;
  const author = ctx.event.author;
  const requestId = randomUUID();
  const channel = bot.backend.identity.channelOf(ctx.event.place, author);
  const sourceContext = {
    request_id: requestId,
    backend: bot.backend.name,
    channel,
    user_id: author.id,
    user_name: author.name,
    ...(ctx.event.place.kind === 'room' ? { room_id: ctx.event.place.room.id } : {}),
    ...(ctx.event.threadId ? { thread_id: ctx.event.threadId } : {}),
    ...(ctx.event.messageId ? { message_id: ctx.event.messageId } : {}),
  };
  let result: AliasExecutionResult;
  try {
    result = await st2.executeAlias({
      name: alias.name,
      format: representation,
      command,
      user: author.id,
      source_channel: channel,
      notification_route: options.route,
      source_context: sourceContext,
    });
  } catch (error) {
    if (run.personal && error instanceof St2Error && error.code === 'unauthorized') {
      throw new CommandError(await options.credentials.rejected(author), { cause: error });
    }
    // A rejection of the bot's own credentials is told to the admins by the client, once per
    // outage; the person gets the plain explanation.
    explainSt2Error(error, ref);
  }

  const execution = result.execution;
  const webUrl =
    execution.web_url ??
    (options.webUiUrl
      ? `${options.webUiUrl.replace(/\/$/, '')}/#/history/${execution.id}/general`
      : undefined);
  const tracked = {
    requestId,
    executionId: execution.id,
    alias: ref,
    channel,
    user: author.id,
    context: sourceContext,
    actionRef: alias.action_ref,
    webUrl,
    startedAt: options.clock.now(),
  };
  options.tracker.track(tracked);
  options.history.record(tracked);
  options.onExecuted?.(alias);
  ctx.log.info({ alias: ref, execution: execution.id }, 'alias executed');
  const ack = ackMessage(alias, result, webUrl);
  if (!ack) return execution;
  // Posted here, not by the core: a failure is about this execution, which is running.
  try {
    await ctx.reply(ack);
  } catch (error) {
    ctx.log.warn({ err: toError(error), alias: ref, execution: execution.id }, 'ack refused');
    await options.notices.tell({
      what: 'acknowledgement',
      reason: 'the chat refused it; the result will follow',
      alias: ref,
      execution: execution.id,
      place: tracked,
    });
  }
  return execution;
}

/** The acknowledgement, following hubot's rules (docs/reference/st2-api.md §4.1); undefined when disabled. */
export function ackMessage(
  alias: ActionAlias,
  result: AliasExecutionResult,
  webUrl: string | undefined,
): OutgoingMessage | undefined {
  const ack = result.actionalias?.ack ?? alias.ack;
  if (ack?.enabled === false) return undefined;
  const suffix = ack?.append_url !== false && webUrl ? ` (details available at ${webUrl})` : '';
  const text = result.message
    ? `${result.message}${suffix}`
    : `Got it! StackStorm is running execution ${result.execution.id}.${suffix}`;
  return { text, rich: result.extra ? { extra: result.extra } : undefined };
}

/**
 * `!st2inquiries` (the inquiries open for you) and `!st2respond <id> key=value …` (answer one,
 * checked against its schema first, sent as you when you are signed in).
 *
 * "For you": inquiries of executions you started from chat (also inside their workflows), and
 * those whose `users` list names your chat id (the `user` stormbot gives StackStorm). Without a
 * sign-in the answer reaches StackStorm as the bot, which st2's `users` check cannot tell apart,
 * so the bot itself lets only those people (and bot admins) answer; signed in, StackStorm decides.
 */
import type { Bot } from '../core/bot.js';
import type { Command, CommandContext } from '../core/command.js';
import { CommandError } from '../core/errors.js';
import { St2Error } from '../stackstorm/errors.js';
import type { Inquiry } from '../stackstorm/model.js';
import { explainSt2Error } from './explain.js';
import { answerLine, parseAnswer } from './inquiry-form.js';
import { inquiryMessage, type InquiryWatcher } from './inquiry-watcher.js';
import { gatewayFor, type CredentialResolver, type St2Gateway } from './ports.js';

/** Inquiries looked at by `!st2inquiries`. */
const LIST_LIMIT = 50;

/** Options of the inquiry commands. */
export interface InquiryCommandOptions {
  readonly bot: Bot;
  readonly st2: St2Gateway;
  readonly credentials: CredentialResolver;
  readonly watcher: InquiryWatcher;
  /** The command word's stem (`plugin_prefix`, `st2` when empty). */
  readonly word: string;
}

/** The names of the inquiry commands for a command word. */
export function inquiryCommandNames(word: string): { list: string; respond: string } {
  return { list: `${word}inquiries`, respond: `${word}respond` };
}

/** `!st2inquiries` and `!st2respond`. */
export function inquiryCommands(options: InquiryCommandOptions): Command[] {
  const names = inquiryCommandNames(options.word);
  const typed = (name: string) => `${options.bot.addressing.prefix}${name}`;
  return [
    {
      name: names.list,
      aclKey: `st2:${names.list}`,
      summary: 'list the StackStorm inquiries waiting for your answer',
      run: (ctx) => listInquiries(ctx, options, typed(names.respond)),
    },
    {
      name: names.respond,
      aclKey: `st2:${names.respond}`,
      summary: 'answer a StackStorm inquiry',
      usage: '<inquiry id> key=value …',
      run: (ctx) => respond(ctx, options, typed(names.respond), typed(names.list)),
    },
  ];
}

/** Whether the inquiry is the person's: asked of them, or under an execution they started. */
async function isFor(
  inquiry: Inquiry,
  person: string,
  watcher: InquiryWatcher,
): Promise<{ mine: boolean; origin: Awaited<ReturnType<InquiryWatcher['origin']>> }> {
  // An inquiry whose workflow cannot be read is judged on its `users` alone.
  const origin = await watcher.origin(inquiry.id).catch(() => undefined);
  const asked = Array.isArray(inquiry.users) && inquiry.users.includes(person);
  return { mine: asked || origin?.user === person, origin };
}

async function listInquiries(
  ctx: CommandContext,
  options: InquiryCommandOptions,
  respondCmd: string,
): Promise<string> {
  const { st2 } = await gatewayFor(ctx.event.author, options.st2, options.credentials);
  let open: Inquiry[];
  try {
    open = await st2.listInquiries(LIST_LIMIT);
  } catch (error) {
    explainSt2Error(error, 'the list of inquiries');
  }
  const lines: string[] = [];
  for (const inquiry of open) {
    const { mine, origin } = await isFor(inquiry, ctx.event.author.id, options.watcher);
    if (!mine) continue;
    const of = origin ? `${origin.alias}, execution ${origin.executionId}` : 'asked of you';
    lines.push(`• ${inquiry.id} (${of}): ${answerLine(respondCmd, inquiry)}`);
  }
  if (lines.length === 0) return 'No StackStorm inquiry is waiting for your answer.';
  return [`Inquiries waiting for your answer (${lines.length}):`, ...lines].join('\n');
}

async function respond(
  ctx: CommandContext,
  options: InquiryCommandOptions,
  respondCmd: string,
  listCmd: string,
): Promise<string> {
  const [, id = '', args = ''] = /^(\S*)\s*([\s\S]*)$/.exec(ctx.args) ?? [];
  if (!id) throw new CommandError(`Say which inquiry: ${respondCmd} <inquiry id> key=value …`);
  const author = ctx.event.author;
  const { st2, personal } = await gatewayFor(author, options.st2, options.credentials);
  let inquiry: Inquiry;
  try {
    inquiry = await st2.getInquiry(id);
  } catch (error) {
    if (error instanceof St2Error && error.code === 'not_found')
      throw new CommandError(`There is no inquiry ${id}. ${listCmd} lists yours.`, {
        cause: error,
      });
    return fail(error, id, personal, options, ctx);
  }
  if (!personal && !ctx.isAdmin && !(await isFor(inquiry, author.id, options.watcher)).mine) {
    throw new CommandError(
      `Inquiry ${id} is not yours to answer: it was not asked of you, nor by a command you ran. Sign in to StackStorm to answer as yourself.`,
    );
  }
  if (!args.trim()) {
    const origin = await options.watcher.origin(id).catch(() => undefined);
    return inquiryMessage(inquiry, origin, respondCmd).text;
  }
  const response = parseAnswer(args, inquiry, respondCmd);
  try {
    await st2.respondToInquiry(id, response);
  } catch (error) {
    return fail(error, id, personal, options, ctx);
  }
  ctx.log.info({ inquiry: id }, 'inquiry answered');
  const given = Object.entries(response)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return `Answered inquiry ${id} (${given}). StackStorm takes it from here.`;
}

/** st2's refusal in plain words: RBAC, an answered or expired inquiry, rejected credentials. */
async function fail(
  error: unknown,
  id: string,
  personal: boolean,
  options: InquiryCommandOptions,
  ctx: CommandContext,
): Promise<never> {
  if (personal && error instanceof St2Error && error.code === 'unauthorized') {
    throw new CommandError(await options.credentials.rejected(ctx.event.author), { cause: error });
  }
  if (error instanceof St2Error && error.code === 'forbidden') {
    throw new CommandError(
      `StackStorm does not let you answer inquiry ${id}${error.faultstring ? `: ${error.faultstring}` : '.'} Its users and roles say who may; a StackStorm administrator can change the RBAC rules.`,
      { cause: error },
    );
  }
  return explainSt2Error(error, `the answer to inquiry ${id}`);
}

/**
 * The bot core: the pipeline every inbound message goes through.
 *
 * ignore own messages → plain quotes and spaces (chat-text.ts) → find the prefix → find the command → ACL → handler → render → split → send
 */
import { randomBytes } from 'node:crypto';
import { decide, isAdmin } from '../acl/index.js';
import type { AclPolicy } from '../acl/index.js';
import type { Logger } from '../log.js';
import type { ChatBackend, EventSink } from './backend.js';
import {
  CommandRegistry,
  SilentDenial,
  type Command,
  type CommandContext,
  type CommandResult,
} from './command.js';
import { normalizeChatText } from './chat-text.js';
import { CommandError, toError } from './errors.js';
import type { Feature } from './feature.js';
import { threadOf, type Principal, type Target } from './identity.js';
import type { ChatEvent, OutgoingMessage, SentMessage } from './message.js';
import type { Metrics } from './metrics.js';
import { commandText, splitCommand, type AddressingOptions } from './prefix.js';
import { measureIn, splitText } from './split.js';

/** The cause of a CommandError raised by the ACL, so a denial can be told from other errors. */
class AclDenial extends Error {
  override readonly name = 'AclDenial';
}

/** Options of the bot core. */
export interface BotOptions {
  /** The chat back-end. */
  readonly backend: ChatBackend;
  /** How the bot is addressed (prefix, names, direct-message rule). */
  readonly addressing: AddressingOptions;
  /** The ACL policy. */
  readonly acl: AclPolicy;
  /** The process logger. */
  readonly logger: Logger;
  /** Where operational notices for administrators go (announcement-style channel strings). */
  readonly adminChannels?: readonly string[] | undefined;
  /** Counts how each command ended (`commands`). */
  readonly metrics?: Metrics | undefined;
}

/** The bot: receives chat events, runs commands, sends replies. */
export class Bot implements EventSink {
  /** Registered commands. */
  readonly commands = new CommandRegistry();
  /** The back-end this bot runs on. */
  readonly backend: ChatBackend;
  readonly logger: Logger;
  private readonly options: BotOptions;
  private readonly features: Feature[] = [];
  /** Runs command words no command claims (a feature's `fallback`). */
  private fallback: Command | undefined;

  constructor(options: BotOptions) {
    this.options = options;
    this.backend = options.backend;
    this.logger = options.logger;
  }

  /** Plug a feature in: register its commands now, start and stop it with the bot. */
  use(feature: Feature): void {
    for (const command of feature.commands) this.commands.register(command);
    this.fallback = feature.fallback ?? this.fallback;
    this.features.push(feature);
  }

  /** The addressing options (prefix and names), for help texts. */
  get addressing(): AddressingOptions {
    return this.options.addressing;
  }

  /** Start the features, then connect the back-end and start handling messages. */
  async start(): Promise<void> {
    for (const feature of this.features) await feature.start?.();
    await this.backend.start(this);
  }

  /** Disconnect the back-end, then stop the features (even when disconnecting failed). */
  async stop(): Promise<void> {
    try {
      await this.backend.stop();
    } finally {
      for (const feature of [...this.features].reverse()) await feature.stop?.();
    }
  }

  /** True when the person is one of the bot's administrators. */
  isAdmin(person: Principal): boolean {
    return isAdmin(this.options.acl, person.aclKey);
  }

  /** Where replies to an event go: its room or the direct conversation, in or beside its thread. */
  private replyTarget(event: ChatEvent): Target {
    const thread = threadOf(event.threadId, event.messageId);
    return event.place.kind === 'room'
      ? { kind: 'room', room: event.place.room, thread }
      : { kind: 'direct', user: event.author, thread };
  }

  /** Handle one inbound event. Never rejects. */
  async receive(event: ChatEvent): Promise<void> {
    try {
      await this.handle(event);
    } catch (error) {
      this.logger.error({ err: toError(error) }, 'failed to handle a chat event');
    }
  }

  /**
   * Send a message, fitted to the back-end's `caps`: its thread settled (see `Thread`), rich content
   * dropped where not rendered, and text longer than `caps.length` attached or split (see
   * `MessageLength`). Parts are posted in order, the mention with the first, rich content and
   * buttons with the last; buttons are dropped where the back-end has none.
   */
  async send(target: Target, message: OutgoingMessage): Promise<SentMessage[]> {
    const { length, rich, buttons } = this.backend.caps;
    const to = this.settleThread(target, message);
    const whole: OutgoingMessage = {
      ...message,
      rich: rich ? message.rich : undefined,
      actions: buttons && message.actions?.length ? message.actions : undefined,
    };
    const measure = measureIn(length.unit);
    const size = measure(message.text);
    if (whole.rich?.halves || size <= length.max) return [await this.backend.send(to, whole)];
    if (length.attachAbove !== undefined && size > length.attachAbove) {
      return [await this.backend.send(to, { ...whole, attach: true })];
    }
    const texts = splitText(message.text, length.max, measure);
    const sent: SentMessage[] = [];
    for (const [index, text] of texts.entries()) {
      sent.push(
        await this.backend.send(to, {
          text,
          mention: index === 0 ? message.mention : undefined,
          rich: index === texts.length - 1 ? whole.rich : undefined,
          actions: index === texts.length - 1 ? whole.actions : undefined,
          part: { index, count: texts.length },
        }),
      );
    }
    return sent;
  }

  /** The target with its thread settled: kept `in`, `beside` made `in` or dropped. */
  private settleThread(target: Target, message: OutgoingMessage): Target {
    const thread = target.thread;
    if (!thread || (thread.mode === 'in' && this.backend.caps.threads)) return target;
    const inThread = this.backend.caps.threads && threadRequested(message, this.backend.name);
    return { ...target, thread: inThread ? { id: thread.id, mode: 'in' } : undefined };
  }

  /** Send an operational notice to the configured admin channels (and always log it). */
  async notifyAdmins(text: string): Promise<void> {
    this.logger.warn({ notice: text }, 'admin notice');
    for (const channel of this.options.adminChannels ?? []) {
      try {
        const target = await this.backend.identity.targetFor(channel);
        if (target) await this.send(target, { text });
      } catch (error) {
        this.logger.error({ err: toError(error), channel }, 'could not send an admin notice');
      }
    }
  }

  private async handle(received: ChatEvent): Promise<void> {
    const self = this.backend.identity.self();
    if (self && received.author.id === self.id) return;
    // Before addressing, so `!st2\u00a0help` and `“!st2”` are addressed like their plain forms.
    const event: ChatEvent = { ...received, text: normalizeChatText(received.text) };
    const text = commandText(
      { text: event.text, direct: event.place.kind === 'direct', mentionsBot: event.mentionsBot },
      this.options.addressing,
    );
    if (text === undefined) return;

    const { name, args } = splitCommand(text);
    let command = this.commands.get(name);
    let commandArgs = args;
    if (!command) {
      command = this.fallback;
      commandArgs = text;
    }
    const target = this.replyTarget(event);
    if (!command) {
      this.options.metrics?.count('commands', 'unknown');
      await this.send(target, {
        text: `I don't know the command "${name}". Type ${this.options.addressing.prefix}help to see what I can do.`,
      });
      return;
    }

    const log = this.logger.child({
      command: command.name,
      user: event.author.aclKey,
      backend: this.backend.name,
    });
    const ctx = this.context(event, command, name, commandArgs, text, target, log);
    try {
      ctx.authorize(command.aclKey, text);
      await this.sendResult(target, await command.run(ctx));
      this.options.metrics?.count('commands', 'ok');
    } catch (error) {
      await this.fail(error, target, log);
    }
  }

  private context(
    event: ChatEvent,
    command: Command,
    name: string,
    args: string,
    text: string,
    replyTarget: Target,
    log: Logger,
  ): CommandContext {
    const room = event.place.kind === 'room' ? event.place.room.aclKey : undefined;
    const check = (key: string, checkArgs: string) =>
      decide(this.options.acl, {
        command: key,
        args: checkArgs,
        user: event.author.aclKey,
        room,
        adminOnly: key === command.aclKey ? command.adminOnly : false,
      });
    return {
      event,
      name: command === this.fallback ? '' : name,
      args,
      text,
      backend: this.backend,
      replyTarget,
      isAdmin: this.isAdmin(event.author),
      log,
      authorize: (key, checkArgs = text) => {
        const decision = check(key, checkArgs);
        if (decision.allowed) return;
        log.info({ key, reason: decision.reason }, 'denied by ACL');
        if (decision.hidden) throw new SilentDenial(decision.reason);
        throw new CommandError(decision.reason, { cause: new AclDenial(decision.reason) });
      },
      may: (key, checkArgs = text) => check(key, checkArgs).allowed,
      reply: async (message) => {
        await this.send(replyTarget, typeof message === 'string' ? { text: message } : message);
      },
    };
  }

  private async sendResult(target: Target, result: CommandResult): Promise<void> {
    if (result === undefined) return;
    const list = Array.isArray(result) ? result : [result];
    for (const item of list as (string | OutgoingMessage)[]) {
      await this.send(target, typeof item === 'string' ? { text: item } : item);
    }
  }

  private async fail(error: unknown, target: Target, log: Logger): Promise<void> {
    if (error instanceof SilentDenial) {
      this.options.metrics?.count('commands', 'denied');
      return;
    }
    if (error instanceof CommandError) {
      this.options.metrics?.count(
        'commands',
        error.cause instanceof AclDenial ? 'denied' : 'error',
      );
      await this.trySend(target, error.message, log);
      return;
    }
    this.options.metrics?.count('commands', 'failed');
    const ref = randomBytes(4).toString('hex');
    log.error({ err: toError(error), ref }, 'command failed unexpectedly');
    await this.trySend(
      target,
      `Sorry, something went wrong (reference ${ref}). An operator can find the details in the bot's log.`,
      log,
    );
  }

  private async trySend(target: Target, text: string, log: Logger): Promise<void> {
    try {
      await this.send(target, { text });
    } catch (error) {
      log.error({ err: toError(error) }, 'could not send a reply');
    }
  }
}

/**
 * True when st2's `extra.<back-end>.thread_response` (or `extra.slack.thread_response`, which
 * every chat honours) asks for the message in a thread under the one it answers.
 */
function threadRequested(message: OutgoingMessage, backend: string): boolean {
  const extra = message.rich?.extra;
  return [extra?.[backend], extra?.slack].some(
    (o) =>
      typeof o === 'object' &&
      o !== null &&
      Boolean((o as Record<string, unknown>).thread_response),
  );
}

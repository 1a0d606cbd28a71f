/**
 * Commands: what the core routes a message to once it has found the bot's prefix.
 */
import type { Logger } from '../log.js';
import type { ChatBackend } from './backend.js';
import type { Target } from './identity.js';
import type { ChatEvent, OutgoingMessage } from './message.js';

/** What a command handler gets. */
export interface CommandContext {
  /** The message that invoked the command. */
  readonly event: ChatEvent;
  /** The command word as typed (lower-cased). Empty for the fallback command. */
  readonly name: string;
  /** Everything after the command word, trimmed; multi-line text keeps its lines. */
  readonly args: string;
  /** The whole command text after the prefix (`st2 deploy web`), what ACL args rules see. */
  readonly text: string;
  /** The back-end the message came from. */
  readonly backend: ChatBackend;
  /** Where replies to this message go (the room and thread, or the direct conversation). */
  readonly replyTarget: Target;
  /** True when the author is one of the bot's administrators. */
  readonly isAdmin: boolean;
  /** A child logger carrying the command and the author. */
  readonly log: Logger;
  /**
   * Check an additional ACL key (e.g. the per-alias key `st2:pack.alias`) for this author and
   * place. Throws `CommandError` with the denial reason, or `SilentDenial` when denials are hidden.
   */
  authorize(key: string, args?: string): void;
  /** True when the ACL would allow `key` here, without throwing. */
  may(key: string, args?: string): boolean;
  /** Send a reply now (before the handler returns), to `replyTarget`. */
  reply(message: string | OutgoingMessage): Promise<void>;
}

/** What a handler may return: nothing, or one reply (or several) to send to `replyTarget`. */
// eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- handlers that return nothing are typed void
export type CommandResult = void | string | OutgoingMessage | readonly (string | OutgoingMessage)[];

/** A chat command. */
export interface Command {
  /** The command word, lower case (`help`, `whoami`, `st2help`, `st2`). */
  readonly name: string;
  /** The ACL key checked before the handler runs (`core:help`, `st2:st2help`). */
  readonly aclKey: string;
  /** One line for `help`. */
  readonly summary: string;
  /** Usage after the command word, for `help` (`[pack] [keyword] [--limit N]`). */
  readonly usage?: string | undefined;
  /** Only administrators may run it (and only in direct messages unless the ACL says otherwise). */
  readonly adminOnly?: boolean | undefined;
  /** Not listed by `help`. */
  readonly hidden?: boolean | undefined;
  /** The handler. Throw `CommandError` for a reason the person should read. */
  run(ctx: CommandContext): Promise<CommandResult> | CommandResult;
}

/** Thrown by `CommandContext.authorize` when the ACL denies and denials are hidden. */
export class SilentDenial extends Error {
  override readonly name = 'SilentDenial';
}

/** The set of commands, by name. */
export class CommandRegistry {
  private readonly byName = new Map<string, Command>();

  /** Add a command; a second command with the same name is a programming error. */
  register(command: Command): void {
    const name = command.name.toLowerCase();
    if (this.byName.has(name)) throw new Error(`command ${name} is registered twice`);
    this.byName.set(name, command);
  }

  /** The command for a command word. */
  get(name: string): Command | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** Every registered command, sorted by name. */
  list(): Command[] {
    return [...this.byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}

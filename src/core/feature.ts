/**
 * The one way a part of the bot plugs into it: the commands it adds, and what it does while the
 * bot runs. The built-ins, chatops and sessions are features; `Bot.use` takes them.
 */
import type { Command } from './command.js';

/** A part of the bot: its commands and its lifetime. */
export interface Feature {
  /** A short name for logs (`core`, `chatops`, `sessions`). */
  readonly name: string;
  /** The commands it adds (names are unique across features). */
  readonly commands: readonly Command[];
  /**
   * Runs text whose first word names no command (stormbot's empty-prefix mode sends it to
   * StackStorm); its `args` are the whole command text. At most one feature has one.
   */
  readonly fallback?: Command | undefined;
  /** Called by `Bot.start`, in the order features were added, before the back-end connects. */
  start?(): Promise<void>;
  /** Called by `Bot.stop`, in reverse order, after the back-end disconnected. */
  stop?(): Promise<void> | void;
}

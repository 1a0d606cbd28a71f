/**
 * stormbot's public API: the alias engine (StackStorm-exact parsing and matching), the bot core
 * and its back-end interface, and the building blocks an integration needs.
 *
 * @example
 * import { AliasIndex, parseAliasCommand } from 'stormbot';
 * parseAliasCommand('greet {{greeting=Hello}}', 'greet Hi'); // { greeting: 'Hi' }
 */
export {
  AliasIndex,
  AliasLimitError,
  AliasParseError,
  MAX_COMMAND_LENGTH,
  loadPackAliases,
  lintPacks,
  parseAliasCommand,
  parseAliasCommandMultiple,
} from './aliases/index.js';
export type { AliasMatch, HelpPage, LintFinding, LintReport } from './aliases/index.js';
export {
  decide,
  fnmatch,
  type AclDecision,
  type AclPolicy,
  type AclRequest,
  type AclRule,
} from './acl/index.js';
export { Bot, type BotOptions } from './core/bot.js';
export { CommandError, ConfigError } from './core/errors.js';
export type { Command, CommandContext, CommandResult } from './core/command.js';
export type {
  BackendCaps,
  BackendIdentity,
  BackendStatus,
  ChatBackend,
  EventSink,
} from './core/backend.js';
export type { Place, Principal, Room, Target } from './core/identity.js';
export type { ChatEvent, OutgoingMessage, RichContent, SentMessage } from './core/message.js';
export type {
  Action,
  ActionAlias,
  ActionParameter,
  AliasFormat,
  Announcement,
} from './stackstorm/model.js';
export { loadConfig, parseConfig, type StormbotConfig } from './config/index.js';
export { startSandbox, type Sandbox, type SandboxOptions } from './sandbox/index.js';
export { St2Client, St2Stream, St2Error, type St2ClientOptions } from './stackstorm/index.js';

/**
 * The IRC back-end, loaded lazily by the back-end registry (it imports irc-framework).
 */
import type { ChatBackend } from '../../core/backend.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../log.js';
import { IrcBackend } from './backend.js';
import { parseIrcSettings } from './config.js';

export { IrcBackend } from './backend.js';
export type { IrcBackendDeps } from './backend.js';
export { parseIrcSettings } from './config.js';
export type { IrcChannel, IrcSettings } from './config.js';

/**
 * Create the IRC back-end from `backends.irc` settings. Throws `ConfigError` naming the key when
 * the settings are invalid.
 */
export function createBackend(
  settings: unknown,
  deps: { logger: Logger; clock?: Clock | undefined },
): ChatBackend {
  return new IrcBackend(parseIrcSettings(settings), deps);
}

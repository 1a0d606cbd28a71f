/**
 * The IRC back-end, loaded lazily by the back-end registry (it imports irc-framework).
 */
import type { ChatBackend } from '../../core/backend.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../log.js';
import { IrcBackend } from './backend.js';
import type { IrcSettings } from './settings.js';

export { IrcBackend } from './backend.js';
export type { IrcBackendDeps } from './backend.js';
export { ircSettingsSchema } from './settings.js';
export type { IrcChannel, IrcSettings } from './settings.js';

/** Create the IRC back-end from validated `backends.irc` settings. */
export function createBackend(
  settings: IrcSettings,
  deps: { logger: Logger; clock?: Clock | undefined },
): ChatBackend {
  return new IrcBackend(settings, deps);
}

/**
 * The XMPP back-end, loaded lazily by the back-end registry (it imports @xmpp/client).
 */
import type { ChatBackend } from '../../core/backend.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../log.js';
import { XmppBackend } from './backend.js';
import type { XmppSettings } from './settings.js';

export { XmppBackend } from './backend.js';
export type { XmppBackendDeps } from './backend.js';
export { xmppSettingsSchema } from './settings.js';
export type { XmppSettings } from './settings.js';

/** Create the XMPP back-end from validated `backends.xmpp` settings. */
export function createBackend(
  settings: XmppSettings,
  deps: { logger: Logger; clock?: Clock | undefined },
): ChatBackend {
  return new XmppBackend(settings, deps);
}

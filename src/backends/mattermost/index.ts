/**
 * The Mattermost back-end (REST + WebSocket). Configured under `backends.mattermost`; see
 * `docs/backends/mattermost.md`.
 */
import type { ChatBackend } from '../../core/backend.js';
import { MattermostBackend, type MattermostBackendDeps } from './backend.js';
import type { MattermostSettings } from './settings.js';

export { MattermostBackend } from './backend.js';
export type { MattermostBackendDeps } from './backend.js';
export { renderMattermost } from './format.js';
export { readPosted, readText } from './inbound.js';
export { mattermostSettingsSchema } from './settings.js';
export type { MattermostSettings } from './settings.js';

/** Create the Mattermost back-end from its validated settings (`backends.mattermost`). */
export function createBackend(
  settings: MattermostSettings,
  deps: MattermostBackendDeps,
): ChatBackend {
  return new MattermostBackend(settings, deps);
}

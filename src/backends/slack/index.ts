/**
 * The Slack back-end (Socket Mode + Web API). Configured under `backends.slack`; see
 * `docs/backends/slack.md`.
 */
import type { ChatBackend } from '../../core/backend.js';
import { SlackBackend, type SlackBackendDeps } from './backend.js';
import type { SlackSettings } from './settings.js';

export { SlackBackend } from './backend.js';
export type { SlackBackendDeps } from './backend.js';
export { renderSlack } from './format.js';
export { readText, readInbound } from './inbound.js';
export { slackSettingsSchema } from './settings.js';
export type { SlackSettings } from './settings.js';

/** Create the Slack back-end from its validated settings (`backends.slack`). */
export function createBackend(settings: SlackSettings, deps: SlackBackendDeps): ChatBackend {
  return new SlackBackend(settings, deps);
}

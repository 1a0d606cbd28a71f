/**
 * The Slack back-end (Socket Mode + Web API). Configured under `backends.slack`; see
 * `docs/backends/slack.md`.
 */
import type { ChatBackend } from '../../core/backend.js';
import { SlackBackend, type SlackBackendDeps } from './backend.js';
import { parseSlackSettings } from './settings.js';

export { SlackBackend } from './backend.js';
export type { SlackBackendDeps } from './backend.js';
export { renderSlack } from './format.js';
export { readText, readInbound } from './inbound.js';
export { parseSlackSettings, slackSettingsSchema } from './settings.js';
export type { SlackSettings } from './settings.js';

/**
 * Create the Slack back-end from its settings (`backends.slack`), validated here; invalid
 * settings throw a `ConfigError` naming the key.
 */
export function createBackend(settings: unknown, deps: SlackBackendDeps): ChatBackend {
  return new SlackBackend(parseSlackSettings(settings), deps);
}

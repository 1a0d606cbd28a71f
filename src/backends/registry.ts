/**
 * The back-end registry: maps the configured back-end name to its folder, loaded lazily so that
 * an IRC deployment never loads the Slack SDK.
 */
import type { ChatBackend } from '../core/backend.js';
import type { Clock } from '../core/clock.js';
import { ConfigError } from '../core/errors.js';
import type { Logger } from '../log.js';

/** What every back-end folder's `index.ts` exports. */
export interface BackendModule {
  /**
   * Validate the back-end's own settings (`backends.<name>` in the configuration) and build it.
   * Throws `ConfigError` naming `backends.<name>.<key>` for invalid settings.
   */
  createBackend(settings: unknown, deps: BackendDeps): ChatBackend | Promise<ChatBackend>;
}

/** What the app gives a back-end. */
export interface BackendDeps {
  readonly logger: Logger;
  readonly clock?: Clock | undefined;
  /** The configured bot name (`bot.name`), for a back-end that shows it (the terminal). */
  readonly botName?: string | undefined;
  /** Called when the conversation ends by itself (the terminal's input closed). */
  readonly onEnd?: (() => void) | undefined;
}

const loaders: Record<string, () => Promise<BackendModule>> = {
  terminal: () => import('./terminal/module.js'),
  test: () => import('./test/module.js'),
  slack: () => import('./slack/index.js'),
  mattermost: () => import('./mattermost/index.js'),
  xmpp: () => import('./xmpp/index.js'),
  irc: () => import('./irc/index.js'),
};

/** Names of the back-ends this build knows. */
export const BACKEND_NAMES: readonly string[] = Object.keys(loaders);

/** Load a back-end's module by name; an unknown name is a configuration error. */
export async function loadBackendModule(name: string): Promise<BackendModule> {
  const load = loaders[name];
  if (!load) {
    throw new ConfigError(
      'backend',
      `unknown back-end "${name}" (known: ${BACKEND_NAMES.join(', ')})`,
    );
  }
  return load();
}

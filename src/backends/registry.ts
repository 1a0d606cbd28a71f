/**
 * The back-end registry: each back-end's settings schema, and its folder loaded lazily so that an
 * IRC deployment never loads the Slack SDK. The configuration validates `backends.<name>` with
 * the schema at load time, so `createBackend` receives typed, valid settings.
 */
import type { z } from 'zod';
import type { ChatBackend } from '../core/backend.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../log.js';
import { ircSettingsSchema } from './irc/settings.js';
import { mattermostSettingsSchema } from './mattermost/settings.js';
import { slackSettingsSchema } from './slack/settings.js';
import { terminalSettingsSchema } from './terminal/settings.js';
import { testSettingsSchema } from './test/settings.js';
import { xmppSettingsSchema } from './xmpp/settings.js';

/**
 * Each back-end's settings schema (`backends.<name>` as written); its output is what the
 * back-end's `createBackend` receives. Errors name `backends.<name>.<key>`.
 */
export const BACKEND_SETTINGS = {
  terminal: terminalSettingsSchema,
  test: testSettingsSchema,
  slack: slackSettingsSchema,
  mattermost: mattermostSettingsSchema,
  xmpp: xmppSettingsSchema,
  irc: ircSettingsSchema,
} satisfies Record<string, z.ZodType>;

/** Names of the back-ends this build knows. */
export type BackendName = keyof typeof BACKEND_SETTINGS;

/** The validated settings of back-end `N` (of any back-end by default). */
export type BackendSettings<N extends BackendName = BackendName> = z.output<
  (typeof BACKEND_SETTINGS)[N]
>;

/** What every back-end folder's `index.ts` exports. */
export interface BackendModule<S = BackendSettings> {
  /** Build the back-end from its validated settings (`backends.<name>`). */
  createBackend(settings: S, deps: BackendDeps): ChatBackend | Promise<ChatBackend>;
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

const loaders: { [N in BackendName]: () => Promise<BackendModule<BackendSettings<N>>> } = {
  terminal: () => import('./terminal/index.js'),
  test: () => import('./test/index.js'),
  slack: () => import('./slack/index.js'),
  mattermost: () => import('./mattermost/index.js'),
  xmpp: () => import('./xmpp/index.js'),
  irc: () => import('./irc/index.js'),
};

/** Names of the back-ends this build knows, in the order error messages list them. */
export const BACKEND_NAMES = Object.keys(BACKEND_SETTINGS) as readonly BackendName[];

/** True for the name of a back-end this build knows. */
export function isBackendName(name: string): name is BackendName {
  return Object.hasOwn(BACKEND_SETTINGS, name);
}

/** Load a back-end's module by name (the configuration has checked the name). */
export async function loadBackendModule<N extends BackendName>(
  name: N,
): Promise<BackendModule<BackendSettings<N>>> {
  return loaders[name]();
}

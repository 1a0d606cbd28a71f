/**
 * The terminal back-end: the bot on standard input and output. Configured under
 * `backends.terminal`; see `docs/backends/terminal.md`.
 */
import type { ChatBackend } from '../../core/backend.js';
import { TerminalBackend } from './backend.js';
import type { TerminalSettings } from './settings.js';

export { TerminalBackend } from './backend.js';
export type { TerminalBackendOptions } from './backend.js';
export { terminalSettingsSchema } from './settings.js';
export type { TerminalSettings } from './settings.js';

/** Build the terminal back-end from its validated settings; the bot's name is the default. */
export function createBackend(
  settings: TerminalSettings,
  deps: { botName?: string | undefined; onEnd?: (() => void) | undefined },
): ChatBackend {
  return new TerminalBackend({
    ...settings,
    botName: settings.botName ?? deps.botName,
    onEnd: deps.onEnd,
  });
}

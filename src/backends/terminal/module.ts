/**
 * Registry entry of the terminal back-end: its settings schema (`backends.terminal`) and builder.
 */
import { z } from 'zod';
import type { ChatBackend } from '../../core/backend.js';
import { TerminalBackend } from './backend.js';

/** The schema of `backends.terminal`. */
export const terminalSettingsSchema = z
  .strictObject({
    user: z.string().min(1).optional(),
    room: z.string().min(1).optional(),
    bot_name: z.string().min(1).optional(),
  })
  .transform(({ user, room, bot_name: botName }) => ({ user, room, botName }));

/** Validated settings of the terminal back-end. */
export type TerminalSettings = z.output<typeof terminalSettingsSchema>;

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

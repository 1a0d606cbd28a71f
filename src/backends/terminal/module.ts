/**
 * Registry entry of the terminal back-end: validates `backends.terminal` and builds it.
 */
import { z } from 'zod';
import type { ChatBackend } from '../../core/backend.js';
import { ConfigError } from '../../core/errors.js';
import { TerminalBackend } from './backend.js';

const settingsSchema = z
  .object({
    user: z.string().min(1).optional(),
    room: z.string().min(1).optional(),
    bot_name: z.string().min(1).optional(),
  })
  .strict();

/** Settings of the terminal back-end (`backends.terminal`). */
export type TerminalSettings = z.infer<typeof settingsSchema>;

/** Build the terminal back-end from its settings; the bot's name is the default `bot_name`. */
export function createBackend(
  settings: unknown,
  deps: { botName?: string | undefined; onEnd?: (() => void) | undefined },
): ChatBackend {
  const { botName, ...rest } = parseTerminalSettings(settings);
  return new TerminalBackend({ ...rest, botName: botName ?? deps.botName, onEnd: deps.onEnd });
}

/** Validate the settings; throws ConfigError naming `backends.terminal.<key>`. */
function parseTerminalSettings(settings: unknown): {
  user?: string;
  room?: string;
  botName?: string;
} {
  const result = settingsSchema.safeParse(settings ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = ['backends', 'terminal', ...(issue?.path ?? []).map(String)].join('.');
    throw new ConfigError(key, issue?.message ?? 'invalid');
  }
  const { user, room, bot_name: botName } = result.data;
  return { user, room, botName };
}

/**
 * The settings of the terminal back-end (`backends.terminal`; `--user`/`--room` on the command line).
 */
import { z } from 'zod';

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

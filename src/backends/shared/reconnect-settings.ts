/**
 * The `reconnect` block of the IRC and XMPP settings: the first delay and the cap of the
 * reconnect backoff, in seconds in the configuration and in milliseconds once validated.
 */
import { z } from 'zod';

/** The schema of `backends.<name>.reconnect`: the cap must not be below the first delay. */
export const reconnectSchema = z
  .strictObject({
    initial_seconds: z.number().positive().default(1),
    max_seconds: z.number().positive().default(60),
  })
  .refine((b) => b.max_seconds >= b.initial_seconds, {
    path: ['max_seconds'],
    error: 'must not be smaller than initial_seconds',
  })
  .prefault({});

/** Reconnect backoff: first delay and cap, in milliseconds. */
export interface ReconnectSettings {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** The validated block in milliseconds. */
export function reconnectSettings(block: z.output<typeof reconnectSchema>): ReconnectSettings {
  return { initialMs: block.initial_seconds * 1000, maxMs: block.max_seconds * 1000 };
}

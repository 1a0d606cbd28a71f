/**
 * The `reconnect` block of the IRC and XMPP settings: the first delay and the cap of the
 * reconnect backoff, in seconds in the configuration and in milliseconds once validated.
 */
import { z } from 'zod';
import { ConfigError } from '../../core/errors.js';

/** The schema of `backends.<name>.reconnect`. */
export const reconnectSchema = z
  .strictObject({
    initial_seconds: z.number().positive().default(1),
    max_seconds: z.number().positive().default(60),
  })
  .prefault({});

/** Reconnect backoff: first delay and cap, in milliseconds. */
export interface ReconnectSettings {
  readonly initialMs: number;
  readonly maxMs: number;
}

/**
 * The validated block in milliseconds; throws `ConfigError('<prefix>.reconnect.max_seconds')`
 * when the cap is below the first delay.
 * @param prefix the dotted path of the back-end's settings (`backends.irc`)
 */
export function reconnectSettings(
  block: z.output<typeof reconnectSchema>,
  prefix: string,
): ReconnectSettings {
  if (block.max_seconds < block.initial_seconds) {
    throw new ConfigError(
      `${prefix}.reconnect.max_seconds`,
      'must not be smaller than initial_seconds',
    );
  }
  return { initialMs: block.initial_seconds * 1000, maxMs: block.max_seconds * 1000 };
}

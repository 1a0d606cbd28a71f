/**
 * The structured logger. One pino instance for the whole process (fastify shares it), with
 * every path that can hold a secret redacted.
 */
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Paths (pino redact syntax) whose values are replaced by `[redacted]` in every log line. */
export const REDACTED_PATHS = [
  'password',
  'token',
  'apikey',
  'apiKey',
  'api_key',
  'secret',
  'secretWord',
  'authorization',
  '*.password',
  '*.token',
  '*.apikey',
  '*.apiKey',
  '*.api_key',
  '*.secret',
  '*.secretWord',
  '*.authorization',
  'headers["x-auth-token"]',
  'headers["st2-api-key"]',
  '*.headers["x-auth-token"]',
  '*.headers["st2-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
];

/** Options for `createLogger`. */
export interface LoggerOptions {
  /** pino level; `silent` disables output. Defaults to `STORMBOT_LOG_LEVEL` or `info`. */
  level?: string;
  /** Where lines go; defaults to stderr so stdout stays free for the terminal back-end. */
  destination?: pino.DestinationStream;
}

/** Create the process logger. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.STORMBOT_LOG_LEVEL ?? 'info';
  return pino(
    {
      level,
      base: { name: 'stormbot' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    options.destination ?? pino.destination(2),
  );
}

/** A logger that writes nothing, for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

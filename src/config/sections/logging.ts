/**
 * `logging.*`: the log level (hubot's level names are accepted from its variable).
 */
import { z } from 'zod';
import { lower, reject, type EnvVarSpec } from '../fields.js';

/** The schema of `logging`. */
export const schema = z.strictObject({
  level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** hubot's log levels (the `log` package's) → pino levels. */
const HUBOT_LEVELS: Record<string, string> = {
  debug: 'debug',
  info: 'info',
  notice: 'info',
  warning: 'warn',
  warn: 'warn',
  error: 'error',
  critical: 'fatal',
  alert: 'fatal',
  emergency: 'fatal',
};

/** The environment variables of `logging.*`. */
export const env: readonly EnvVarSpec[] = [
  { name: 'STORMBOT_LOG_LEVEL', key: 'logging.level', parse: lower },
  {
    name: 'HUBOT_LOG_LEVEL',
    key: 'logging.level',
    parse: (v, name) =>
      HUBOT_LEVELS[v.trim().toLowerCase()] ??
      reject(
        name,
        `must be one of ${Object.keys(HUBOT_LEVELS).join(', ')}, not "${v.slice(0, 40)}"`,
      ),
  },
];

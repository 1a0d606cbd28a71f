/**
 * `backend` and `backends.*`: which chat back-end runs, and its settings validated by the schema
 * its folder exports (see `src/backends/registry.ts`).
 */
import { z } from 'zod';
import {
  BACKEND_NAMES,
  BACKEND_SETTINGS,
  isBackendName,
  type BackendName,
  type BackendSettings,
} from '../../backends/registry.js';
import { str, word, type EnvVarSpec } from '../fields.js';
import { issueToError, reasonFor } from '../issues.js';

/** The schema of `backend`. */
export const backendSchema = word('a back-end name')
  .min(1)
  .default('terminal')
  .pipe(
    z.custom<BackendName>((v) => typeof v === 'string' && isBackendName(v), {
      error: (issue) =>
        `unknown back-end "${String(issue.input)}" (known: ${BACKEND_NAMES.join(', ')})`,
    }),
  );

/** The schema of `backends`: one mapping per back-end, validated when that one is chosen. */
export const backendsSchema = z
  .record(z.string(), z.record(z.string(), z.unknown(), { error: 'must be a mapping' }))
  .default({});

/** hubot's adapter names → stormbot back-end names (other names are taken as they are). */
const ADAPTERS: Record<string, string> = {
  shell: 'terminal',
  '@hubot-friends/hubot-slack': 'slack',
  'hubot-slack': 'slack',
  matteruser: 'mattermost',
};

/** The environment variables of `backend` and of back-ends' settings (st2chatops' names). */
export const env: readonly EnvVarSpec[] = [
  { name: 'STORMBOT_BACKEND', key: 'backend', parse: str },
  {
    name: 'HUBOT_ADAPTER',
    key: 'backend',
    parse: (v) => ADAPTERS[v.trim().toLowerCase()] ?? v.trim().toLowerCase(),
  },
  { name: 'HUBOT_SLACK_BOT_TOKEN', key: 'backends.slack.bot_token', parse: str },
  { name: 'HUBOT_SLACK_APP_TOKEN', key: 'backends.slack.app_token', parse: str },
  { name: 'HUBOT_SLACK_TOKEN', key: 'backends.slack.bot_token', parse: str },
  {
    name: 'MATTERMOST_HOST',
    key: 'backends.mattermost.url',
    // hubot-matteruser's MATTERMOST_HOST is a host name (maybe with a port); we want a URL.
    parse: (v) => (/^https?:\/\//i.test(v.trim()) ? v.trim() : `https://${v.trim()}`),
  },
  { name: 'MATTERMOST_GROUP', key: 'backends.mattermost.team', parse: str },
  { name: 'MATTERMOST_ACCESS_TOKEN', key: 'backends.mattermost.token', parse: str },
];

/**
 * Validate the settings of back-end `name` (`backends.<name>`) with its schema. Throws
 * `ConfigError` naming `backends.<name>.<key>` (or the variable that set it, through `label`).
 */
export function settings<N extends BackendName>(
  name: N,
  raw: unknown,
  label: (key: string) => { key: string; suffix: string } = (key) => ({ key, suffix: '' }),
): BackendSettings<N> {
  const schema: z.ZodType = BACKEND_SETTINGS[name];
  const result = schema.safeParse(raw ?? {}, { error: reasonFor });
  if (!result.success) {
    // A missing key is named with the variable that can set it, if any.
    const first = result.error.issues[0];
    const missing = first?.code === 'invalid_type' && first.input === undefined;
    const named = (key: string) => {
      const variable = env.find((v) => v.key === key)?.name;
      return missing && variable ? { key, suffix: ` (or ${variable})` } : label(key);
    };
    throw issueToError(result.error.issues, schema, named, ['backends', name]);
  }
  return result.data as BackendSettings<N>;
}

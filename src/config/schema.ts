/**
 * The shape of `stormbot.yaml` (snake_case, as written by people), as a strict zod schema:
 * unknown keys are errors. Simple defaults live here; defaults that depend on other keys, and
 * checks across keys, live in `normalise.ts`.
 */
import { z } from 'zod';
import { urlProblem } from './urls.js';

const text = z.string().min(1);

/** A string without white space (names, prefixes, routes). */
const word = (what: string) =>
  z.string().regex(/^\S*$/, { error: `must be ${what} without spaces` });

/** An announcement route: it becomes part of st2's comma-separated `events=` filter. */
const route = word('a route name')
  .min(1)
  .regex(/^[^,*?[\]]*$/, { error: 'must not contain , * ? [ or ]' });

/** An http(s) URL. */
const httpUrl = z.string().superRefine((value, ctx) => {
  const problem = urlProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const redisUrl = z.string().superRefine((value, ctx) => {
  const problem = urlProblem(value, ['redis:', 'rediss:'], true);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** Errbot accepts a single string wherever a list of globs is expected. */
const stringOrList = z.preprocess(
  (value) => (typeof value === 'string' ? [value] : value),
  z.array(z.string(), { error: 'must be a string or a list of strings' }),
);

const list = z.array(z.string(), { error: 'must be a list of strings' });

const count = (min: number) => z.number().int().min(min);

/** One ACL rule (Errbot's `ACCESS_CONTROLS` entry). */
export const aclRuleSchema = z.strictObject({
  allowusers: stringOrList.optional(),
  denyusers: stringOrList.optional(),
  allowrooms: stringOrList.optional(),
  denyrooms: stringOrList.optional(),
  allowprivate: z.boolean().optional(),
  allowmuc: z.boolean().optional(),
  allowargs: stringOrList.optional(),
  denyargs: stringOrList.optional(),
});

const botSchema = z.strictObject({
  name: word('a name').min(1).default('stormbot'),
  alt_names: list.default([]),
  prefix: z.string().default('!'),
  prefix_optional_in_direct: z.boolean().default(true),
  admins: stringOrList.default([]),
  admin_channels: list.default([]),
  data_dir: text.default('./.data'),
});

const stackstormSchema = z.strictObject({
  api_url: httpUrl.optional(),
  auth_url: httpUrl.optional(),
  stream_url: httpUrl.optional(),
  webui_url: httpUrl.optional(),
  verify_cert: z.boolean().default(true),
  ca_cert: text.optional(),
  client_cert: text.optional(),
  client_key: text.optional(),
  api_auth: z
    .strictObject({
      user: z.strictObject({ name: text.optional(), password: text.optional() }).optional(),
      token: text.optional(),
      apikey: text.optional(),
    })
    .prefault({}),
  rbac_auth: z
    .strictObject({
      standalone: z.strictObject({}).optional(),
      clientside: z.strictObject({ url: httpUrl.optional() }).optional(),
      // err-stackstorm's unfinished third mode: accepted by the schema so the error can say why.
      serverside: z.unknown().optional(),
    })
    .prefault({}),
  timer_update: count(1).default(60),
  route_key: route.default('stormbot'),
  routes: z.array(route, { error: 'must be a list of strings' }).default([]),
  plugin_prefix: word('a prefix').default('st2'),
  session_ttl: count(1).default(3600),
  user_token_ttl: count(1).default(86400),
  request_timeout: z.number().positive().max(3600).default(30),
  sandbox: z.enum(['auto', 'always', 'never']).default('auto'),
  // err-stackstorm keys stormbot accepts and ignores (with a warning).
  secrets_store: z.string().optional(),
  oob_auth_url: z.string().optional(),
});

const webSchema = z.strictObject({
  enabled: z
    .union([z.boolean(), z.literal('auto')], { error: 'must be auto, true or false' })
    .default('auto'),
  host: text.default('127.0.0.1'),
  port: count(0).max(65535).default(8080),
  base_url: httpUrl.optional(),
  trust_proxy: z
    .union([z.boolean(), count(0), z.string().min(1), z.array(z.string())], {
      error: 'must be true, false, a number of hops, or a list of proxy addresses',
    })
    .default(false),
});

/** The whole file. */
export const fileSchema = z.strictObject({
  bot: botSchema.prefault({}),
  backend: word('a back-end name').min(1).default('terminal'),
  backends: z
    .record(z.string(), z.record(z.string(), z.unknown(), { error: 'must be a mapping' }))
    .default({}),
  stackstorm: stackstormSchema.prefault({}),
  acl: z
    .strictObject({
      rules: z.record(z.string().min(1), aclRuleSchema).default({}),
      defaults: aclRuleSchema.optional(),
      hide_denials: z.boolean().default(false),
    })
    .prefault({}),
  web: webSchema.prefault({}),
  webhook: z.strictObject({ token: text.optional(), hmac_secret: text.optional() }).prefault({}),
  store: z
    .strictObject({
      driver: z.enum(['sqlite', 'memory', 'redis']).default('sqlite'),
      path: text.optional(),
      redis_url: redisUrl.optional(),
      key_prefix: z.string().default('stormbot:'),
    })
    .prefault({}),
  secrets: z.strictObject({ key_file: text.optional() }).prefault({}),
  delivery: z
    .strictObject({
      queue_size: count(1).default(1000),
      max_attempts: count(0).default(0),
      retry_base_ms: count(1).default(1000),
      retry_max_ms: count(1).default(60000),
    })
    .prefault({}),
  logging: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    })
    .prefault({}),
});

/** The file after validation, snake_case, simple defaults applied. */
export type FileConfig = z.output<typeof fileSchema>;

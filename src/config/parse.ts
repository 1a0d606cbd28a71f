/**
 * From already-parsed data (the YAML file's contents) and the environment to `StormbotConfig`:
 * the sections composed into one schema and one list of variables, then each section normalised.
 */
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { SectionContext } from './context.js';
import { protectAndFreeze } from './describe.js';
import { isTree, overlayEnv, readEnv, type Tree } from './env.js';
import type { EnvVarSpec } from './fields.js';
import { describeValue, issueToError, reasonFor } from './issues.js';
import { aclEnv, aclSchema, aclSettings } from './sections/acl.js';
import {
  backendSchema,
  backendSettings,
  backendsEnv,
  backendsSchema,
} from './sections/backends.js';
import { botEnv, botSchema, botSettings } from './sections/bot.js';
import { deliverySchema, deliverySettings } from './sections/delivery.js';
import { loggingEnv, loggingSchema } from './sections/logging.js';
import { stackstormEnv, stackstormSchema, stackstormSettings } from './sections/stackstorm.js';
import {
  SECRET_KEY_ENV,
  secretsSchema,
  secretsSettings,
  storeEnv,
  storeSchema,
  storeSettings,
} from './sections/store.js';
import { webEnv, webhookSchema, webhookSettings, webSchema, webSettings } from './sections/web.js';

/** The shape of `stormbot.yaml` (snake_case, as written by people); unknown keys are errors. */
export const fileSchema = z.strictObject({
  bot: botSchema.prefault({}),
  backend: backendSchema,
  backends: backendsSchema,
  stackstorm: stackstormSchema.prefault({}),
  acl: aclSchema.prefault({}),
  web: webSchema.prefault({}),
  webhook: webhookSchema.prefault({}),
  store: storeSchema.prefault({}),
  secrets: secretsSchema.prefault({}),
  delivery: deliverySchema.prefault({}),
  logging: loggingSchema.prefault({}),
});

/** Every variable that sets a key, grouped by section; within a key the first one set wins. */
export const ENV_VARS: readonly EnvVarSpec[] = [
  ...botEnv,
  ...backendsEnv,
  ...stackstormEnv,
  ...aclEnv,
  ...webEnv,
  ...storeEnv,
  ...loggingEnv,
];

/** Variables read outside the file's keys (documented alongside the others). */
export const OTHER_ENV_VARS = {
  /** Path of the configuration file. */
  config: 'STORMBOT_CONFIG',
  /** The secret store's encryption key; wins over the key file; never part of the config. */
  secretKey: SECRET_KEY_ENV,
} as const;

/** Extra inputs of `parseConfig`. */
export interface ParseOptions {
  /** Base for relative paths (default: the process's working directory). */
  readonly cwd?: string | undefined;
  /** Order of `acl.rules` keys as written in the file, when the reader knows it. */
  readonly ruleOrder?: readonly string[] | undefined;
  /** The back-end to run, over the file and the environment (the command line's `--backend`). */
  readonly backend?: string | undefined;
}

/** Mappings whose entries mean something even when empty (`standalone:` with nothing after it). */
const PRESENCE_MAPS = new Set(['stackstorm.rbac_auth', 'backends', 'acl.rules']);

/**
 * A copy without empty (null) values, so `api_url:` with nothing after it means "not set".
 * In presence maps an empty entry becomes an empty mapping instead.
 */
function withoutNulls(value: unknown, path: string): unknown {
  if (Array.isArray(value)) return value.map((v: unknown) => withoutNulls(v, path));
  if (!isTree(value)) return value;
  const out: Tree = {};
  for (const [key, v] of Object.entries(value)) {
    const child = path ? `${path}.${key}` : key;
    if (v === null || v === undefined) {
      if (PRESENCE_MAPS.has(path)) out[key] = {};
    } else {
      out[key] = withoutNulls(v, child);
    }
  }
  return out;
}

/**
 * Validate a configuration given as data (a parsed YAML file) plus environment overrides.
 * Throws `ConfigError` naming the key (or environment variable) and the reason.
 * @param raw the file's contents; `undefined`/`null` means no file (all defaults)
 * @param env environment variables to apply (default: none — pass `process.env` explicitly)
 * @param source where `raw` came from, kept in `config.source`
 */
export function parseConfig(
  raw: unknown,
  env: NodeJS.ProcessEnv = {},
  source?: string,
  options: ParseOptions = {},
): StormbotConfig {
  const data = raw ?? {};
  if (!isTree(data)) {
    throw new ConfigError(
      '',
      `${source ?? 'the configuration'} must be a mapping of keys (bot:, stackstorm:, …), not ${describeValue(data)}`,
    );
  }
  const layer = readEnv(env, ENV_VARS);
  const { tree, warnings } = overlayEnv(withoutNulls(data, '') as Tree, layer);
  if (options.backend !== undefined) tree.backend = options.backend;
  const ctx = new SectionContext(options.cwd ?? process.cwd(), env, layer.provenance, ENV_VARS);
  ctx.warnings.push(...layer.warnings, ...warnings);
  const result = fileSchema.safeParse(tree, { error: reasonFor });
  if (!result.success) throw issueToError(result.error.issues, fileSchema, ctx.label);
  return protectAndFreeze(sections(result.data, ctx, source, options.ruleOrder));
}

/** The whole configuration. */
export type StormbotConfig = Readonly<ReturnType<typeof sections>>;

/** Each section normalised, in the order their checks and warnings come. */
function sections(
  file: z.output<typeof fileSchema>,
  ctx: SectionContext,
  source: string | undefined,
  ruleOrder: readonly string[] | undefined,
) {
  const bot = botSettings(file.bot, ctx);
  const stackstorm = stackstormSettings(file.stackstorm, ctx);
  const webhook = webhookSettings(file.webhook, ctx);
  const store = storeSettings(file.store, bot.dataDir, ctx);
  const delivery = deliverySettings(file.delivery, ctx);
  const web = webSettings(file.web, stackstorm.rbacAuth, webhook, ctx);
  return {
    /** The file it came from, or undefined when no file was read. */
    source,
    bot,
    /** Name of the chat back-end to run (one the back-end registry knows). */
    backend: file.backend,
    /** That back-end's settings (`backends.<backend>`), validated by its own schema. */
    backendSettings: backendSettings(file.backend, file.backends[file.backend], ctx.label),
    stackstorm,
    acl: aclSettings(file.acl, bot.admins, ruleOrder),
    web,
    webhook,
    store,
    secrets: secretsSettings(file.secrets, bot.dataDir, ctx),
    delivery,
    logging: file.logging,
    /** Things worth a warning at start (deprecated names, ignored keys, risky settings). */
    warnings: ctx.warnings,
  };
}

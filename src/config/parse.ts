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
import * as acl from './sections/acl.js';
import * as backends from './sections/backends.js';
import * as bot from './sections/bot.js';
import * as confirmation from './sections/confirmation.js';
import * as delivery from './sections/delivery.js';
import * as logging from './sections/logging.js';
import * as matching from './sections/matching.js';
import * as stackstorm from './sections/stackstorm.js';
import * as store from './sections/store.js';
import * as web from './sections/web.js';

/** The shape of `stormbot.yaml` (snake_case, as written by people); unknown keys are errors. */
export const fileSchema = z.strictObject({
  bot: bot.schema.prefault({}),
  backend: backends.backendSchema,
  backends: backends.backendsSchema,
  stackstorm: stackstorm.schema.prefault({}),
  acl: acl.schema.prefault({}),
  web: web.schema.prefault({}),
  webhook: web.webhookSchema.prefault({}),
  store: store.schema.prefault({}),
  secrets: store.secretsSchema.prefault({}),
  delivery: delivery.schema.prefault({}),
  confirmation: confirmation.schema.prefault({}),
  logging: logging.schema.prefault({}),
  matching: matching.schema.prefault({}),
});

/** Every variable that sets a key, grouped by section; within a key the first one set wins. */
export const ENV_VARS: readonly EnvVarSpec[] = [
  ...bot.env,
  ...backends.env,
  ...stackstorm.env,
  ...acl.env,
  ...web.env,
  ...store.env,
  ...logging.env,
  ...confirmation.env,
  ...matching.env,
];

/** Variables read outside the file's keys (documented alongside the others). */
export const OTHER_ENV_VARS = {
  /** Path of the configuration file. */
  config: 'STORMBOT_CONFIG',
  /** The secret store's encryption key; wins over the key file; never part of the config. */
  secretKey: store.SECRET_KEY_ENV,
} as const;

/** Extra inputs of `parseConfig`. */
export interface ParseOptions {
  /** Base for relative paths (default: the process's working directory). */
  readonly cwd?: string | undefined;
  /** Order of `acl.rules` keys as written in the file, when the reader knows it. */
  readonly ruleOrder?: readonly string[] | undefined;
  /** The back-end to run, over the file and the environment (the command line's `--backend`). */
  readonly backend?: string | undefined;
  /**
   * Settings of the chosen back-end over `backends.<name>`, validated with them (the command
   * line's `--user`/`--room` for the terminal); undefined values are not given.
   */
  readonly backendSettings?: Readonly<Record<string, unknown>> | undefined;
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
  const given = Object.entries(options.backendSettings ?? {}).filter(([, v]) => v !== undefined);
  if (given.length > 0) {
    const name = typeof tree.backend === 'string' ? tree.backend : 'terminal';
    const all = isTree(tree.backends) ? tree.backends : {};
    const own = isTree(all[name]) ? all[name] : {};
    tree.backends = { ...all, [name]: { ...own, ...Object.fromEntries(given) } };
  }
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
  const b = bot.settings(file.bot, ctx);
  const st2 = stackstorm.settings(file.stackstorm, ctx);
  const webhook = web.webhookSettings(file.webhook, ctx);
  const stored = store.settings(file.store, b.dataDir, ctx);
  const deliver = delivery.settings(file.delivery, ctx);
  const server = web.settings(file.web, st2.rbacAuth, webhook, ctx);
  return {
    /** The file it came from, or undefined when no file was read. */
    source,
    bot: b,
    /** Name of the chat back-end to run (one the back-end registry knows). */
    backend: file.backend,
    /** That back-end's settings (`backends.<backend>`), validated by its own schema. */
    backendSettings: backends.settings(file.backend, file.backends[file.backend], ctx.label),
    stackstorm: st2,
    acl: acl.settings(file.acl, b.admins, ruleOrder),
    web: server,
    webhook,
    store: stored,
    secrets: store.secretsSettings(file.secrets, b.dataDir, ctx),
    delivery: deliver,
    /** Which alias commands wait for a confirmation, and how. */
    confirmation: confirmation.settings(file.confirmation, ctx),
    logging: file.logging,
    matching: matching.settings(file.matching),
    /** Things worth a warning at start (deprecated names, ignored keys, risky settings). */
    warnings: ctx.warnings,
  };
}

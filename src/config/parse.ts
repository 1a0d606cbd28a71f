/**
 * From already-parsed data (the YAML file's contents) and the environment to `StormbotConfig`.
 */
import { ConfigError } from '../core/errors.js';
import { protectAndFreeze } from './describe.js';
import { overlayEnv, readEnv, setBy } from './env.js';
import { describeValue, issueToError, reasonFor } from './issues.js';
import { normalise } from './normalise.js';
import { fileSchema } from './schema.js';
import type { StormbotConfig } from './types.js';

/** Extra inputs of `parseConfig`. */
export interface ParseOptions {
  /** Base for relative paths (default: the process's working directory). */
  readonly cwd?: string | undefined;
  /** Order of `acl.rules` keys as written in the file, when the reader knows it. */
  readonly ruleOrder?: readonly string[] | undefined;
}

type Tree = Record<string, unknown>;

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
  const layer = readEnv(env);
  const { tree, warnings } = overlayEnv(withoutNulls(data, '') as Tree, layer);
  const result = fileSchema.safeParse(tree, { error: reasonFor });
  if (!result.success) {
    throw issueToError(result.error.issues, fileSchema, (key) => {
      const name = setBy(layer.provenance, key);
      return name ? { key: name, suffix: ` (${key})` } : { key, suffix: '' };
    });
  }
  const config = normalise(result.data, {
    provenance: layer.provenance,
    env,
    cwd: options.cwd ?? process.cwd(),
    ruleOrder: options.ruleOrder,
    source,
    warnings: [...layer.warnings, ...warnings],
  });
  return protectAndFreeze(config);
}

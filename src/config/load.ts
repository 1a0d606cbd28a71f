/**
 * Finding and reading `stormbot.yaml`.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isMap, isScalar, parseDocument, visit } from 'yaml';
import { ConfigError } from '../core/errors.js';
import { OTHER_ENV_VARS, parseConfig } from './parse.js';
import type { StormbotConfig } from './types.js';

/** The file looked for in the working directory when no path is given. */
export const DEFAULT_CONFIG_FILE = 'stormbot.yaml';

/** Where `loadConfig` reads from. */
export interface LoadOptions {
  /** The file (`--config`); wins over `STORMBOT_CONFIG`. */
  readonly path?: string | undefined;
  /** Environment variables (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** Working directory: base of relative paths (default `process.cwd()`). */
  readonly cwd?: string | undefined;
  /** The back-end to run, over the file and the environment (the command line's `--backend`). */
  readonly backend?: string | undefined;
  /** Settings of that back-end over the file's (the command line's `--user`/`--room`). */
  readonly backendSettings?: Readonly<Record<string, unknown>> | undefined;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * The path of the configuration file, or undefined when there is none to read: `path`, else
 * `STORMBOT_CONFIG`, else `./stormbot.yaml` if it exists.
 */
export async function findConfigFile(options: LoadOptions = {}): Promise<string | undefined> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const given = options.path ?? (env[OTHER_ENV_VARS.config] || undefined);
  if (given !== undefined) return resolve(cwd, given);
  const fallback = resolve(cwd, DEFAULT_CONFIG_FILE);
  return (await isFile(fallback)) ? fallback : undefined;
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'not found',
  EACCES: 'permission denied',
  EISDIR: 'is a directory, not a file',
};

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new ConfigError(
      '',
      `config file ${path}: ${READ_ERRORS[code] ?? `cannot be read (${code})`}`,
    );
  }
}

/** The file's contents as data, and the order of its `acl.rules` keys. */
export function parseYaml(
  text: string,
  source: string,
): { data: unknown; ruleOrder: string[] | undefined } {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    const what = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    const where = at ? ` at line ${at.line}, column ${at.col}` : '';
    throw new ConfigError('', `${source}: invalid YAML${where}: ${what}`);
  }
  // A numeric id too long for a JavaScript number (Discord's) keeps its digits.
  visit(doc, {
    Scalar(_key, node) {
      if (
        typeof node.value === 'number' &&
        !Number.isSafeInteger(node.value) &&
        /^[-+]?\d+$/.test(node.source ?? '')
      ) {
        node.value = node.source;
      }
    },
  });
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new ConfigError(
      '',
      `${source}: invalid YAML: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const rules = doc.getIn(['acl', 'rules'], true);
  const ruleOrder = isMap(rules)
    ? rules.items.map((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key))
    : undefined;
  return { data, ruleOrder };
}

/**
 * Load the configuration: the YAML file (see `findConfigFile`; none means all defaults) with the
 * environment laid over it, validated and normalised.
 * Throws `ConfigError` (one line: the key and the reason); the CLI prints it and exits 2.
 */
export async function loadConfig(options: LoadOptions = {}): Promise<StormbotConfig> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const path = await findConfigFile({ ...options, env, cwd });
  const { backend, backendSettings } = options;
  if (path === undefined)
    return parseConfig(undefined, env, undefined, { cwd, backend, backendSettings });
  const { data, ruleOrder } = parseYaml(await readText(path), path);
  return parseConfig(data, env, path, { cwd, ruleOrder, backend, backendSettings });
}

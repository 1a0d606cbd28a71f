/**
 * Environment overrides: stormbot's own `STORMBOT_*` variables and the ones st2chatops operators
 * already have (`ST2_*`, `HUBOT_*`, `EXPRESS_PORT`…). Each variable sets one key of the file's
 * shape; the environment wins over the file. An empty variable counts as unset (st2chatops.env
 * ships `ST2_API_KEY=` empty).
 */
import { SKIP, type EnvVarSpec } from './fields.js';

/** The environment layer: values to lay over the file, and which variable set each key. */
export type EnvLayer = ReturnType<typeof readEnv>;

const CREDENTIAL_GROUPS: Record<string, string> = {
  'stackstorm.api_auth.apikey': 'apikey',
  'stackstorm.api_auth.token': 'token',
  'stackstorm.api_auth.user.name': 'user',
  'stackstorm.api_auth.user.password': 'user',
};

/**
 * Read the environment into a layer. Within a key the first of `specs` that is set wins.
 * Throws `ConfigError` naming a variable it cannot parse.
 */
export function readEnv(env: NodeJS.ProcessEnv, specs: readonly EnvVarSpec[]) {
  const values = new Map<string, unknown>();
  const provenance = new Map<string, string>();
  const warnings: string[] = [];
  for (const spec of specs) {
    const raw = env[spec.name];
    if (raw === undefined || raw === '') continue;
    if (spec.key !== '' && provenance.has(spec.key)) continue;
    const value = spec.parse(raw, spec.name);
    if (spec.warning && (value !== SKIP || spec.key === '')) warnings.push(spec.warning);
    if (value === SKIP || spec.key === '') continue;
    values.set(spec.key, value);
    provenance.set(spec.key, spec.name);
  }
  return { values, provenance, warnings };
}

/** A mapping of the file (parsed YAML). */
export type Tree = Record<string, unknown>;

/** True for a mapping (not a list, not null). */
export function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Set a dotted key, creating mappings on the way; leaves non-mappings alone (the schema reports them). */
function setPath(tree: Tree, key: string, value: unknown): void {
  const parts = key.split('.');
  const last = parts.pop() ?? key;
  let node: Tree = tree;
  for (const part of parts) {
    const next = node[part];
    if (next === undefined) node[part] = {};
    else if (!isTree(next)) return;
    node = node[part] as Tree;
  }
  node[last] = value;
}

function getPath(tree: Tree, key: string): unknown {
  let node: unknown = tree;
  for (const part of key.split('.')) node = isTree(node) ? node[part] : undefined;
  return node;
}

/**
 * The file's (null-free) values with the environment laid over them. Two groups are replaced
 * rather than merged, so the environment really wins:
 * - credentials: once the environment gives one kind (API key, token, user), the file's other
 *   kinds are dropped; a user's name and password still combine across file and environment;
 * - `rbac_auth`: `STORMBOT_AUTH_MODE` / `STORMBOT_LOGIN_URL` replace the file's mode.
 */
export function overlayEnv(file: Tree, layer: EnvLayer): { tree: Tree; warnings: string[] } {
  const tree = structuredClone(file);
  const warnings: string[] = [];

  const envKinds = new Set(
    [...layer.values.keys()].flatMap((k) => (k in CREDENTIAL_GROUPS ? [CREDENTIAL_GROUPS[k]] : [])),
  );
  const apiAuth = getPath(tree, 'stackstorm.api_auth');
  if (envKinds.size > 0 && isTree(apiAuth)) {
    for (const kind of ['apikey', 'token', 'user']) {
      if (!envKinds.has(kind) && apiAuth[kind] !== undefined) {
        apiAuth[kind] = undefined;
        warnings.push(
          `stackstorm.api_auth.${kind} in the file is ignored: the environment gives the credentials`,
        );
      }
    }
  }

  for (const [key, value] of layer.values) {
    if (key === 'stackstorm.rbac_auth') {
      const fileUrl = getPath(tree, 'stackstorm.rbac_auth.clientside.url');
      const envUrl = layer.values.get('stackstorm.rbac_auth.clientside.url');
      const url = envUrl ?? fileUrl;
      setPath(
        tree,
        key,
        value === 'standalone'
          ? { standalone: {} }
          : { clientside: url === undefined ? {} : { url } },
      );
    } else if (key === 'stackstorm.rbac_auth.clientside.url') {
      if (!layer.values.has('stackstorm.rbac_auth')) {
        setPath(tree, 'stackstorm.rbac_auth', { clientside: { url: value } });
      }
    } else {
      setPath(tree, key, value);
    }
  }
  return { tree, warnings };
}

/** The variable that set `key` or one of its parents, if any. */
export function setBy(provenance: ReadonlyMap<string, string>, key: string): string | undefined {
  for (let k = key; k !== ''; k = k.includes('.') ? k.slice(0, k.lastIndexOf('.')) : '') {
    const name = provenance.get(k);
    if (name) return name;
  }
  return undefined;
}

/**
 * st2's action (`docs/reference/st2-api.md` §5.1, the execution's `action`): its metadata and
 * parameter schema as the API returns it and pack files (`actions/<name>.yaml`) declare it, and
 * the parameters each st2 runner contributes to its actions.
 */

/** The JSON schema of one action parameter (the subset stormbot reads). */
export interface ActionParameter {
  type?: string;
  description?: string;
  default?: unknown;
  required?: boolean;
  immutable?: boolean;
  secret?: boolean;
  enum?: unknown[];
  position?: number;
  [key: string]: unknown;
}

/** st2's action object as the API returns it and pack files declare it. */
export interface Action {
  id?: string;
  uid?: string;
  name: string;
  pack: string;
  ref: string;
  description?: string;
  enabled?: boolean;
  runner_type?: string;
  entry_point?: string;
  parameters?: Record<string, ActionParameter>;
  tags?: unknown[];
  /** Path of the action file inside its pack. */
  metadata_file?: string;
  [key: string]: unknown;
}

const shell: Record<string, ActionParameter> = {
  cwd: { type: 'string' },
  env: { type: 'object' },
  kwarg_op: { type: 'string', default: '--' },
  sudo: { type: 'boolean', default: false },
  sudo_password: { type: 'string', secret: true },
  timeout: { type: 'integer', default: 60 },
};

const remote: Record<string, ActionParameter> = {
  ...shell,
  hosts: { type: 'string', required: true },
  username: { type: 'string' },
  password: { type: 'string', secret: true },
  private_key: { type: 'string', secret: true },
  passphrase: { type: 'string', secret: true },
  port: { type: 'integer', default: 22 },
  parallel: { type: 'boolean', default: false },
  dir: { type: 'string' },
  bastion_host: { type: 'string' },
};

/**
 * The parameters each st2 runner contributes to its actions, by runner name. st2 validates an
 * action's parameters against the runner's and the action's together (`additionalProperties:
 * false`), so `timeout=30` works on any shell action while an unknown key is refused.
 */
export const RUNNER_PARAMETERS: Readonly<Record<string, Record<string, ActionParameter>>> = {
  'local-shell-cmd': { cmd: { type: 'string' }, ...shell },
  'local-shell-script': shell,
  'remote-shell-cmd': { cmd: { type: 'string' }, ...remote },
  'remote-shell-script': remote,
  'python-script': {
    env: { type: 'object' },
    timeout: { type: 'integer', default: 600 },
    log_level: { type: 'string', default: 'DEBUG' },
    debug: { type: 'boolean', default: false },
  },
  'http-request': {
    url: { type: 'string', required: true },
    method: { type: 'string', default: 'GET' },
    body: { type: 'string' },
    headers: { type: 'object' },
    cookies: { type: 'object' },
    params: { type: 'object' },
    timeout: { type: 'number', default: 60 },
    username: { type: 'string' },
    password: { type: 'string', secret: true },
    allow_redirects: { type: 'boolean', default: false },
    verify_ssl_cert: { type: 'boolean', default: true },
  },
  announcement: {
    experimental: { type: 'boolean', default: false, immutable: true },
    route: { type: 'string', default: 'general' },
  },
  inquirer: {
    schema: { type: 'object' },
    ttl: { type: 'integer', default: 1440 },
    users: { type: 'array', default: [] },
    roles: { type: 'array', default: [] },
    route: { type: 'string', default: '' },
  },
  noop: {},
  'action-chain': {
    display_published: { type: 'boolean', default: true },
    skip_notify: { type: 'array', default: [] },
  },
  orquesta: { notify: { type: 'array', default: [] } },
};

/**
 * The parameters each st2 runner contributes to its actions. st2 validates an action's
 * parameters against the runner's and the action's together (`additionalProperties: false`),
 * so `timeout=30` works on any shell action while an unknown key is refused.
 */
import type { ActionParameter, ActionRecord } from './types.js';

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

/** Runner parameters by runner name. */
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
};

/**
 * The sandbox's own control parameter: `fail=true` makes any execution fail. st2 would refuse
 * it as an unknown parameter; the sandbox accepts it on every action.
 */
export const SANDBOX_PARAMETERS: Readonly<Record<string, ActionParameter>> = {
  fail: { type: 'boolean' },
};

/** The full parameter schema of an action: runner parameters overridden by the action's. */
export function parameterSchema(action: ActionRecord): Record<string, ActionParameter> {
  const out: Record<string, ActionParameter> = {};
  for (const [name, spec] of Object.entries(RUNNER_PARAMETERS[action.runner_type] ?? {})) {
    out[name] = { ...spec };
  }
  for (const [name, spec] of Object.entries(action.parameters))
    out[name] = { ...out[name], ...spec };
  return out;
}

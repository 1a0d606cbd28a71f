/**
 * Simulated action runs. Nothing is executed: shell actions answer a few well-known commands
 * (`date`, `uptime`, `hostname`, `whoami`, `uname`, `echo`) with realistic output, other
 * actions echo their parameters in their runner's result shape, and a truthy `fail`
 * parameter (or an action named `fail`) produces a failure.
 */
import { RUNNER_PARAMETERS } from '../stackstorm/model.js';
import type { ActionRecord } from './types.js';

/** The outcome of a simulated run. */
export interface RunOutcome {
  status: 'succeeded' | 'failed' | 'pending';
  result: unknown;
}

/** What a simulation may need from the sandbox. */
export interface RunEnvironment {
  /** Epoch milliseconds (the sandbox clock). */
  readonly now: number;
  /** Metadata of a loaded pack (`pack.yaml` plus counts), for `pack_info`-like actions. */
  packInfo(pack: string): Record<string, unknown> | undefined;
  /** Publish an announcement (announcement runner). */
  announce(route: string, payload: Record<string, unknown>): void;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function clockTime(d: Date): string {
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Output of a shell command the sandbox pretends to run, or a failure. */
export function simulateCommand(
  cmd: string,
  now: number,
): { stdout: string; stderr: string; code: number } {
  const d = new Date(now);
  const [word = '', ...args] = cmd.trim().split(/\s+/);
  switch (word) {
    case 'date':
      if (args.includes('-R')) {
        return ok(
          `${DAYS[d.getUTCDay()] ?? ''}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()] ?? ''} ${d.getUTCFullYear()} ${clockTime(d)} +0000`,
        );
      }
      return ok(
        `${DAYS[d.getUTCDay()] ?? ''} ${MONTHS[d.getUTCMonth()] ?? ''} ${String(d.getUTCDate()).padStart(2, ' ')} ${clockTime(d)} UTC ${d.getUTCFullYear()}`,
      );
    case 'uptime':
      return ok(` ${clockTime(d)} up 12 days,  3:41,  2 users,  load average: 0.08, 0.12, 0.09`);
    case 'hostname':
      return ok('st2-sandbox');
    case 'whoami':
      return ok('stanley');
    case 'uname':
      return ok(
        args.includes('-a')
          ? 'Linux st2-sandbox 6.1.0-sandbox #1 SMP PREEMPT_DYNAMIC x86_64 GNU/Linux'
          : 'Linux',
      );
    case 'echo':
      return ok(unquote(cmd.trim().slice(4).trim()));
    case 'true':
      return ok('');
    case 'false':
      return { stdout: '', stderr: '', code: 1 };
    case 'exit': {
      const code = Number.parseInt(args[0] ?? '0', 10);
      return { stdout: '', stderr: '', code: Number.isNaN(code) ? 2 : code };
    }
    default:
      return ok(`(sandbox) simulated: ${cmd.trim()}`);
  }
}

function ok(stdout: string): { stdout: string; stderr: string; code: number } {
  return { stdout, stderr: '', code: 0 };
}

function unquote(text: string): string {
  const m = /^(["'])([\s\S]*)\1$/.exec(text);
  return m ? (m[2] ?? '') : text;
}

/** The parameters the action itself declares (runner-only ones and `fail` left out). */
function actionParameters(
  action: ActionRecord,
  params: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const runnerOnly = RUNNER_PARAMETERS[action.runner_type] ?? {};
  return Object.fromEntries(
    Object.entries(params).filter(
      ([k]) => k in action.parameters || (!(k in runnerOnly) && k !== 'fail'),
    ),
  );
}

function wantsFailure(action: ActionRecord, params: Readonly<Record<string, unknown>>): boolean {
  const flag = params.fail;
  return (
    action.name === 'fail' ||
    flag === true ||
    (typeof flag === 'string' && flag.toLowerCase() === 'true')
  );
}

function shellResult(out: {
  stdout: string;
  stderr: string;
  code: number;
}): Record<string, unknown> {
  return {
    failed: out.code !== 0,
    succeeded: out.code === 0,
    return_code: out.code,
    stdout: out.stdout,
    stderr: out.stderr,
  };
}

/** Run `action` with its runtime parameters, without side effects beyond `env`. */
export function simulate(
  action: ActionRecord,
  params: Readonly<Record<string, unknown>>,
  env: RunEnvironment,
): RunOutcome {
  const fail = wantsFailure(action, params);
  const reason =
    typeof params.reason === 'string' && params.reason !== '' ? params.reason : 'failure requested';
  switch (action.runner_type) {
    case 'local-shell-cmd':
    case 'local-shell-script': {
      const cmd =
        typeof params.cmd === 'string' ? params.cmd : `${action.ref} ${JSON.stringify(params)}`;
      const out = fail
        ? { stdout: '', stderr: `(sandbox) ${action.ref} failed: ${reason}`, code: 1 }
        : simulateCommand(cmd, env.now);
      return { status: out.code === 0 ? 'succeeded' : 'failed', result: shellResult(out) };
    }
    case 'remote-shell-cmd':
    case 'remote-shell-script': {
      const hosts = (typeof params.hosts === 'string' ? params.hosts : 'localhost')
        .split(',')
        .map((h) => h.trim())
        .filter((h) => h !== '');
      const cmd = typeof params.cmd === 'string' ? params.cmd : action.ref;
      const result: Record<string, unknown> = {};
      for (const host of hosts) {
        const out = fail
          ? { stdout: '', stderr: `(sandbox) ${host}: ${reason}`, code: 1 }
          : simulateCommand(cmd, env.now);
        result[host] = shellResult(out);
      }
      return { status: fail ? 'failed' : 'succeeded', result };
    }
    case 'http-request':
      return {
        status: fail ? 'failed' : 'succeeded',
        result: {
          status_code: fail ? 500 : 200,
          body: fail ? reason : { ok: true, echo: actionParameters(action, params) },
          parsed: !fail,
          headers: { 'Content-Type': 'application/json' },
        },
      };
    case 'announcement': {
      const { route, experimental: _experimental, fail: _fail, ...payload } = params;
      if (!fail)
        env.announce(typeof route === 'string' && route !== '' ? route : 'chatops', payload);
      return { status: fail ? 'failed' : 'succeeded', result: payload };
    }
    case 'inquirer':
      return {
        status: 'pending',
        result: {
          schema: params.schema,
          roles: params.roles ?? [],
          users: params.users ?? [],
          route: params.route ?? '',
          ttl: params.ttl ?? 1440,
        },
      };
    case 'orquesta':
    case 'action-chain':
      return {
        status: fail ? 'failed' : 'succeeded',
        result: fail
          ? { errors: [{ message: reason }], output: null }
          : { output: actionParameters(action, params) },
      };
    case 'noop':
      return { status: fail ? 'failed' : 'succeeded', result: fail ? { error: reason } : {} };
    default: {
      if (fail) {
        return {
          status: 'failed',
          result: {
            result: null,
            stdout: '',
            stderr: `Traceback (most recent call last):\n  File "${action.entry_point ?? 'action.py'}", line 1, in run\nException: ${reason}`,
            exit_code: 1,
          },
        };
      }
      const info = action.name.endsWith('pack_info') || action.ref === 'packs.info';
      const value = info
        ? (env.packInfo(typeof params.pack === 'string' ? params.pack : action.pack) ?? null)
        : actionParameters(action, params);
      if (info && value === null) {
        return {
          status: 'failed',
          result: {
            result: null,
            stdout: '',
            stderr: `Pack "${typeof params.pack === 'string' ? params.pack : action.pack}" not found`,
            exit_code: 1,
          },
        };
      }
      return {
        status: 'succeeded',
        result: { result: value, stdout: '', stderr: '', exit_code: 0 },
      };
    }
  }
}

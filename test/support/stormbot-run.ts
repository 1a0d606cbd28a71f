/**
 * A real `stormbot run` as a child process (spawned from `bin/stormbot.js`, stdin piped and left
 * open), with its output as it comes and bounded waits on it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { bounded, until } from './wait.js';

const root = resolve(import.meta.dirname, '../..');

/** A spawned `stormbot run` with its output as it comes. */
export interface Run {
  readonly child: ChildProcessWithoutNullStreams;
  out(): string;
  err(): string;
  /** Resolves once stdout or stderr matches `pattern`; bounded. */
  prints(pattern: RegExp): Promise<void>;
  /** The exit code (null when a signal killed it), within `limitMs` (default the usual limit). */
  exit(what?: string, limitMs?: number): Promise<number | null>;
}

/** Spawn `stormbot run <args>` in `dir` with stdin piped (left open) and `env` over a clean one. */
export function startRun(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const clean: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries({ ...process.env, USER: 'carol' }).filter(
      ([k]) => !k.startsWith('ST2_') && !k.startsWith('STORMBOT_'),
    ),
  );
  const child = spawn(process.execPath, [join(root, 'bin/stormbot.js'), 'run', ...args], {
    cwd: dir,
    env: { ...clean, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const closed = once(child, 'close').then(([code]) => code as number | null);
  const output = () =>
    Promise.race([once(child.stdout, 'data'), once(child.stderr, 'data'), closed]);
  return {
    child,
    out: () => out,
    err: () => err,
    prints: (pattern) =>
      until(() => pattern.test(out) || pattern.test(err), output, {
        what: `stormbot run to print ${pattern}`,
        seen: () => [out, err],
      }),
    exit: (what = 'stormbot run to exit', limitMs) =>
      bounded(closed, { what, seen: () => [out, err], limitMs }),
  };
}

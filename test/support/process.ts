/**
 * Real server binaries for tests (ngIRCd, Prosody, redis-server): finding them, deciding whether
 * their tests must be skipped, and running one as a child process that is started, awaited until
 * its loopback port accepts TCP connections, and stopped by PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { delimiter, join } from 'node:path';
import { bounded } from './wait.js';

/** How long a server may take to accept connections. */
const READY_TIMEOUT_MS = 20_000;

/** The first of `files` that is an executable file, or undefined. */
export function firstExecutable(files: readonly string[]): string | undefined {
  return files.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The path of the executable `name` in the PATH directories, then in `extraDirs`, or undefined. */
export function which(name: string, extraDirs: readonly string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extraDirs];
  return firstExecutable(dirs.map((dir) => join(dir, name)));
}

/**
 * Undefined when a server's tests can run (`installed`), else `reason`. In CI (`$CI` set) they
 * never skip: a missing binary then fails the run.
 */
export function skipUnlessInstalled(installed: boolean, reason: string): string | undefined {
  if (installed || process.env.CI) return undefined;
  return reason;
}

/** Resolve true when a TCP connection to the loopback port succeeds. */
function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** What to run, and the port that says it is ready. */
export interface ServerCommand {
  /** The server's name in errors (`ngircd`). */
  readonly name: string;
  /** The executable. */
  readonly command: string;
  /** Its arguments; it must stay in the foreground. */
  readonly args: readonly string[];
  /** The port on 127.0.0.1 that accepts connections once the server is ready. */
  readonly port: number;
  /** A temporary directory of the server's (configuration, data), removed by `close`. */
  readonly workDir?: string | undefined;
}

/** A server child process that can be started, stopped by PID, and started again. */
export class ServerProcess {
  private child: ChildProcess | undefined;
  private exit: Promise<void> = Promise.resolve();
  private output = '';
  private closed = false;

  constructor(private readonly command: ServerCommand) {}

  /** The PID of the running process (it changes with every `start`), 0 before the first. */
  get pid(): number {
    return this.child?.pid ?? 0;
  }

  /**
   * Spawn the server and resolve once its port accepts connections; rejects, with the end of its
   * output, when it exits first or is not ready in time (it is then killed).
   */
  async start(): Promise<void> {
    const { name, command, args, port } = this.command;
    const c = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = c;
    this.output = '';
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-4000);
    };
    c.stdout.on('data', keep);
    c.stderr.on('data', keep);
    this.exit = new Promise<void>((resolve) =>
      c.once('exit', () => {
        resolve();
      }),
    );
    const spawnError = new Promise<Error>((resolve) => c.once('error', resolve));
    if (c.pid === undefined) throw await spawnError;
    const started = Date.now();
    while (!(await canConnect(port))) {
      if (exited(c))
        throw new Error(`${name} exited before accepting connections:\n${this.output}`);
      if (Date.now() - started > READY_TIMEOUT_MS) {
        process.kill(c.pid, 'SIGKILL');
        throw new Error(`${name} did not accept connections within 20 s:\n${this.output}`);
      }
    }
  }

  /** Stop the server by PID (SIGTERM) and wait for it to exit; nothing when it is not running. */
  async stop(): Promise<void> {
    const c = this.child;
    if (!c?.pid || exited(c)) return;
    process.kill(c.pid, 'SIGTERM');
    await bounded(this.exit, {
      what: `${this.command.name} (pid ${c.pid}) to exit after SIGTERM`,
      seen: () => [this.output],
    });
  }

  /** Stop the server by PID and start it again, on the same port with the same files. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Stop the server for good and remove its `workDir`; idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.stop();
    if (this.command.workDir) await rm(this.command.workDir, { recursive: true, force: true });
  }
}

function exited(c: ChildProcess): boolean {
  return c.exitCode !== null || c.signalCode !== null;
}

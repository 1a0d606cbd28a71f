/**
 * A real, throw-away redis-server for tests: started on a free loopback port without
 * persistence, awaited until it accepts connections, and killed by PID when the test is done.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { delimiter, join } from 'node:path';

/** A running redis-server. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** The process id, which `stop` kills. */
  readonly pid: number;
  /** Kill the server and wait for it to exit; idempotent. */
  stop(): Promise<void>;
}

/** The redis-server executable on PATH (or `$REDIS_SERVER_BIN`), or undefined. */
export function findRedisServer(): string | undefined {
  const candidates = process.env.REDIS_SERVER_BIN
    ? [process.env.REDIS_SERVER_BIN]
    : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'redis-server'));
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Why redis tests must be skipped here, or undefined when they can run. In CI (`$CI` set) they
 * never skip: a missing binary then fails the run.
 */
export function redisSkipReason(): string | undefined {
  if (findRedisServer() || process.env.CI) return undefined;
  return 'redis-server is not installed (apt-get install redis-server); set CI to make this an error';
}

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/** Resolve true when a TCP connection to the port succeeds. */
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

/** Start redis-server and resolve once it accepts connections. */
export async function startRedisServer(): Promise<RedisServer> {
  const bin = findRedisServer();
  if (!bin) throw new Error('redis-server is required (CI is set) but was not found on PATH');
  const port = await freePort();
  const child = spawn(
    bin,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const pid = child.pid;
  if (pid === undefined) throw await spawnError;

  const started = Date.now();
  while (!(await canConnect(port))) {
    if (exited()) throw new Error(`redis-server exited before accepting connections:\n${output}`);
    if (Date.now() - started > 20_000) {
      process.kill(pid, 'SIGKILL');
      throw new Error(`redis-server did not accept connections within 20 s:\n${output}`);
    }
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid,
    async stop() {
      if (!exited()) process.kill(pid, 'SIGTERM');
      await exit;
    },
  };
}

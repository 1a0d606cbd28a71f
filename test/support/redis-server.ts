/**
 * A real, throw-away redis-server for tests: started on a free loopback port without
 * persistence, awaited until it accepts connections, and killed by PID when the test is done.
 */
import { delimiter, join } from 'node:path';
import { freePort } from './ports.js';
import { firstExecutable, ServerProcess, skipUnlessInstalled } from './process.js';

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
  return firstExecutable(
    process.env.REDIS_SERVER_BIN
      ? [process.env.REDIS_SERVER_BIN]
      : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'redis-server')),
  );
}

/**
 * Why redis tests must be skipped here, or undefined when they can run. In CI (`$CI` set) they
 * never skip: a missing binary then fails the run.
 */
export function redisSkipReason(): string | undefined {
  return skipUnlessInstalled(
    findRedisServer() !== undefined,
    'redis-server is not installed (apt-get install redis-server); set CI to make this an error',
  );
}

/** Start redis-server and resolve once it accepts connections. */
export async function startRedisServer(): Promise<RedisServer> {
  const bin = findRedisServer();
  if (!bin) throw new Error('redis-server is required (CI is set) but was not found on PATH');
  const port = await freePort();
  const server = new ServerProcess({
    name: 'redis-server',
    command: bin,
    args: [
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
    port,
  });
  await server.start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: server.pid,
    stop: () => server.stop(),
  };
}

/**
 * `stormbot sandbox [--packs DIR] [--host 127.0.0.1] [--port N] [--allow-remote]
 * [--delay-ms N]`: run the sandbox in the foreground until SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { createLogger } from '../log.js';
import { DEV_DEFAULT_USERS, defaultPacksDir, startSandbox } from './server.js';

/** The port the CLI listens on by default (st2api's usual port). */
export const DEFAULT_SANDBOX_PORT = 9101;

const USAGE = `usage: stormbot sandbox [--packs DIR] [--host 127.0.0.1] [--port ${DEFAULT_SANDBOX_PORT}] [--allow-remote] [--delay-ms 800] [--no-watch]

Runs a StackStorm stand-in (auth, API and stream on one port, nginx-style paths) that loads
the packs in DIR (default: the bundled examples/packs) so you can try aliases offline.
`;

/** Whether `host` only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Run the sandbox command. Resolves with the exit code once stopped by SIGINT/SIGTERM or by
 * `signal`; argument errors resolve at once with 2.
 */
export async function runSandboxCommand(
  argv: string[],
  out: NodeJS.WritableStream,
  signal?: AbortSignal,
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        packs: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: String(DEFAULT_SANDBOX_PORT) },
        'allow-remote': { type: 'boolean', default: false },
        'delay-ms': { type: 'string', default: '800' },
        'no-watch': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    out.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    out.write(USAGE);
    return 0;
  }
  const port = Number(values.port);
  const delay = Number(values['delay-ms']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    out.write(`--port must be a port number (0-65535), got "${values.port}"\n`);
    return 2;
  }
  if (!Number.isFinite(delay) || delay < 0) {
    out.write(`--delay-ms must be a number of milliseconds, got "${values['delay-ms']}"\n`);
    return 2;
  }
  if (!isLoopbackHost(values.host) && !values['allow-remote']) {
    out.write(
      `Refusing to listen on ${values.host}: the sandbox accepts the well-known dev password and is meant for this machine only.\n` +
        'Use --allow-remote if you really want other machines to reach it.\n',
    );
    return 2;
  }

  const logger = createLogger({ level: process.env.STORMBOT_LOG_LEVEL ?? 'warn' });
  const packsDir = values.packs ?? defaultPacksDir();
  let sandbox;
  try {
    sandbox = await startSandbox({
      packsDir,
      host: values.host,
      port,
      executionDelayMs: delay,
      watch: !values['no-watch'],
      logger,
    });
  } catch (error) {
    out.write(`Could not start the sandbox: ${(error as Error).message}\n`);
    return 1;
  }

  const [user, password] = Object.entries(DEV_DEFAULT_USERS)[0] ?? ['st2admin', ''];
  out.write(
    [
      'stormbot sandbox: a StackStorm stand-in for trying packs offline (not a real StackStorm)',
      `  packs:    ${packsDir} (${sandbox.aliases().length} aliases)`,
      `  auth:     ${sandbox.authUrl}`,
      `  api:      ${sandbox.apiUrl}`,
      `  stream:   ${sandbox.streamUrl}`,
      `  login:    ${user} / ${password}   (StackStorm's dev default, for this sandbox only)`,
      `  API key:  ${sandbox.apiKey}`,
      `  results:  announced on st2.announcement__chatops (route "hubot") and st2.announcement__errbot (route "errbot")`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );

  await new Promise<void>((resolveStop) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolveStop();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop, { once: true });
  });
  await sandbox.close();
  out.write('sandbox stopped\n');
  return 0;
}

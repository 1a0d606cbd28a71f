/**
 * `stormbot sandbox`: run the StackStorm stand-in in the foreground until SIGINT/SIGTERM.
 */
import { toError } from '../core/errors.js';
import { createLogger } from '../log.js';
import { DEV_DEFAULT_USERS, defaultPacksDir, startSandbox } from '../sandbox/index.js';
import { defineCommand, UsageError } from './args.js';
import { stopRequested } from './io.js';

/** Whether `host` only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** The `sandbox` subcommand: exit 0 once stopped, 1 when it could not start. */
export const sandbox = defineCommand({
  options: {
    packs: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '9101' }, // st2api's usual port
    'allow-remote': { type: 'boolean', default: false },
    'delay-ms': { type: 'string', default: '800' },
    'no-watch': { type: 'boolean', default: false },
  },
  async run({ values }, io) {
    const port = Number(values.port);
    const delay = Number(values['delay-ms']);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port must be a port number (0-65535), got "${values.port}"`);
    if (!Number.isFinite(delay) || delay < 0)
      throw new UsageError(
        `--delay-ms must be a number of milliseconds, got "${values['delay-ms']}"`,
      );
    if (!isLoopbackHost(values.host) && !values['allow-remote']) {
      throw new UsageError(
        `refusing to listen on ${values.host}: the sandbox accepts the well-known dev password and is meant for this machine only; use --allow-remote if you really want other machines to reach it`,
      );
    }

    const logger = createLogger({ level: io.env.STORMBOT_LOG_LEVEL ?? 'warn' });
    const packsDir = values.packs ?? defaultPacksDir();
    let running;
    try {
      running = await startSandbox({
        packsDir,
        host: values.host,
        port,
        executionDelayMs: delay,
        watch: !values['no-watch'],
        logger,
      });
    } catch (error) {
      io.err.write(`stormbot: could not start the sandbox: ${toError(error).message}\n`);
      return 1;
    }

    const [user, password] = Object.entries(DEV_DEFAULT_USERS)[0] ?? ['st2admin', ''];
    io.out.write(
      [
        'stormbot sandbox: a StackStorm stand-in for trying packs offline (not a real StackStorm)',
        `  packs:    ${packsDir} (${running.aliases().length} aliases)`,
        `  auth:     ${running.authUrl}`,
        `  api:      ${running.apiUrl}`,
        `  stream:   ${running.streamUrl}`,
        `  login:    ${user} / ${password}   (StackStorm's dev default, for this sandbox only)`,
        `  API key:  ${running.apiKey}`,
        `  results:  announced on st2.announcement__chatops (route "hubot") and st2.announcement__errbot (route "errbot")`,
        'Press Ctrl+C to stop.',
        '',
      ].join('\n'),
    );
    await stopRequested(io);
    await running.close();
    io.out.write('sandbox stopped\n');
    return 0;
  },
});

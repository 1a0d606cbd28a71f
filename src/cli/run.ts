/**
 * `stormbot run`: load the configuration, build the app, run until a signal (or, on the terminal
 * back-end with piped input, until the input ends and every pending result has arrived).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { buildApp, type App } from '../app/build.js';
import { loadConfig } from '../config/index.js';
import type { StormbotConfig } from '../config/types.js';
import { systemClock } from '../core/clock.js';
import { toError } from '../core/errors.js';
import { createLogger, type Logger } from '../log.js';
import { defineCommand } from './args.js';
import { stopRequested, type CliIo } from './io.js';

/** How long piped terminal input waits for pending results after the input ends. */
const PIPED_RESULT_WAIT_MS = 60_000;

/** The `run` subcommand. */
export const run = defineCommand({
  options: {
    config: { type: 'string' },
    backend: { type: 'string' },
    user: { type: 'string' },
    room: { type: 'string' },
  },
  async run({ values }, io) {
    const config = await loadConfig({
      path: values.config,
      env: io.env,
      backend: values.backend,
      backendSettings: { user: values.user, room: values.room },
    });
    const onTerminal = config.backend === 'terminal';
    const logger = onTerminal
      ? fileLogger(config, io)
      : createLogger({ level: config.logging.level });

    let inputEnded!: () => void;
    const ended = new Promise<void>((resolve) => (inputEnded = resolve));
    const app = await buildApp(config, {
      logger,
      onBackendEnd: inputEnded,
      env: io.env,
      clock: systemClock,
    });
    if (app.sandbox) {
      io.out.write(
        `stormbot: no StackStorm configured, so I am using the built-in sandbox with ` +
          `${config.stackstorm.sandboxPacks ? `the packs in ${config.stackstorm.sandboxPacks}` : 'the example packs'}\n` +
          `(${app.sandbox.url}). Try !help, !st2help and !st2 greet Hi.` +
          (onTerminal ? ` Logs: ${logPath(config)}\n` : '\n'),
      );
    }
    await app.start();
    logger.info({ backend: config.backend }, 'stormbot is running');

    const reason = await Promise.race([
      stopRequested(io).then(() => 'signal' as const),
      ended.then(() => 'input' as const),
    ]);
    if (reason === 'input') await waitForResults(app, logger);
    await app.stop();
    return 0;
  },
});

/** Piped input ended: give pending executions time to announce their results. */
async function waitForResults(app: App, logger: Logger): Promise<void> {
  const timeout = new Promise<'timeout'>((resolve) => {
    const t = setTimeout(() => resolve('timeout'), PIPED_RESULT_WAIT_MS);
    t.unref();
  });
  const done = (async () => {
    await app.chatops.tracker.idle();
    await app.chatops.delivery.idle();
    return 'done' as const;
  })();
  if ((await Promise.race([done, timeout])) === 'timeout') {
    logger.warn(
      { pending: app.chatops.tracker.pending },
      'input ended; stopped waiting for results',
    );
  }
}

function logPath(config: StormbotConfig): string {
  return join(config.bot.dataDir, 'stormbot.log');
}

/** On the terminal the screen is the chat, so logs go to a file under the data directory. */
function fileLogger(config: StormbotConfig, io: CliIo): Logger {
  try {
    mkdirSync(config.bot.dataDir, { recursive: true });
    return createLogger({
      level: config.logging.level,
      destination: pino.destination({ dest: logPath(config), sync: false, mkdir: true }),
    });
  } catch (error) {
    io.err.write(
      `stormbot: cannot write logs under ${config.bot.dataDir}: ${toError(error).message}\n`,
    );
    return createLogger({ level: config.logging.level });
  }
}

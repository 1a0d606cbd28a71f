/**
 * `stormbot run`: load the configuration, build the app, run until a signal (or, on the terminal
 * back-end, until the input ends — Ctrl+D, `/quit`, the end of piped input — and every pending
 * result has arrived). A signal always stops within two seconds, whatever is still pending.
 * SIGUSR2 (hubot's "reload commands") and SIGHUP reload the aliases from StackStorm.
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
import { onReloadRequested, stopRequested, type CliIo } from './io.js';

/** How long the terminal waits for pending results after the input ends. */
const RESULT_WAIT_MS = 60_000;

/**
 * How long a stop may take before the process exits regardless, leaving what did not close:
 * under the two seconds an operator's Ctrl+C (or a service manager's SIGTERM) is promised.
 */
const STOP_DEADLINE_MS = 1200;

/** How long the process may linger after everything closed before it is ended regardless. */
const EXIT_GRACE_MS = 300;

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
    // From here on a signal stops the app, even while it is still starting.
    const signalled = stopRequested(io).then(() => 'signal' as const);
    const stopReloading = onReloadRequested(aliasReloader(app, logger));
    // Timers never hold the process (see Clock): while it only waits to reconnect to StackStorm,
    // this keeps it running until it is told to stop.
    const running = setInterval(() => undefined, 2 ** 30);
    try {
      const started = app.start().then(() => 'started' as const);
      if ((await Promise.race([started, signalled])) === 'started') {
        logger.info({ backend: config.backend }, 'stormbot is running');
        const reason = await Promise.race([signalled, ended.then(() => 'input' as const)]);
        if (reason === 'input') await Promise.race([waitForResults(app, logger, io), signalled]);
      }
    } finally {
      stopReloading();
      clearInterval(running);
      await stopWithinDeadline(app, logger, io);
    }
    return 0;
  },
});

/**
 * What a reload signal does: reload the aliases from StackStorm (the catalog runs one reload at a
 * time; a signal during one asks for one more after it) and log the outcome. A failed reload
 * keeps the aliases loaded before.
 */
function aliasReloader(app: App, logger: Logger): (signal: string) => void {
  return (signal) => {
    logger.info({ signal }, `${signal}: reloading the aliases from StackStorm`);
    const { catalog } = app.chatops;
    void catalog.reload().then(
      () => {
        logger.info({ signal, aliases: catalog.index.size }, `${signal}: aliases reloaded`);
      },
      (error: unknown) => {
        logger.error(
          { err: toError(error), signal, aliases: catalog.index.size },
          'alias reload failed; keeping the aliases loaded before',
        );
      },
    );
  };
}

/**
 * Stop the app within `STOP_DEADLINE_MS`. Past it, say what did not close and end the process
 * (`io.exit`) once the command has returned its code; end it too should something untracked
 * still hold it shortly after everything closed.
 */
async function stopWithinDeadline(app: App, logger: Logger, io: CliIo): Promise<void> {
  const open = await app.stop(STOP_DEADLINE_MS);
  if (open.length > 0) {
    logger.warn({ open }, 'stopped without waiting for what did not close');
    io.err.write(
      `stormbot: stopped without waiting for ${open.join(', ')} (not closed within ${STOP_DEADLINE_MS / 1000} s)\n`,
    );
  }
  const exit = io.exit;
  if (!exit) return;
  // The timer does not keep the process alive on its own, so a clean exit never waits for it.
  systemClock.setTimeout(
    () => {
      if (open.length === 0) logger.warn('stopped, but something untracked kept the process alive');
      exit();
    },
    open.length > 0 ? 0 : EXIT_GRACE_MS,
  );
}

/**
 * The input ended: say what is still awaited (and that Ctrl+C stops now), then give pending
 * executions time to announce their results.
 */
async function waitForResults(app: App, logger: Logger, io: CliIo): Promise<void> {
  const pending = app.chatops.tracker.list();
  if (pending.length > 0) {
    const what = pending
      .map((e) => `${e.actionRef ?? 'an action'} (execution ${e.executionId})`)
      .join(', ');
    const count = pending.length === 1 ? 'the result' : `${pending.length} results`;
    io.err.write(
      `stormbot: waiting up to ${RESULT_WAIT_MS / 1000} s for ${count} of ${what}; Ctrl+C stops now\n`,
    );
  }
  const timeout = new Promise<'timeout'>((resolve) => {
    const t = setTimeout(() => resolve('timeout'), RESULT_WAIT_MS);
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
    io.err.write(`stormbot: stopped waiting for results after ${RESULT_WAIT_MS / 1000} s\n`);
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

/**
 * `stormbot run`: load the configuration, build the app, run until a signal (or, on the terminal
 * back-end with piped input, until the input ends and every pending result has arrived).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { TerminalBackend } from '../backends/terminal/backend.js';
import type { TerminalSettings } from '../backends/terminal/module.js';
import type { CliIo } from '../cli.js';
import { loadConfig } from '../config/index.js';
import type { StormbotConfig } from '../config/types.js';
import { systemClock } from '../core/clock.js';
import { toError } from '../core/errors.js';
import { createLogger, type Logger } from '../log.js';
import { buildApp, type App } from './build.js';

/** Options of `runApp` (from the command line). */
export interface RunOptions {
  readonly configPath?: string | undefined;
  readonly backend?: string | undefined;
  readonly user?: string | undefined;
  readonly room?: string | undefined;
  readonly io: CliIo;
  /** Resolves when the app should stop (tests); default: SIGINT or SIGTERM. */
  readonly until?: Promise<void> | undefined;
}

/** How long piped terminal input waits for pending results after the input ends. */
const PIPED_RESULT_WAIT_MS = 60_000;

/** Run the bot. Resolves to the exit code. ConfigError propagates (the CLI exits 2). */
export async function runApp(options: RunOptions): Promise<number> {
  const config = await loadConfig({
    path: options.configPath,
    env: options.io.env,
    backend: options.backend,
  });
  const onTerminal = config.backend === 'terminal';
  const logger = onTerminal ? fileLogger(config) : createLogger({ level: config.logging.level });

  let inputEnded!: () => void;
  const ended = new Promise<void>((resolve) => (inputEnded = resolve));
  let terminal: TerminalBackend | undefined;
  if (onTerminal) {
    const settings = config.backendSettings as TerminalSettings;
    terminal = new TerminalBackend({
      ...settings,
      user: options.user ?? settings.user,
      room: options.room ?? settings.room,
      botName: settings.botName ?? config.bot.name,
      output: options.io.out,
      onEnd: inputEnded,
    });
  }

  const app = await buildApp(config, {
    logger,
    backend: terminal,
    env: options.io.env,
    clock: systemClock,
  });
  if (app.sandbox) {
    options.io.out.write(
      `stormbot: no StackStorm configured, so I am using the built-in sandbox with the example packs\n` +
        `(${app.sandbox.url}). Try !help, !st2help and !st2 greet Hi.` +
        (onTerminal ? ` Logs: ${logPath(config)}\n` : '\n'),
    );
  }
  await app.start();
  logger.info({ backend: config.backend }, 'stormbot is running');

  const signalled = options.until ?? onSignal();
  const reason = await Promise.race([
    signalled.then(() => 'signal' as const),
    ended.then(() => 'input' as const),
  ]);
  if (reason === 'input') await waitForResults(app, logger);
  await app.stop();
  return 0;
}

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

function onSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

function logPath(config: StormbotConfig): string {
  return join(config.bot.dataDir, 'stormbot.log');
}

/** On the terminal the screen is the chat, so logs go to a file under the data directory. */
function fileLogger(config: StormbotConfig): Logger {
  try {
    mkdirSync(config.bot.dataDir, { recursive: true });
    return createLogger({
      level: config.logging.level,
      destination: pino.destination({ dest: logPath(config), sync: false, mkdir: true }),
    });
  } catch (error) {
    process.stderr.write(
      `stormbot: cannot write logs under ${config.bot.dataDir}: ${toError(error).message}\n`,
    );
    return createLogger({ level: config.logging.level });
  }
}

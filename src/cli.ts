/**
 * The `stormbot` command line: run | check | match | lint | sandbox.
 */
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from './core/errors.js';

/** Where the CLI writes; injectable for tests. */
export interface CliIo {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

const USAGE = `stormbot — StackStorm ChatOps for any chat

Usage:
  stormbot run [--config FILE] [--backend NAME] [--user NAME] [--room NAME]
      Run the bot. With no StackStorm configured, the built-in sandbox runs the example packs.
      --user/--room choose who you are and where you type on the terminal back-end
      (no --room: a direct message to the bot).
  stormbot check [--config FILE]
      Validate the configuration, then check StackStorm, credentials, the stream and the route.
  stormbot match --packs DIR "<command>"
      Show which alias and parameters a command gives, offline.
  stormbot lint DIR
      Check the action aliases of the packs in DIR for ambiguity and mistakes.
  stormbot sandbox [--packs DIR] [--host 127.0.0.1] [--port N]
      Serve a StackStorm stand-in with the packs' aliases, for trying packs offline.

Options:
  --config FILE   configuration file (default: $STORMBOT_CONFIG, else ./stormbot.yaml if present)
  -h, --help      show this help
  -v, --version   show the version

Exit codes: 0 ok, 1 failure (lint errors, failed checks), 2 bad usage or invalid configuration.
`;

/** Thrown for bad command-line usage; printed as one line, exit 2. */
class UsageError extends Error {}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function parse<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Run the CLI with `argv` (without `node` and the script). Resolves to the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.out.write(USAGE);
        return 0;
      case '-v':
      case '--version':
        io.out.write(`stormbot ${version()}\n`);
        return 0;
      case 'run': {
        const { values } = parse(rest, {
          config: { type: 'string' },
          backend: { type: 'string' },
          user: { type: 'string' },
          room: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        });
        if (values.help) {
          io.out.write(USAGE);
          return 0;
        }
        const { runApp } = await import('./app/run.js');
        return await runApp({
          configPath: values.config,
          backend: values.backend,
          user: values.user,
          room: values.room,
          io,
        });
      }
      case 'check': {
        const { values } = parse(rest, { config: { type: 'string' } });
        const { runCheck } = await import('./app/check.js');
        return await runCheck({ configPath: values.config, io });
      }
      case 'match': {
        const { runMatch } = await import('./aliases/cli.js');
        return await runMatch(rest, io.out);
      }
      case 'lint': {
        const { runLint } = await import('./aliases/cli.js');
        return await runLint(rest, io.out);
      }
      case 'sandbox': {
        const { runSandboxCommand } = await import('./sandbox/index.js');
        return await runSandboxCommand(rest, io.out);
      }
      default:
        throw new UsageError(`unknown command "${command}" (try stormbot --help)`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err.write(`stormbot: ${error.message}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.err.write(`stormbot: invalid configuration: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

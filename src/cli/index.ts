/**
 * The `stormbot` command line: run | check | match | lint | sandbox, its usage and exit codes.
 * `bin/stormbot.js` calls `main` with the process's arguments and streams.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, StartupError } from '../core/errors.js';
import { UsageError, type Command } from './args.js';
import type { CliIo } from './io.js';

const USAGE = `stormbot — StackStorm ChatOps for any chat

Usage:
  stormbot run [--config FILE] [--backend NAME] [--user NAME] [--room NAME]
      Run the bot. With no StackStorm configured, the built-in sandbox runs the example packs.
      --user/--room choose who you are and where you type on the terminal back-end
      (no --room: a direct message to the bot).
  stormbot check [--config FILE]
      Validate the configuration, then check StackStorm, credentials, the stream and the route.
  stormbot match --packs DIR [--json] "<command>"
      Show which alias and parameters a command gives, offline.
  stormbot lint [--json] DIR
      Check the action aliases of the packs in DIR for ambiguity and mistakes.
  stormbot sandbox [--packs DIR] [--host 127.0.0.1] [--port N]
      Serve a StackStorm stand-in with the packs' aliases, for trying packs offline.
  stormbot COMMAND --help
      The options of one command.

Options:
  --config FILE   configuration file (default: $STORMBOT_CONFIG, else ./stormbot.yaml if present)
  -h, --help      show this help
  -v, --version   show the version

Exit codes: 0 ok, 1 failure (lint errors, failed checks), 2 bad usage or invalid configuration.
`;

/** The subcommands, loaded on use so that `--version` does not load the whole bot. */
const COMMANDS = new Map<string, () => Promise<Command>>([
  ['run', async () => (await import('./run.js')).run],
  ['check', async () => (await import('./check.js')).check],
  ['match', async () => (await import('./aliases.js')).match],
  ['lint', async () => (await import('./aliases.js')).lint],
  ['sandbox', async () => (await import('./sandbox.js')).sandbox],
]);

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/**
 * Run the CLI with `argv` (without `node` and the script); resolves to the exit code and never
 * rejects. Bad usage, invalid configuration and start-up failures print one line and exit 2;
 * anything unexpected prints its stack and exits 1.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  try {
    switch (name) {
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
    }
    const load = COMMANDS.get(name);
    if (!load) throw new UsageError(`unknown command "${name}" (try stormbot --help)`);
    return await (await load()).run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof StartupError) {
      io.err.write(`stormbot: ${error.message}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.err.write(`stormbot: invalid configuration: ${error.message}\n`);
      return 2;
    }
    io.err.write(
      `stormbot: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}

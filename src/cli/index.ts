/**
 * The `stormbot` command line: run | check | match | lint | sandbox, its usage and exit codes.
 * `bin/stormbot.js` calls `main` with the process's arguments and streams.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, StartupError } from '../core/errors.js';
import { UsageError, type Command } from './args.js';
import type { CliIo } from './io.js';

/**
 * The subcommands: each one's usage (its `--help`, and its part of the overview) and its module,
 * loaded on use so that `--version` does not load the whole bot.
 */
const COMMANDS: Record<string, { usage: string; load(): Promise<Command> }> = {
  run: {
    usage: `stormbot run [--config FILE] [--backend NAME] [--user NAME] [--room NAME]
      Run the bot. With no StackStorm configured, the built-in sandbox runs the example packs.
      --backend replaces the configured back-end; --user/--room choose who you are and where
      you type on the terminal back-end (no --room: a direct message to the bot).
`,
    load: async () => (await import('./run.js')).run,
  },
  check: {
    usage: `stormbot check [--config FILE]
      Validate the configuration, then check StackStorm, credentials, the stream and the route.
`,
    load: async () => (await import('./check.js')).check,
  },
  match: {
    usage: `stormbot match --packs DIR [--json] [--ambiguous refuse|longest] "<command>"
      Show which alias and parameters a command gives, offline (--json: as a JSON line;
      --json without a command: one line per command read from standard input;
      --ambiguous longest: the bot's matching.ambiguous rule instead of StackStorm's).
`,
    load: async () => (await import('./aliases.js')).match,
  },
  lint: {
    usage: `stormbot lint [--json] DIR
      Check the action aliases of the packs in DIR for ambiguity and mistakes (--json: a JSON
      line per finding).
`,
    load: async () => (await import('./aliases.js')).lint,
  },
  sandbox: {
    usage: `stormbot sandbox [--packs DIR] [--host 127.0.0.1] [--port 9101] [--allow-remote]
      [--delay-ms 800] [--no-watch]
      Serve a StackStorm stand-in (auth, API and stream on one port, nginx-style paths) with
      the aliases of the packs in DIR (default: the bundled examples/packs), for trying packs
      offline. --allow-remote: listen on a host other machines reach.
`,
    load: async () => (await import('./sandbox.js')).sandbox,
  },
};

const USAGE = `stormbot — StackStorm ChatOps for any chat

Usage:
${Object.values(COMMANDS)
  .map((c) => `  ${c.usage}`)
  .join('')}  stormbot COMMAND --help

Options:
  --config FILE   configuration file (default: $STORMBOT_CONFIG, else ./stormbot.yaml if present)
  -h, --help      show this help
  -v, --version   show the version

Exit codes: 0 ok, 1 failure (lint errors, failed checks), 2 bad usage or invalid configuration.
`;

/** The package's version, from its package.json. */
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
  let help = 'stormbot --help';
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
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) throw new UsageError(`unknown command "${name}"`);
    help = `stormbot ${name} --help`;
    const execute = await command.load();
    return await execute(rest, io, command.usage);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err.write(`stormbot: ${error.message} (try ${help})\n`);
      return 2;
    }
    if (error instanceof StartupError) {
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

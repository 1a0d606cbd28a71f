/**
 * The one command-line convention: every subcommand declares its options for node:util
 * `parseArgs` (strict), gets `-h/--help` printing its usage, and reports bad usage by throwing
 * `UsageError`, which the CLI prints as one line on stderr (with a pointer to `--help`), exit 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { toError } from '../core/errors.js';
import type { CliIo } from './io.js';

/** Bad command-line usage; its message is printed as one line and the CLI exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A subcommand's option table, in node:util `parseArgs` form. */
export type Options = NonNullable<ParseArgsConfig['options']>;

/** A subcommand's parsed arguments: typed option values and the positionals. */
export type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: boolean }>
>;

/** How a subcommand is declared. */
export interface CommandSpec<O extends Options> {
  readonly options: O;
  /** Whether it takes positional arguments (default: none). */
  readonly positionals?: boolean | undefined;
  /** Do the work; resolves to the exit code. */
  run(args: Parsed<O>, io: CliIo): Promise<number>;
}

/** A subcommand ready to run with its raw arguments; `usage` is what `--help` prints. */
export type Command = (argv: string[], io: CliIo, usage: string) => Promise<number>;

/** Declare a subcommand: its arguments are parsed the one way, and `--help` prints its usage. */
export function defineCommand<O extends Options>(spec: CommandSpec<O>): Command {
  return async (argv, io, usage) => {
    const options: Options = { ...spec.options, help: { type: 'boolean', short: 'h' } };
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        options,
        strict: true,
        allowPositionals: spec.positionals ?? false,
      });
    } catch (error) {
      throw new UsageError(toError(error).message);
    }
    if (parsed.values.help) {
      io.out.write(`usage: ${usage}`);
      return 0;
    }
    return spec.run(parsed as Parsed<O>, io);
  };
}

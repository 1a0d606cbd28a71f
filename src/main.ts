/**
 * Process entry point: runs the CLI with the process's arguments and sets the exit code.
 */
import { main } from './cli.js';

main(process.argv.slice(2), { out: process.stdout, err: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `stormbot: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);

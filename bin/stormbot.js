#!/usr/bin/env node
// The process entry point: runs the CLI (src/cli) with the process's arguments and streams.
// In a checkout the sources are present and run through tsx, so they are never stale; an
// installed package ships only the build in dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('../src/cli/index.ts', import.meta.url));
let cli;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../src/cli/index.ts');
} else {
  cli = await import('../dist/cli/index.js');
}
process.exitCode = await cli.main(process.argv.slice(2), {
  in: process.stdin,
  out: process.stdout,
  err: process.stderr,
  env: process.env,
  exit: () => process.exit(),
});

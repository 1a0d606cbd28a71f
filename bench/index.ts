/**
 * `npm run bench`: every benchmark of the project, printed as plain text. Arguments go to each
 * (see `runAliasBench`: `--100k`, `--sizes`, `--workloads`).
 */
import { runAliasBench } from './aliases.js';

const args = process.argv.slice(2);
runAliasBench(args);
await (await import('./startup.js')).runStartupBench();

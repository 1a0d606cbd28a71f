/**
 * `npm run bench`: every benchmark of the project, printed as plain text.
 */
import { runAliasBench } from './aliases.js';

runAliasBench();
await (await import('./startup.js')).runStartupBench();

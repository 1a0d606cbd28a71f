/**
 * `stormbot check`: validate the configuration, run the checks (`src/app/check.ts`) and print a
 * line per check with what to fix.
 */
import { runChecks } from '../app/check.js';
import { loadConfig } from '../config/index.js';
import { defineCommand } from './args.js';

/** The `check` subcommand: exit 0 when all is fine, 1 when something must be fixed. */
export const check = defineCommand({
  options: { config: { type: 'string' } },
  async run({ values }, io) {
    const results = await runChecks(await loadConfig({ path: values.config, env: io.env }));
    for (const r of results) {
      const mark = r.ok === true ? 'ok  ' : r.ok === false ? 'FAIL' : 'warn';
      io.out.write(`${mark} ${r.name}: ${r.detail}\n`);
      if (r.ok !== true && r.fix) io.out.write(`     → ${r.fix}\n`);
    }
    return results.some((r) => r.ok === false) ? 1 : 0;
  },
});

/**
 * `matching.*`: what the bot does when several alias formats fit one command.
 */
import { z } from 'zod';
import { lower, type EnvVarSpec } from '../fields.js';

/** The schema of `matching`. */
export const schema = z.strictObject({
  ambiguous: z
    .enum(['refuse', 'longest'], { error: 'must be refuse or longest' })
    .default('refuse'),
});

/** The environment variables of `matching.*`. */
export const env: readonly EnvVarSpec[] = [
  { name: 'STORMBOT_MATCHING_AMBIGUOUS', key: 'matching.ambiguous', parse: lower },
];

/** `matching` normalised. */
export function settings(file: z.output<typeof schema>) {
  return {
    /**
     * Several fitting formats: `refuse` (StackStorm's rule, the default) answers with the
     * candidates and runs nothing; `longest` runs the longest format (hubot-stackstorm users'
     * habit), see docs/migration.md for the risk.
     */
    ambiguous: file.ambiguous,
  };
}

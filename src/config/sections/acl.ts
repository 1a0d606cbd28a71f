/**
 * `acl.*`: Errbot's access controls, as a policy for the ACL engine.
 */
import { z } from 'zod';
import type { AclPolicy } from '../../acl/types.js';
import { bool, idOrList, stringOrList, type EnvVarSpec } from '../fields.js';

/**
 * One ACL rule (Errbot's `ACCESS_CONTROLS` entry). People and rooms may be numeric ids written
 * without quotes (Telegram, Discord), read as their digits.
 */
const aclRuleSchema = z.strictObject({
  allowusers: idOrList.optional(),
  denyusers: idOrList.optional(),
  allowrooms: idOrList.optional(),
  denyrooms: idOrList.optional(),
  allowprivate: z.boolean().optional(),
  allowmuc: z.boolean().optional(),
  allowargs: stringOrList.optional(),
  denyargs: stringOrList.optional(),
});

/** The schema of `acl`. */
export const schema = z.strictObject({
  rules: z.record(z.string().min(1), aclRuleSchema).default({}),
  defaults: aclRuleSchema.optional(),
  hide_denials: z.boolean().default(false),
});

/** The environment variables of `acl.*`. */
export const env: readonly EnvVarSpec[] = [
  { name: 'STORMBOT_HIDE_DENIALS', key: 'acl.hide_denials', parse: bool },
];

/**
 * `acl` as the ACL engine's policy (admins come from `bot.admins`): rules in the order they were written (`order`, when the reader knows it;
 * JS objects put integer-like keys first).
 */
export function settings(
  file: z.output<typeof schema>,
  admins: readonly string[],
  order: readonly string[] | undefined,
): AclPolicy {
  const keys = Object.keys(file.rules);
  if (order) {
    const position = (k: string) => {
      const i = order.indexOf(k);
      return i === -1 ? order.length : i;
    };
    keys.sort((a, b) => position(a) - position(b));
  }
  return {
    rules: keys.map((command) => ({ command, rule: { ...file.rules[command] } })),
    defaults: file.defaults ? { ...file.defaults } : undefined,
    admins,
    hideDenials: file.hide_denials,
  };
}

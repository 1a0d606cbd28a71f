/**
 * `confirmation.*`: which alias commands wait for a confirmation before anything reaches
 * StackStorm, how they are confirmed, and for how long. hubot's `HUBOT_2FA` names the action of
 * the `action` mode.
 */
import { z } from 'zod';
import {
  CONFIRMATION_MODES,
  type ConfirmationMode,
  type ConfirmationSettings,
} from '../../chatops/confirmation-policy.js';
import type { SectionContext } from '../context.js';
import { count, stringOrList, type EnvVarSpec } from '../fields.js';

const mode = z.enum(CONFIRMATION_MODES as [ConfirmationMode, ...ConfirmationMode[]]);

/** An action ref: `<pack>.<name>`. */
const actionRef = z
  .string()
  .trim()
  .regex(/^[^\s.]+\.\S+$/, { error: 'must be an action ref, <pack>.<name>' });

/** The schema of `confirmation`. */
export const schema = z.strictObject({
  aliases: z.record(z.string().min(1), z.enum([...CONFIRMATION_MODES, 'none'])).default({}),
  twofactor_mode: mode.optional(),
  code_ttl: count(10).max(86_400).default(300),
  approvers: stringOrList.default([]),
  action: actionRef.optional(),
  max_pending: count(1).max(100_000).default(100),
  max_pending_per_person: count(1).default(5),
});

/** The environment variables of `confirmation.*` (hubot's name). */
export const env: readonly EnvVarSpec[] = [
  { name: 'HUBOT_2FA', key: 'confirmation.action', parse: (v) => v.trim() },
];

/** `confirmation` checked (every mode in use can work) and normalised. */
export function settings(file: z.output<typeof schema>, ctx: SectionContext): ConfirmationSettings {
  const twofactorMode = file.twofactor_mode ?? (file.action ? 'action' : 'confirm');
  const aliases = Object.entries(file.aliases).map(([pattern, m]) => ({ pattern, mode: m }));
  const uses = (m: ConfirmationMode): string | undefined => {
    if (file.twofactor_mode === m) return 'confirmation.twofactor_mode';
    const rule = aliases.find((r) => r.mode === m);
    return rule ? `confirmation.aliases."${rule.pattern}"` : undefined;
  };
  const approving = uses('approve');
  if (approving && file.approvers.length === 0) {
    throw ctx.error(
      'confirmation.approvers',
      `must name at least one approver: ${approving} is approve`,
    );
  }
  const acting = uses('action');
  if (acting && !file.action) {
    throw ctx.error('confirmation.action', `is required (or HUBOT_2FA): ${acting} is action`);
  }
  if (file.max_pending_per_person > file.max_pending) {
    throw ctx.error(
      'confirmation.max_pending_per_person',
      `must be at most confirmation.max_pending (${file.max_pending})`,
    );
  }
  return {
    aliases,
    twofactorMode,
    codeTtlMs: file.code_ttl * 1000,
    approvers: file.approvers,
    action: file.action,
    maxPending: file.max_pending,
    maxPendingPerPerson: file.max_pending_per_person,
  };
}

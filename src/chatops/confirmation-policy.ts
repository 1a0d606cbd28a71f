/**
 * Which alias commands are held for confirmation, and how: the configured list (`confirmation.
 * aliases`) first, then hubot's flag `extra.security.twofactor` on the alias itself.
 */
import { fnmatch } from '../acl/index.js';
import type { ActionAlias } from '../stackstorm/model.js';

/** How a held command is confirmed. */
export type ConfirmationMode = 'confirm' | 'approve' | 'action';

/** Every mode, for schemas and for reading `extra.security.twofactor`. */
export const CONFIRMATION_MODES: readonly ConfirmationMode[] = ['confirm', 'approve', 'action'];

/** One entry of `confirmation.aliases`: an alias ref or fnmatch glob and its mode. */
export interface AliasConfirmationRule {
  readonly pattern: string;
  /** `none`: runs at once even when the alias is flagged `twofactor`. */
  readonly mode: ConfirmationMode | 'none';
}

/** The `confirmation` settings, validated (`src/config/sections/confirmation.ts`). */
export interface ConfirmationSettings {
  /** The configured aliases, in the order written. */
  readonly aliases: readonly AliasConfirmationRule[];
  /** The mode of an alias flagged `extra.security.twofactor` without a mode of its own. */
  readonly twofactorMode: ConfirmationMode;
  /** How long a code (or the confirmation action) may take, in milliseconds. */
  readonly codeTtlMs: number;
  /** fnmatch globs over `Principal.aclKey` of the people who may approve (`approve` mode). */
  readonly approvers: readonly string[];
  /** The StackStorm action that confirms out of band (`action` mode; hubot's `HUBOT_2FA`). */
  readonly action?: string | undefined;
  /** Commands held at once, in all. */
  readonly maxPending: number;
  /** Commands held at once for one person. */
  readonly maxPendingPerPerson: number;
}

/**
 * The mode an alias is held in, or undefined when it runs at once. A configured entry wins
 * (the exact ref before globs, globs in the order written); else a `twofactor` flag naming a mode
 * picks it, and any other true value means the default mode.
 */
export function confirmationMode(
  alias: Pick<ActionAlias, 'pack' | 'name' | 'extra'>,
  settings: Pick<ConfirmationSettings, 'aliases' | 'twofactorMode'>,
): ConfirmationMode | undefined {
  const ref = `${alias.pack}.${alias.name}`;
  const rule =
    settings.aliases.find((r) => r.pattern === ref) ??
    settings.aliases.find((r) => fnmatch(ref, r.pattern));
  if (rule) return rule.mode === 'none' ? undefined : rule.mode;
  const flag = twofactorFlag(alias.extra);
  if (!flag) return undefined;
  const named = typeof flag === 'string' ? flag.trim().toLowerCase() : undefined;
  return CONFIRMATION_MODES.find((m) => m === named) ?? settings.twofactorMode;
}

/** `extra.security.twofactor`, when `extra` has it. */
function twofactorFlag(extra: unknown): unknown {
  if (typeof extra !== 'object' || extra === null) return undefined;
  const security = (extra as Record<string, unknown>).security;
  if (typeof security !== 'object' || security === null) return undefined;
  return (security as Record<string, unknown>).twofactor;
}

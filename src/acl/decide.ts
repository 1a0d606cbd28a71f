/**
 * The ACL evaluator: a pure function over the policy and one request.
 */
import { fnmatch, fnmatchAny } from './fnmatch.js';
import type { AclDecision, AclPolicy, AclRequest, AclRule } from './types.js';

/** Denial texts, worded as Errbot words them so operators recognise them. */
export const DENIALS = {
  args: "You're not allowed to access this command using the provided arguments",
  user: "You're not allowed to access this command from this user",
  muc: "You're not allowed to access this command from a chatroom",
  room: "You're not allowed to access this command from this room",
  private: "You're not allowed to access this command via private message to me",
  admin: 'This command requires bot-admin privileges',
  adminDirect: 'This command may only be issued through a direct message',
} as const;

/** Find the rule for a command key: the first matching rule merged over the defaults. */
export function ruleFor(policy: AclPolicy, command: string): AclRule {
  const base = policy.defaults ?? {};
  for (const { command: key, rule } of policy.rules) {
    const pattern = key.includes(':') ? key : `*:${key}`;
    if (fnmatch(command, pattern, true)) return { ...base, ...rule };
  }
  return base;
}

/** Decide whether a request is allowed. Checks run in Errbot's order; the first denial wins. */
export function decide(policy: AclPolicy, request: AclRequest): AclDecision {
  const rule = ruleFor(policy, request.command);
  const deny = (reason: string): AclDecision => ({
    allowed: false,
    reason,
    hidden: policy.hideDenials,
  });

  if (rule.allowargs !== undefined && !fnmatchAny(request.args, rule.allowargs)) {
    return deny(DENIALS.args);
  }
  if (rule.denyargs !== undefined && fnmatchAny(request.args, rule.denyargs)) {
    return deny(DENIALS.args);
  }
  if (rule.allowusers !== undefined && !fnmatchAny(request.user, rule.allowusers)) {
    return deny(DENIALS.user);
  }
  if (rule.denyusers !== undefined && fnmatchAny(request.user, rule.denyusers)) {
    return deny(DENIALS.user);
  }
  if (request.room !== undefined) {
    if (rule.allowmuc === false) return deny(DENIALS.muc);
    if (rule.allowrooms !== undefined && !fnmatchAny(request.room, rule.allowrooms)) {
      return deny(DENIALS.room);
    }
    if (rule.denyrooms !== undefined && fnmatchAny(request.room, rule.denyrooms)) {
      return deny(DENIALS.room);
    }
  } else if (rule.allowprivate === false) {
    return deny(DENIALS.private);
  }
  if (request.adminOnly) {
    if (!isAdmin(policy, request.user)) return deny(DENIALS.admin);
    if (request.room !== undefined && rule.allowmuc !== true) return deny(DENIALS.adminDirect);
  }
  return { allowed: true };
}

/** True when the person (by `aclKey`) matches one of the admin globs. */
export function isAdmin(policy: AclPolicy, user: string): boolean {
  return fnmatchAny(user, policy.admins);
}

/**
 * ACL rules as data. The semantics are Errbot's (`ACCESS_CONTROLS`), so err-stackstorm operators
 * can bring their rules over; the command keys are stormbot's, so aliases can be ruled one by one.
 *
 * Command keys have the form `<group>:<name>`:
 * - built-in commands: `core:help`, `core:whoami`;
 * - StackStorm commands: `st2:st2help`, `st2:st2session_start`…;
 * - every action alias: `st2:<pack>.<alias name>` (e.g. `st2:examples.greet`).
 * A rule key without `:` is read as `*:<key>` (Errbot's rule), and rule keys are matched against
 * command keys case-insensitively with Python `fnmatch` globs.
 */

/** The checks of one rule. Every list also accepts a single string. Omitted means "no check". */
export interface AclRule {
  /** Only these users (fnmatch globs over `Principal.aclKey`) may run the command. */
  readonly allowusers?: string | readonly string[] | undefined;
  /** These users may not. */
  readonly denyusers?: string | readonly string[] | undefined;
  /** Only in these rooms (globs over `Room.aclKey`). */
  readonly allowrooms?: string | readonly string[] | undefined;
  /** Never in these rooms. */
  readonly denyrooms?: string | readonly string[] | undefined;
  /** `false` forbids the command in direct messages. */
  readonly allowprivate?: boolean | undefined;
  /** `false` forbids the command in rooms; `true` lets an admin-only command run in a room. */
  readonly allowmuc?: boolean | undefined;
  /** Only when the arguments match one of these globs. */
  readonly allowargs?: string | readonly string[] | undefined;
  /** Never when the arguments match one of these globs. */
  readonly denyargs?: string | readonly string[] | undefined;
}

/** A whole ACL configuration. */
export interface AclPolicy {
  /** Rules in order; the first whose key glob matches the command key applies. */
  readonly rules: readonly { readonly command: string; readonly rule: AclRule }[];
  /** Applied when no rule matches, and merged under the rule that does. */
  readonly defaults?: AclRule | undefined;
  /** Globs over `Principal.aclKey` of the bot's administrators. */
  readonly admins: readonly string[];
  /** When true, a denied person gets no reply at all (Errbot's `HIDE_RESTRICTED_ACCESS`). */
  readonly hideDenials: boolean;
}

/** One question to the ACL engine. */
export interface AclRequest {
  /** Command key, e.g. `core:help` or `st2:examples.greet`. */
  readonly command: string;
  /** The argument text ACL `allowargs`/`denyargs` see (the command text after the prefix). */
  readonly args: string;
  /** The person's `aclKey`. */
  readonly user: string;
  /** The room's `aclKey`, or undefined in a direct message. */
  readonly room?: string | undefined;
  /** True for commands only administrators may run. */
  readonly adminOnly?: boolean | undefined;
}

/** The answer: allowed, or denied with the reason shown to the person (unless hidden). */
export type AclDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: string; readonly hidden: boolean };

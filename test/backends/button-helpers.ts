/**
 * What the button tests of the chat back-ends share: a command that says who ran it (a button
 * stands for it), and an ACL that lets one person run it and not another.
 */
import type { AclPolicy } from '../../src/acl/index.js';
import type { Feature } from '../../src/core/feature.js';
import type { MessageAction } from '../../src/core/message.js';

/** The command word of the test command. */
export const WHO_COMMAND = 'whopressed';

/** The buttons of the test prompt: the command with two different arguments. */
export const PROMPT_ACTIONS: readonly MessageAction[] = [
  { label: 'Confirm', command: `!${WHO_COMMAND} confirm`, style: 'primary' },
  { label: 'Deny', command: `!${WHO_COMMAND} deny`, style: 'danger' },
];

/** A feature with the test command: it answers `<args> by <name> (<acl key>)`. */
export function whoPressedFeature(): Feature {
  return {
    name: 'button-test',
    commands: [
      {
        name: WHO_COMMAND,
        aclKey: `test:${WHO_COMMAND}`,
        summary: 'say who ran this',
        run: (ctx) => `${ctx.args} by ${ctx.event.author.name} (${ctx.event.author.aclKey})`,
      },
    ],
  };
}

/** An ACL under which `denied` (an ACL key) may not run the test command; everyone else may. */
export function denyingAcl(denied: string): AclPolicy {
  return {
    rules: [{ command: `test:${WHO_COMMAND}`, rule: { denyusers: [denied] } }],
    admins: [],
    hideDenials: false,
  };
}

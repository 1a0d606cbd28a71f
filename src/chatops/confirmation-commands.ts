/**
 * `st2confirm <code>` and `st2deny <code>`: confirm or drop a command held by the confirmation
 * gate. A Confirm/Deny button stands for the same text, so it goes through the same checks.
 */
import type { Command } from '../core/command.js';
import type { ConfirmationGate } from './confirmation.js';

/** The two commands' words for an alias word (`st2` → `st2confirm`, `st2deny`). */
export function confirmationWords(aliasWord: string): { confirm: string; deny: string } {
  const word = aliasWord || 'st2';
  return { confirm: `${word}confirm`, deny: `${word}deny` };
}

/** Build the commands over a gate. */
export function confirmationCommands(gate: ConfirmationGate, aliasWord: string): Command[] {
  const words = confirmationWords(aliasWord);
  return [
    {
      name: words.confirm,
      aclKey: `st2:${words.confirm}`,
      summary: 'confirm (or approve) a StackStorm command waiting for it',
      usage: '<code>',
      run: (ctx) => gate.confirm(ctx, ctx.args),
    },
    {
      name: words.deny,
      aclKey: `st2:${words.deny}`,
      summary: 'drop a StackStorm command waiting for a confirmation',
      usage: '<code>',
      run: (ctx) => gate.deny(ctx, ctx.args),
    },
  ];
}

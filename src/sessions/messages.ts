/**
 * What to tell a person who has no usable StackStorm credentials in client-side mode.
 */
import type { SessionStatus } from './types.js';

/**
 * A sentence telling the person why their command cannot run as them and how to sign in.
 * `startCommand` is the full command as they would type it (e.g. `!st2session_start`).
 */
export function signInHint(status: SessionStatus, startCommand: string): string {
  const how = `Send me "${startCommand} <secret word>" in a direct message to get a sign-in link.`;
  switch (status.state) {
    case 'active':
      return 'You are signed in to StackStorm.';
    case 'pending':
      return `You have not finished signing in to StackStorm: open the link I sent you, or ask for a new one. ${how}`;
    case 'expired':
      return `Your StackStorm sign-in has expired or was revoked; please sign in again. ${how}`;
    case 'none':
      return `This bot runs StackStorm commands with your own StackStorm account, and you are not signed in yet. ${how}`;
  }
}

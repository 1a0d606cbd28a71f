/**
 * The confirmation gate: alias commands that need a confirmation (`confirmation-policy.ts`) are
 * held here, and nothing reaches StackStorm until it comes.
 *
 * - `confirm`: the person who asked sends `!st2confirm <code>` (or presses Confirm);
 * - `approve`: someone else, from `confirmation.approvers`, does;
 * - `action`: the configured StackStorm action (hubot's `HUBOT_2FA`) runs for the person, and
 *   the command goes on only if it succeeds.
 *
 * A code is random (crypto), works once, expires (the person is told where they asked), and is
 * never logged: log lines name the hold by its id. `!st2deny <code>` drops a held command.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { fnmatchAny } from '../acl/index.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import type { CommandContext } from '../core/command.js';
import { CommandError, toError } from '../core/errors.js';
import type { Principal } from '../core/identity.js';
import type { OutgoingMessage } from '../core/message.js';
import type { Logger } from '../log.js';
import type { ActionAlias, Execution } from '../stackstorm/model.js';
import type { AuditedCommand, AuditLog } from './audit.js';
import { awaitExecution } from './confirmation-action.js';
import {
  confirmationMode,
  type ConfirmationMode,
  type ConfirmationSettings,
} from './confirmation-policy.js';
import { explainSt2Error } from './explain.js';
import type { St2Gateway } from './ports.js';

/** Options of the gate. */
export interface ConfirmationOptions {
  readonly settings: ConfirmationSettings;
  /** The bot's own StackStorm client (the confirmation action runs as the bot, as in hubot). */
  readonly st2: St2Gateway;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly audit: AuditLog;
  /** `!st2confirm` and `!st2deny` as the person types them (prefix and command word). */
  readonly confirmCommand: string;
  readonly denyCommand: string;
}

/** A command to hold, from the alias command. */
export interface HoldRequest {
  readonly alias: ActionAlias;
  /** The command as typed, without the prefix and alias word. */
  readonly text: string;
  readonly audit: AuditedCommand;
  /**
   * Rejects (`CommandError`) when the command could not run for this person now, e.g. they must
   * sign in first: checked before holding, so nobody confirms a command that cannot run.
   */
  readonly check: () => Promise<unknown>;
  /** Start the executions (with the requester's credentials), adding each to `started`. */
  readonly run: (started: Execution[]) => Promise<void>;
}

/** One held command. */
interface Hold {
  /** Names the hold in logs (and is the `uuid` the confirmation action gets). */
  readonly id: string;
  /** The code (confirm and approve modes). */
  readonly code?: string | undefined;
  readonly mode: ConfirmationMode;
  readonly request: HoldRequest;
  /** The command's own context: its replies go where it was typed. */
  readonly ctx: CommandContext;
  timer?: TimerHandle | undefined;
}

/** Letters and digits that cannot be mistaken for one another (no 0/O, 1/I). */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** Characters in a code: 32⁸ ≈ 10¹² codes. */
export const CODE_LENGTH = 8;

/** A fresh random code. */
function newCode(): string {
  // 256 is a multiple of the alphabet's 32 letters, so every letter is equally likely.
  return [...randomBytes(CODE_LENGTH)].map((b) => CODE_ALPHABET[b % 32] ?? '').join('');
}

/** What a code looks like, once upper-cased. */
const CODE_SHAPE = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

/** True when two codes are the same, in time that does not depend on where they differ. */
function sameCode(a: string, b: string): boolean {
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function samePerson(a: Principal, b: Principal): boolean {
  return a.backend === b.backend && a.aclKey === b.aclKey;
}

/** `5 minutes`, `90 seconds`. */
function duration(ms: number): string {
  const [n, unit] = ms % 60_000 === 0 ? [ms / 60_000, 'minute'] : [Math.round(ms / 1000), 'second'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** The gate. */
export class ConfirmationGate {
  private readonly holds = new Map<string, Hold>();
  private readonly stopping = new AbortController();

  constructor(private readonly options: ConfirmationOptions) {}

  /** Commands held now. */
  get pending(): number {
    return this.holds.size;
  }

  /**
   * Hold the command when its alias needs a confirmation: resolves to what to tell the person
   * (the code and how to use it), or undefined when it needs none and may run at once. Throws
   * `CommandError` when it cannot be held (too many held, the mode cannot work).
   */
  async hold(ctx: CommandContext, request: HoldRequest): Promise<OutgoingMessage | undefined> {
    const { settings, audit } = this.options;
    const mode = confirmationMode(request.alias, settings);
    if (!mode) return undefined;
    const refuse = (reason: string, message: string): never => {
      audit.record(request.audit, 'refused', { mode, reason });
      throw new CommandError(message);
    };
    const what = this.describe(request);
    try {
      await request.check();
    } catch (error) {
      audit.record(request.audit, 'failed', { mode });
      throw error;
    }
    if (mode === 'approve' && settings.approvers.length === 0) {
      refuse(
        'no approvers',
        `${what} needs an approval, but no approvers are configured (confirmation.approvers). Nothing ran.`,
      );
    }
    const action = settings.action;
    if (mode === 'action' && !action) {
      refuse(
        'no confirmation action',
        `${what} needs a confirmation by a StackStorm action, but none is configured (confirmation.action or HUBOT_2FA). Nothing ran.`,
      );
    }
    if (this.holds.size >= settings.maxPending) {
      refuse(
        'too many held',
        `Too many commands are waiting for a confirmation (${settings.maxPending}); try again later. Nothing ran.`,
      );
    }
    const author = ctx.event.author;
    const mine = [...this.holds.values()].filter((h) => samePerson(h.ctx.event.author, author));
    if (mine.length >= settings.maxPendingPerPerson) {
      refuse(
        'too many held for the person',
        `You have ${mine.length} commands waiting for a confirmation; confirm or deny them first. Nothing ran.`,
      );
    }
    const id = randomUUID();
    if (mode === 'action' && action) return this.holdForAction(ctx, request, id, action);
    let code = newCode();
    while ([...this.holds.values()].some((h) => h.code === code)) code = newCode();
    const hold: Hold = { id, code, mode, request, ctx };
    this.holds.set(id, hold);
    hold.timer = this.options.clock.setTimeout(() => void this.expire(hold), settings.codeTtlMs);
    audit.record(request.audit, 'held', { mode, hold: id });
    return this.prompt(hold);
  }

  /** `!st2confirm <code>`: run the held command if this person may confirm it. */
  async confirm(ctx: CommandContext, typed: string): Promise<void> {
    const hold = this.find(typed, 'confirm');
    const by = ctx.event.author;
    const requester = hold.ctx.event.author;
    const what = this.describe(hold.request);
    const { approvers } = this.options.settings;
    if (hold.mode === 'confirm' && !samePerson(by, requester)) {
      this.refused(hold, by, 'not the requester');
      throw new CommandError(
        `Only ${requester.name} can confirm ${what}: it is their command, and the code works only for them.`,
      );
    }
    if (hold.mode === 'approve') {
      if (samePerson(by, requester)) {
        this.refused(hold, by, 'own command');
        throw new CommandError(
          `You cannot approve your own command: someone else from the approvers (${approvers.join(', ')}) must.`,
        );
      }
      if (!fnmatchAny(by.aclKey, approvers)) {
        this.refused(hold, by, 'not an approver');
        throw new CommandError(
          `Only an approver (${approvers.join(', ')}) can approve ${what}; you are not one.`,
        );
      }
    }
    this.release(hold);
    const confirmed =
      hold.mode === 'approve'
        ? `${by.name} approved ${what} for ${requester.name}: running it.`
        : `Confirmed: running ${what}.`;
    await ctx.reply(confirmed);
    if (!this.samePlace(ctx, hold)) await this.tell(hold, confirmed);
    await this.run(hold, by.aclKey);
  }

  /** `!st2deny <code>`: drop the held command if this person may. */
  async deny(ctx: CommandContext, typed: string): Promise<string> {
    const hold = this.find(typed, 'deny');
    const by = ctx.event.author;
    const requester = hold.ctx.event.author;
    const what = this.describe(hold.request);
    const approver =
      hold.mode === 'approve' && fnmatchAny(by.aclKey, this.options.settings.approvers);
    if (!samePerson(by, requester) && !approver) {
      this.refused(hold, by, 'may not deny');
      throw new CommandError(
        `Only ${requester.name}${hold.mode === 'approve' ? ' or an approver' : ''} can deny ${what}.`,
      );
    }
    this.release(hold);
    this.options.audit.record(hold.request.audit, 'declined', {
      mode: hold.mode,
      hold: hold.id,
      by: by.aclKey,
    });
    const dropped = samePerson(by, requester)
      ? `Dropped ${what}; nothing ran.`
      : `${by.name} denied ${what} for ${requester.name}; nothing ran.`;
    if (!this.samePlace(ctx, hold)) await this.tell(hold, dropped);
    return dropped;
  }

  /** Forget every held command and stop waiting (the bot stops). */
  stop(): void {
    this.stopping.abort();
    for (const hold of this.holds.values()) hold.timer?.cancel();
    this.holds.clear();
  }

  /** `reboot web1` (examples.reboot). */
  private describe(request: HoldRequest): string {
    return `\`${request.text}\` (${request.alias.pack}.${request.alias.name})`;
  }

  /** The prompt of a held command: the code, the exact lines to send, and the buttons. */
  private prompt(hold: Hold): OutgoingMessage {
    const { confirmCommand, denyCommand, settings } = this.options;
    const code = hold.code ?? '';
    const confirm = `${confirmCommand} ${code}`;
    const deny = `${denyCommand} ${code}`;
    const ttl = duration(settings.codeTtlMs);
    const what = this.describe(hold.request);
    const text =
      hold.mode === 'approve'
        ? `${what} needs an approval by someone else (an approver: ${settings.approvers.join(', ')}). To approve it, an approver sends:\n${confirm}\nTo drop it, you or an approver send: ${deny}\nThe code works once and expires in ${ttl}.`
        : `${what} needs your confirmation. To run it, send:\n${confirm}\nTo drop it: ${deny}\nThe code works once, only for you, and expires in ${ttl}.`;
    return {
      text,
      mention: hold.ctx.event.author,
      actions: [
        {
          label: hold.mode === 'approve' ? 'Approve' : 'Confirm',
          command: confirm,
          style: 'primary',
        },
        { label: 'Deny', command: deny, style: 'danger' },
      ],
    };
  }

  /** The held command with this code, or a `CommandError` saying there is none. */
  private find(typed: string, verb: 'confirm' | 'deny'): Hold {
    const code = typed.trim().toUpperCase();
    if (!code) {
      const command = verb === 'confirm' ? this.options.confirmCommand : this.options.denyCommand;
      throw new CommandError(`Give the code: ${command} <code>.`);
    }
    // Only text shaped like a code is compared (and echoed back, never anything else typed).
    if (!CODE_SHAPE.test(code)) {
      throw new CommandError(
        `That is not a code: a code is ${CODE_LENGTH} letters and digits, as in the message that gave it.`,
      );
    }
    let found: Hold | undefined;
    // Every held code is compared, so the time taken says nothing about which one is close.
    for (const hold of this.holds.values()) {
      if (hold.code !== undefined && sameCode(code, hold.code)) found = hold;
    }
    if (found) return found;
    throw new CommandError(
      `No command is waiting for a confirmation with the code ${code}: it may be mistyped, expired, already used or denied.`,
    );
  }

  /** Log a refused attempt (never the code). */
  private refused(hold: Hold, by: Principal, reason: string): void {
    this.options.logger.warn(
      { hold: hold.id, by: by.aclKey, requester: hold.ctx.event.author.aclKey, reason },
      'confirmation refused',
    );
  }

  /** Take a hold out: its code no longer works, its timer no longer runs. */
  private release(hold: Hold): boolean {
    hold.timer?.cancel();
    return this.holds.delete(hold.id);
  }

  private samePlace(ctx: CommandContext, hold: Hold): boolean {
    const channel = ctx.backend.identity.channelOf(ctx.event.place, ctx.event.author);
    return channel === hold.request.audit.channel;
  }

  /** Tell the requester, where they asked. */
  private async tell(hold: Hold, text: string): Promise<void> {
    try {
      await hold.ctx.reply({ text, mention: hold.ctx.event.author });
    } catch (error) {
      this.options.logger.warn(
        { err: toError(error), hold: hold.id },
        'could not tell the requester',
      );
    }
  }

  /** Start the held command's executions; a refusal is told where it was asked. */
  private async run(hold: Hold, by: string): Promise<void> {
    try {
      await this.options.audit.run(hold.request.audit, 'confirmed', hold.request.run, {
        mode: hold.mode,
        hold: hold.id,
        by,
      });
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      await this.tell(hold, error.message);
    }
  }

  private async expire(hold: Hold): Promise<void> {
    if (!this.release(hold)) return;
    this.options.audit.record(hold.request.audit, 'expired', { mode: hold.mode, hold: hold.id });
    const ttl = duration(this.options.settings.codeTtlMs);
    await this.tell(
      hold,
      hold.mode === 'action'
        ? `${this.describe(hold.request)} was not confirmed by ${this.options.settings.action ?? 'the confirmation action'} within ${ttl}, so it was dropped; nothing ran.`
        : `${this.describe(hold.request)} was not ${hold.mode === 'approve' ? 'approved' : 'confirmed'} within ${ttl}, so it was dropped and its code no longer works; nothing ran. Send the command again for a new code.`,
    );
  }

  /**
   * `action` mode: start the confirmation action as hubot did (`uuid`, `user`, `channel`,
   * `hint`), then wait for it in the background and go on only if it succeeds.
   */
  private async holdForAction(
    ctx: CommandContext,
    request: HoldRequest,
    id: string,
    action: string,
  ): Promise<OutgoingMessage> {
    const { st2, audit, clock, logger, settings } = this.options;
    const author = ctx.event.author;
    // Held (and counted) from now on, so that commands arriving meanwhile see the bounds.
    const hold: Hold = { id, mode: 'action', request, ctx };
    this.holds.set(id, hold);
    let execution: Execution;
    try {
      execution = await st2.runAction({
        action,
        parameters: {
          uuid: id,
          user: author.id,
          channel: request.audit.channel,
          hint: request.alias.description || `${request.alias.pack}.${request.alias.name}`,
        },
      });
    } catch (error) {
      this.release(hold);
      audit.record(request.audit, 'refused', {
        mode: 'action',
        hold: id,
        by: action,
        reason: 'the confirmation action did not start',
      });
      return explainSt2Error(error, `the confirmation action ${action}`);
    }
    audit.record(request.audit, 'held', { mode: 'action', hold: id, by: action });
    const deadline = clock.now() + settings.codeTtlMs;
    void awaitExecution(execution.id, {
      st2,
      clock,
      logger,
      deadline,
      signal: this.stopping.signal,
    })
      .then(async (outcome) => {
        if (outcome.kind === 'stopped') return;
        if (outcome.kind === 'expired') return this.expire(hold);
        await this.actionCompleted(hold, outcome.execution, action);
      })
      .catch((error: unknown) => {
        logger.error({ err: toError(error), hold: id }, 'confirmation by action failed');
      });
    return {
      text: `${this.describe(request)} needs a confirmation: I started ${action} (execution ${execution.id}) for you, and will run the command once it succeeds (within ${duration(settings.codeTtlMs)}).`,
      mention: author,
    };
  }

  private async actionCompleted(hold: Hold, execution: Execution, action: string): Promise<void> {
    if (!this.release(hold)) return;
    const what = this.describe(hold.request);
    if (execution.status !== 'succeeded') {
      this.options.audit.record(hold.request.audit, 'refused', {
        mode: 'action',
        hold: hold.id,
        by: action,
        reason: `the confirmation action ${execution.status}`,
      });
      await this.tell(
        hold,
        `The confirmation ${action} (execution ${execution.id}) ${execution.status}, so ${what} was not run.`,
      );
      return;
    }
    await this.tell(hold, `${action} confirmed it: running ${what}.`);
    await this.run(hold, action);
  }
}

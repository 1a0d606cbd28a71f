/**
 * The audit trail: one structured log line (`msg: "audit"`) for each decision about an alias
 * command — who, where, which alias, its parameters with secrets redacted, what was decided and
 * the executions it started. A held command gets a `held` line and later one more (`confirmed`,
 * `declined`, `expired` or `refused`).
 */
import type { CommandContext } from '../core/command.js';
import type { Principal } from '../core/identity.js';
import type { Logger } from '../log.js';
import { RUNNER_PARAMETERS, type ActionAlias, type Execution } from '../stackstorm/model.js';
import type { ConfirmationMode } from './confirmation-policy.js';

/**
 * What was decided:
 * - `ran`: started at once; `failed`: StackStorm (or the sign-in) refused to start it;
 * - `denied`: the ACL refused the alias;
 * - `held`: waiting for a confirmation; then `confirmed` (and started), `declined` (dropped with
 *   `!st2deny`), `expired` (no confirmation in time) or `refused` (the confirmation action failed,
 *   or the command could not be held).
 */
export type AuditDecision =
  'ran' | 'failed' | 'denied' | 'held' | 'confirmed' | 'declined' | 'expired' | 'refused';

/** One alias command as the audit names it (the same on every line about it). */
export interface AuditedCommand {
  readonly alias: Pick<ActionAlias, 'pack' | 'name'>;
  /** The parameters the command gives, one map per execution it would start. */
  readonly parameters: readonly Readonly<Record<string, unknown>>[];
  readonly author: Principal;
  /** The back-end's name. */
  readonly backend: string;
  /** Where it was typed, as StackStorm's `source_channel`. */
  readonly channel: string;
  /** Other aliases that fitted too, passed over by `matching.ambiguous: longest` (`pack.name`). */
  readonly passedOver?: readonly string[] | undefined;
}

/** More about one decision. */
export interface AuditDetails {
  /** The executions started (their action's schema marks secret parameters). */
  readonly executions?: readonly Execution[] | undefined;
  /** The confirmation mode of a held command. */
  readonly mode?: ConfirmationMode | undefined;
  /** The hold's id (never the code). */
  readonly hold?: string | undefined;
  /** Who confirmed or declined (ACL key), or the confirmation action's ref. */
  readonly by?: string | undefined;
  /** Why, in a few words (`refused`, `failed`). */
  readonly reason?: string | undefined;
}

/** The command as the audit names it, from the context it was typed in. */
export function auditedCommand(
  ctx: CommandContext,
  alias: Pick<ActionAlias, 'pack' | 'name'>,
  parameters: readonly Readonly<Record<string, unknown>>[],
  passedOver?: readonly Pick<ActionAlias, 'pack' | 'name'>[],
): AuditedCommand {
  const author = ctx.event.author;
  return {
    alias,
    parameters,
    ...(passedOver?.length ? { passedOver: passedOver.map((a) => `${a.pack}.${a.name}`) } : {}),
    author,
    backend: ctx.backend.name,
    channel: ctx.backend.identity.channelOf(ctx.event.place, author),
  };
}

/** Writes the audit lines. */
export class AuditLog {
  constructor(private readonly logger: Logger) {}

  /** Log one decision about `command`. */
  record(command: AuditedCommand, decision: AuditDecision, details: AuditDetails = {}): void {
    const secret = secretNames(details.executions ?? []);
    const parameters = command.parameters.map((p) => redactParameters(p, secret));
    this.logger.info(
      {
        decision,
        user: command.author.aclKey,
        userName: command.author.name,
        backend: command.backend,
        channel: command.channel,
        alias: `${command.alias.pack}.${command.alias.name}`,
        parameters: parameters.length === 1 ? parameters[0] : parameters,
        ...(command.passedOver ? { passedOver: command.passedOver } : {}),
        ...(details.executions ? { executions: details.executions.map((e) => e.id) } : {}),
        ...(details.mode ? { mode: details.mode } : {}),
        ...(details.hold ? { hold: details.hold } : {}),
        ...(details.by ? { by: details.by } : {}),
        ...(details.reason ? { reason: details.reason } : {}),
      },
      'audit',
    );
  }

  /**
   * Start a command's executions (`run` adds each to the list it is given) and record the
   * outcome: `decision` with the executions, or `failed` with those started before the failure.
   */
  async run(
    command: AuditedCommand,
    decision: 'ran' | 'confirmed',
    run: (started: Execution[]) => Promise<void>,
    details: Omit<AuditDetails, 'executions'> = {},
  ): Promise<readonly Execution[]> {
    const started: Execution[] = [];
    try {
      await run(started);
    } catch (error) {
      this.record(command, 'failed', { ...details, executions: started });
      throw error;
    }
    this.record(command, decision, { ...details, executions: started });
    return started;
  }
}

/** The value written instead of a secret. */
export const REDACTED = '[redacted]';

/** Words of a parameter name that mark a secret (`ssh_key`, `apiKey`, `db_pass`). */
const SECRET_WORDS = new Set(['key', 'keys', 'pass', 'pwd', 'credential', 'credentials']);
/** Parts of a parameter name that mark a secret wherever they are (`dbpassword`, `authtoken`). */
const SECRET_PARTS = ['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey'];

/** True when a parameter's name says it holds a secret, whatever its action declares. */
export function secretByName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  const whole = words.join('');
  return words.some((w) => SECRET_WORDS.has(w)) || SECRET_PARTS.some((p) => whole.includes(p));
}

/** The parameters with secret values replaced: by name, or declared `secret` in `secret`. */
export function redactParameters(
  parameters: Readonly<Record<string, unknown>>,
  secret: ReadonlySet<string> = new Set(),
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(parameters).map(([name, value]) => [
      name,
      secret.has(name) || secretByName(name) ? REDACTED : value,
    ]),
  );
}

/** The parameters the executions' actions (and their runners) declare `secret: true`. */
function secretNames(executions: readonly Execution[]): Set<string> {
  const names = new Set<string>();
  for (const execution of executions) {
    const action = execution.action ?? {};
    const runner = typeof action.runner_type === 'string' ? action.runner_type : '';
    const declared = { ...RUNNER_PARAMETERS[runner], ...asSchema(action.parameters) };
    for (const [name, spec] of Object.entries(declared)) if (spec.secret === true) names.add(name);
  }
  return names;
}

function asSchema(value: unknown): Record<string, { secret?: unknown }> {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, { secret?: unknown }>)
    : {};
}

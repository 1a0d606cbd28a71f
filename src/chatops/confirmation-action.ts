/**
 * The `action` mode's wait: after the confirmation action was started (hubot's `HUBOT_2FA`), ask
 * StackStorm about it on the injected clock until it ends or its time is up. Results of this
 * action are not announced to the bot (it is not an alias execution), so it is polled.
 */
import type { Clock } from '../core/clock.js';
import { toError } from '../core/errors.js';
import { backoffDelay, type BackoffSchedule } from '../lib/backoff.js';
import type { Logger } from '../log.js';
import { COMPLETED_STATES, type Execution } from '../stackstorm/model.js';
import type { St2Gateway } from './ports.js';

/** When to ask: after 1 s, doubling to every 10 s. */
export const ACTION_POLL: BackoffSchedule = { initialMs: 1000, maxMs: 10_000, jitter: 0 };

/** How the wait ended. */
export type ActionWait =
  | { readonly kind: 'completed'; readonly execution: Execution }
  | { readonly kind: 'expired' }
  | { readonly kind: 'stopped' };

/** What the wait needs. */
export interface ActionWaitOptions {
  readonly st2: St2Gateway;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Give up at this time (epoch ms). */
  readonly deadline: number;
  /** Aborted when the bot stops. */
  readonly signal: AbortSignal;
}

/**
 * Resolve once execution `id` is in a completed state, or `expired` at the deadline, or
 * `stopped` when the signal aborts. A failed check is logged and retried at the next step.
 */
export async function awaitExecution(id: string, options: ActionWaitOptions): Promise<ActionWait> {
  const { st2, clock, logger, deadline, signal } = options;
  for (let attempt = 0; ; attempt++) {
    const left = deadline - clock.now();
    if (left <= 0) return { kind: 'expired' };
    try {
      await clock.sleep(Math.min(backoffDelay(attempt, ACTION_POLL), left), signal);
    } catch {
      return { kind: 'stopped' };
    }
    if (signal.aborted) return { kind: 'stopped' };
    try {
      const execution = await st2.getExecution(id);
      if (COMPLETED_STATES.has(execution.status)) return { kind: 'completed', execution };
    } catch (error) {
      logger.warn(
        { err: toError(error), execution: id },
        'could not check the confirmation action',
      );
    }
  }
}

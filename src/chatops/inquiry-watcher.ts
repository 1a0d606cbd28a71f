/**
 * Posting an inquiry where the command was typed: when an execution started from chat (or a
 * workflow task under it) waits on an Inquiry (`core.ask`), the question goes to the same room,
 * thread or direct conversation as that execution, with its fields and the line that answers it.
 *
 * How the bot learns of it: it asks `GET /inquiries` every `INQUIRY_POLL_MS` while executions it
 * started are running, rather than listening to `st2.execution__update` on the stream. st2 sends
 * those events for every execution in the deployment, each with its whole result, and the
 * stream's filters cannot narrow them to one execution's descendants without also dropping the
 * announcements the bot lives on; one small list request per interval is bounded by what the bot
 * started, and it needs no recovery after a stream gap: the next poll finds what the gap hid.
 */
import type { Bot } from '../core/bot.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import { toError } from '../core/errors.js';
import type { Logger } from '../log.js';
import type { Execution, Inquiry } from '../stackstorm/model.js';
import type { ExecutionHistory } from './history.js';
import { answerButtons, answerLine, describeField, inquiryFields } from './inquiry-form.js';
import type { St2Gateway } from './ports.js';
import { announcementTarget } from './render.js';
import type { TrackedExecution } from './tracker.js';

/** How often open inquiries are looked at while executions started from chat are running. */
export const INQUIRY_POLL_MS = 5_000;
/** Inquiries listed per poll (st2's default page). */
const LIST_LIMIT = 100;
/** New inquiries traced to their execution per poll; the rest wait for the next one. */
const TRACE_PER_POLL = 20;
/** Workflow levels walked up from an inquiry to the execution started from chat. */
const MAX_DEPTH = 5;
/** Inquiries remembered (traced, posted); the oldest are forgotten first. */
const REMEMBERED = 2_000;

/** Options of the watcher. */
export interface InquiryWatcherOptions {
  readonly bot: Bot;
  readonly st2: St2Gateway;
  readonly history: ExecutionHistory;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Whether executions started from chat are still running (the tracker has some). */
  readonly active: () => boolean;
  /** The answer command as typed, prefix included (`!st2respond`). */
  readonly respond: string;
}

/** Watches open inquiries and posts those of executions started from chat. */
export class InquiryWatcher {
  /** Inquiry id → the chat execution it belongs to (null: none of ours). */
  private readonly origins = new Map<string, TrackedExecution | null>();
  private readonly posted = new Set<string>();
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(private readonly options: InquiryWatcherOptions) {}

  /**
   * Executions started from chat may be running: poll every `INQUIRY_POLL_MS` until none is
   * (called when one is started).
   */
  wake(): void {
    this.schedule();
  }

  /** Stop polling. */
  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
  }

  /**
   * The execution started from chat that an inquiry belongs to: the inquiry's own execution or a
   * workflow above it (walking `parent`, at most `MAX_DEPTH` levels). Undefined when none.
   */
  async origin(inquiryId: string): Promise<TrackedExecution | undefined> {
    const known = this.origins.get(inquiryId);
    if (known !== undefined) return known ?? undefined;
    const { history, st2 } = this.options;
    let id: string | undefined = inquiryId;
    let found: TrackedExecution | undefined;
    for (let depth = 0; id !== undefined && depth <= MAX_DEPTH; depth++) {
      found = history.get(id);
      if (found) break;
      const execution: Execution = await st2.getExecution(id);
      id = parentOf(execution);
    }
    remember(this.origins, inquiryId, found ?? null);
    return found;
  }

  /** One look: post every open inquiry of ours not posted yet. */
  async poll(): Promise<void> {
    const { st2, logger } = this.options;
    const inquiries = await st2.listInquiries(LIST_LIMIT);
    let traced = 0;
    for (const inquiry of inquiries) {
      if (this.posted.has(inquiry.id)) continue;
      if (!this.origins.has(inquiry.id) && ++traced > TRACE_PER_POLL) break;
      try {
        const origin = await this.origin(inquiry.id);
        if (!origin) continue;
        remember(this.posted, inquiry.id);
        await this.post(inquiry, origin);
      } catch (error) {
        logger.warn({ err: toError(error), inquiry: inquiry.id }, 'could not post an inquiry');
      }
    }
  }

  private async post(inquiry: Inquiry, origin: TrackedExecution): Promise<void> {
    const { bot, respond, logger } = this.options;
    const place = { channel: origin.channel, user: origin.user, context: origin.context };
    const target = await announcementTarget({ ...place, message: '' }, bot.backend);
    if (!target) {
      logger.warn({ inquiry: inquiry.id, channel: origin.channel }, 'no place for an inquiry');
      return;
    }
    const person = await bot.backend.identity.principalFor(origin.user).catch(() => undefined);
    await bot.send(target, {
      ...inquiryMessage(inquiry, origin, respond),
      mention: target.kind === 'room' ? person : undefined,
    });
    logger.info({ inquiry: inquiry.id, execution: origin.executionId }, 'inquiry posted');
  }

  private schedule(): void {
    if (this.stopped || this.timer) return;
    this.timer = this.options.clock.setTimeout(() => {
      void this.poll()
        .catch((error: unknown) => {
          this.options.logger.warn({ err: toError(error) }, 'could not list open inquiries');
        })
        .finally(() => {
          this.timer = undefined;
          if (this.options.active()) this.schedule();
        });
    }, INQUIRY_POLL_MS);
  }
}

/** The question as posted: what waits, its fields, the answer line, and buttons. */
export function inquiryMessage(
  inquiry: Inquiry,
  origin: Pick<TrackedExecution, 'alias' | 'executionId'> | undefined,
  respond: string,
): { text: string; actions?: ReturnType<typeof answerButtons> } {
  const of = origin ? ` (${origin.alias}, execution ${origin.executionId})` : '';
  const fields = inquiryFields(inquiry.schema).map((f) => `  • ${describeField(f)}`);
  const text = [
    `StackStorm is waiting for an answer to inquiry ${inquiry.id}${of}:`,
    ...fields,
    `Answer with: ${answerLine(respond, inquiry)}`,
  ].join('\n');
  const actions = answerButtons(respond, inquiry);
  return actions ? { text, actions } : { text };
}

function parentOf(execution: Execution): string | undefined {
  if (typeof execution.parent === 'string') return execution.parent;
  const parent = execution.context?.parent as { execution_id?: unknown } | undefined;
  return typeof parent?.execution_id === 'string' ? parent.execution_id : undefined;
}

function remember<K, V>(store: Map<K, V> | Set<K>, key: K, value?: V): void {
  if (store instanceof Map) store.set(key, value as V);
  else store.add(key);
  if (store.size > REMEMBERED) {
    const oldest = store.keys().next().value;
    if (oldest !== undefined) store.delete(oldest);
  }
}

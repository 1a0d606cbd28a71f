/**
 * Telling the person who ran a command that its result (or acknowledgement) could not be posted:
 * one line naming the alias, the execution and the reason, at the first place that takes it (the
 * place the result was for, the room outside its thread, a direct message). At most one notice
 * per execution, never retried, never about a notice: a failure here is only logged.
 */
import type { Bot } from '../core/bot.js';
import { toError } from '../core/errors.js';
import type { Principal, Target } from '../core/identity.js';
import type { Logger } from '../log.js';
import type { Announcement } from '../stackstorm/model.js';
import { announcementTarget } from './render.js';

/** What could not be posted, for whom, and why. */
export interface UndeliveredNotice {
  readonly what: 'result' | 'acknowledgement';
  /** The plain reason, shown to the person: never an error's raw text (it may hold a secret). */
  readonly reason: string;
  /** `<pack>.<name>` of the alias, when known. */
  readonly alias?: string | undefined;
  readonly execution?: string | undefined;
  /** Where the message was for (as an announcement addresses it) and who it was for. */
  readonly place: Pick<Announcement, 'channel' | 'user' | 'whisper' | 'context'>;
}

/** Executions remembered as already told (oldest forgotten first). */
const REMEMBERED = 1000;

/** The notices. */
export class UndeliveredNotices {
  private readonly told = new Set<string>();
  private stopped = false;

  constructor(
    private readonly bot: Bot,
    private readonly logger: Logger,
  ) {}

  /** The bot is stopping: log from now on, post nothing. */
  stop(): void {
    this.stopped = true;
  }

  /** Log the failure and tell the person once per execution. Never rejects. */
  async tell(notice: UndeliveredNotice): Promise<void> {
    const fields = { alias: notice.alias, execution: notice.execution, reason: notice.reason };
    this.logger.error(fields, `${notice.what} not posted`);
    if (this.stopped || !notice.place.user) return;
    if (notice.execution !== undefined) {
      if (this.told.has(notice.execution)) return;
      this.told.add(notice.execution);
      const oldest = this.told.values().next().value;
      if (this.told.size > REMEMBERED && oldest !== undefined) this.told.delete(oldest);
    }
    const text = noticeText(notice);
    const person = await this.bot.backend.identity
      .principalFor(notice.place.user)
      .catch(() => undefined);
    for (const target of await this.places(notice.place, person)) {
      try {
        await this.bot.send(target, {
          text,
          mention: target.kind === 'room' ? person : undefined,
        });
        this.logger.info({ ...fields, place: target.kind }, 'told the person');
        return;
      } catch (error) {
        this.logger.warn({ ...fields, err: toError(error) }, 'could not post the notice there');
      }
    }
    this.logger.error(fields, 'could not tell the person anywhere');
  }

  /** The places to try, in order, without repeats; lookups that fail are skipped. */
  private async places(
    place: UndeliveredNotice['place'],
    person: Principal | undefined,
  ): Promise<Target[]> {
    const { backend } = this.bot;
    const candidates: (() => Promise<Target | undefined>)[] = [
      () => announcementTarget({ ...place, message: '' }, backend),
      () => backend.identity.targetFor(place.channel, place.user),
      () =>
        Promise.resolve(
          person && backend.caps.directMessages ? { kind: 'direct', user: person } : undefined,
        ),
    ];
    const out = new Map<string, Target>();
    for (const candidate of candidates) {
      try {
        const target = await candidate();
        if (target) out.set(placeKey(target), target);
      } catch (error) {
        this.logger.debug({ err: toError(error) }, 'no notice place');
      }
    }
    return [...out.values()];
  }
}

/** The line the person gets. */
export function noticeText(notice: UndeliveredNotice): string {
  const of = notice.alias ? `\`${notice.alias}\`` : 'a StackStorm command';
  const execution = notice.execution ? ` (execution ${notice.execution})` : '';
  return `stormbot could not post the ${notice.what} of ${of}${execution}: ${notice.reason}`;
}

function placeKey(target: Target): string {
  const where = target.kind === 'room' ? target.room.id : target.user.id;
  return `${target.kind}:${where}:${target.thread?.id ?? ''}`;
}

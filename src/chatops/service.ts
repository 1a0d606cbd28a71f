/**
 * The ChatOps service: ties the alias catalog, the `st2`/`st2help` commands, the delivery queue
 * and the execution tracker to a bot, as a feature (`Bot.use`). The app feeds it stream events.
 */
import type { Bot } from '../core/bot.js';
import type { Clock } from '../core/clock.js';
import type { Command } from '../core/command.js';
import { toError } from '../core/errors.js';
import type { Feature } from '../core/feature.js';
import type { Metrics } from '../core/metrics.js';
import type { Logger } from '../log.js';
import type { ActionAlias, Announcement } from '../stackstorm/model.js';
import { aliasCommand } from './alias-command.js';
import type { AnnouncementSource } from './announcement.js';
import { AuditLog } from './audit.js';
import { AliasCatalog } from './catalog.js';
import { ConfirmationGate } from './confirmation.js';
import { confirmationCommands, confirmationWords } from './confirmation-commands.js';
import type { ConfirmationSettings } from './confirmation-policy.js';
import { DeliveryQueue } from './delivery.js';
import { executionCommands } from './execution-commands.js';
import { helpCommand } from './help-command.js';
import { ExecutionHistory } from './history.js';
import { inquiryCommandNames, inquiryCommands } from './inquiry-commands.js';
import { InquiryWatcher } from './inquiry-watcher.js';
import { UndeliveredNotices } from './notice.js';
import { botCredentials, type CredentialResolver, type St2Gateway } from './ports.js';
import { ExecutionTracker, SILENCE_MS } from './tracker.js';

/** Options of the ChatOps service. */
export interface ChatopsOptions {
  readonly bot: Bot;
  readonly st2: St2Gateway;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly credentials?: CredentialResolver | undefined;
  /** The alias command word (`plugin_prefix`); empty sends every unknown command to st2. */
  readonly aliasWord: string;
  /** `notification_route` sent with executions. */
  readonly route: string;
  readonly webUiUrl?: string | undefined;
  /** Alias reload period (`timer_update`), in milliseconds. */
  readonly refreshMs: number;
  /** Several fitting formats: refuse (st2's rule, default) or run the longest (`matching.ambiguous`). */
  readonly ambiguous?: 'refuse' | 'longest' | undefined;
  readonly delivery: {
    readonly queueSize: number;
    readonly maxAttempts: number;
    readonly retryBaseMs: number;
    readonly retryMaxMs: number;
  };
  /** Counts executions, deliveries, drops and the queue's size. */
  readonly metrics: Metrics;
  /** Which commands wait for a confirmation (`confirmation.*`). */
  readonly confirmation: ConfirmationSettings;
}

/** The service. */
export class ChatopsService implements Feature {
  readonly name = 'chatops';
  readonly commands: readonly Command[];
  /** The alias command, when it runs every unknown command word (empty alias word). */
  readonly fallback: Command | undefined;
  readonly catalog: AliasCatalog;
  readonly delivery: DeliveryQueue;
  readonly tracker: ExecutionTracker;
  /** Commands held until confirmed. */
  readonly confirmation: ConfirmationGate;
  /** Who started which execution from chat. */
  readonly history = new ExecutionHistory(() => {
    this.inquiries.wake();
  });
  /** Posts inquiries of executions started from chat where they were started. */
  readonly inquiries: InquiryWatcher;
  private readonly notices: UndeliveredNotices;
  /** Until the first connection every result may be missed, so start as if after a gap. */
  private streamWasDown = true;
  private everConnected = false;

  constructor(private readonly options: ChatopsOptions) {
    const { bot, st2, clock, logger, metrics } = options;
    this.catalog = new AliasCatalog({
      st2,
      clock,
      logger,
      refreshMs: options.refreshMs,
      ambiguous: options.ambiguous,
    });
    const notices = new UndeliveredNotices(bot, logger);
    this.notices = notices;
    this.delivery = new DeliveryQueue({
      bot,
      clock,
      logger,
      ...options.delivery,
      describe: (a) => this.tracker.describe(a),
      onQueued: (a) => {
        this.tracker.announced(a);
      },
      onDelivered: (a, source) => {
        this.tracker.settle(a);
        metrics.count('announcementsDelivered', source);
      },
      onSize: (size) => {
        metrics.set('deliveryQueueSize', size);
      },
      onDropped: (a, reason) => {
        // The person who ran the command, where they ran it, is told; else whom `a` was for.
        const tracked = this.tracker.find(a);
        this.tracker.settle(a);
        metrics.count('announcementsDropped');
        const execution = tracked?.executionId ?? a.executionId;
        void notices.tell({
          what: 'result',
          reason,
          alias: tracked?.alias,
          execution,
          place: tracked ?? a,
        });
      },
    });
    this.tracker = new ExecutionTracker({
      st2,
      sink: this.delivery,
      clock,
      logger,
      onSilent: (tracked) => {
        metrics.count('errors', 'no_result');
        void notices.tell({
          what: 'result',
          reason: `StackStorm announced no result within ${SILENCE_MS / 1000} s of the end of the execution (its result.format may have failed to render: StackStorm's chatops.format_execution_result execution says why)`,
          alias: tracked.alias,
          execution: tracked.executionId,
          place: tracked,
        });
      },
    });
    const audit = new AuditLog(logger.child({ component: 'audit' }));
    const words = confirmationWords(options.aliasWord);
    const typed = (word: string) => `${bot.addressing.prefix}${word}`;
    this.confirmation = new ConfirmationGate({
      settings: options.confirmation,
      st2,
      clock,
      logger,
      audit,
      confirmCommand: typed(words.confirm),
      denyCommand: typed(words.deny),
    });
    const command = aliasCommand({
      bot,
      catalog: this.catalog,
      st2,
      credentials: options.credentials ?? botCredentials,
      tracker: this.tracker,
      history: this.history,
      notices,
      clock,
      prefix: options.aliasWord,
      route: options.route,
      webUiUrl: options.webUiUrl,
      audit,
      confirmation: this.confirmation,
      onExecuted: () => {
        metrics.count('executions', 'started');
      },
    });
    const help = helpCommand(bot, this.catalog, options.aliasWord);
    const word = options.aliasWord || 'st2';
    const credentials = options.credentials ?? botCredentials;
    this.inquiries = new InquiryWatcher({
      bot,
      st2,
      history: this.history,
      clock,
      logger,
      active: () => this.tracker.pending > 0,
      respond: `${bot.addressing.prefix}${inquiryCommandNames(word).respond}`,
    });
    const more = [
      ...inquiryCommands({ bot, st2, credentials, watcher: this.inquiries, word }),
      ...executionCommands({
        bot,
        st2,
        credentials,
        history: this.history,
        word,
        webUiUrl: options.webUiUrl,
      }),
    ];
    const confirmation = confirmationCommands(this.confirmation, options.aliasWord);
    this.commands = [...(options.aliasWord ? [command, help] : [help]), ...confirmation, ...more];
    this.fallback = options.aliasWord ? undefined : command;
  }

  /** Load aliases and start the periodic reload. */
  async start(): Promise<void> {
    await this.catalog.start();
  }

  /** Stop timers; undelivered announcements are logged. */
  stop(): void {
    this.catalog.stop();
    this.confirmation.stop();
    this.tracker.stop();
    this.inquiries.stop();
    this.notices.stop();
    this.delivery.stop();
  }

  /** An `st2.announcement__<route>` event arrived on the stream (validated by the stream). */
  async announcement(
    announcement: Announcement,
    source: AnnouncementSource = 'stream',
  ): Promise<void> {
    await this.delivery.deliver(announcement, source);
  }

  /** An `st2.actionalias__create|update|delete` event arrived (validated by the stream). */
  aliasChanged(change: 'create' | 'update' | 'delete', alias: ActionAlias): void {
    this.catalog.apply(change, alias);
  }

  /** The stream dropped: results announced until it is back are lost by st2. */
  streamDown(): void {
    this.streamWasDown = true;
    this.tracker.pause();
  }

  /**
   * The stream is connected. After a gap, reload aliases and recover executions that finished
   * while it was down.
   */
  async streamUp(): Promise<void> {
    if (!this.streamWasDown) return;
    this.streamWasDown = false;
    const first = !this.everConnected;
    this.everConnected = true;
    if (!first) {
      try {
        await this.catalog.reload();
      } catch (error) {
        this.options.logger.warn({ err: toError(error) }, 'alias reload after reconnect failed');
      }
    }
    const recovered = await this.tracker.recover();
    if (recovered > 0)
      this.options.logger.info({ recovered }, 'recovered results missed during a stream gap');
  }
}

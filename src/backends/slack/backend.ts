/**
 * The Slack back-end: Socket Mode for events (no public URL needed) and the Web API for posting.
 *
 * Every envelope is acknowledged at once. People's `message` and `app_mention` events become chat
 * events (each message once, even when both events arrive); the bot's own messages and non-text
 * subtypes are dropped. Identities are Slack ids: `U…` for people, `C…`/`G…` for rooms, and a
 * direct conversation's `D…` id as its st2 channel.
 *
 * Buttons are Block Kit buttons (`./buttons.ts`); a press arrives as an `interactive` envelope
 * (`./clicks.ts`) and becomes the presser's chat event with the button's command; the buttons stay
 * (one person's refused press must not take them from the others) and the message shows who
 * pressed what most recently. The same person pressing the same message again soon is ignored.
 */
import type { SocketModeClient } from '@slack/socket-mode';
import type { ChatPostMessageArguments, ChatUpdateArguments, WebClient } from '@slack/web-api';
import type { BackendCaps, ChatBackend } from '../../core/backend.js';
import { toError } from '../../core/errors.js';
import type { Target } from '../../core/identity.js';
import type { ChatEvent, OutgoingMessage, SentMessage } from '../../core/message.js';
import { ApiChatBackend, type ApiBackendDeps } from '../shared/api-backend.js';
import { RecentKeys } from '../shared/cache.js';
import { withTimeout } from '../shared/timeout.js';
import { escapeMrkdwn, pressedBlocks } from './buttons.js';
import { readBlockActions, type SlackClick } from './clicks.js';
import { isSlackId, SlackDirectory } from './directory.js';
import { isCustomSlackMessage, renderSlack, slackMention } from './format.js';
import {
  readInbound,
  readText,
  type SlackInbound,
  type SlackNames,
  type SlackSelf,
} from './inbound.js';
import { slackSdkLogger } from './sdk-logger.js';
import type { SlackSettings } from './settings.js';

/** What the Slack back-end needs from the process. */
export type SlackBackendDeps = ApiBackendDeps;

/** How long a Socket Mode connection may take to say hello. */
const HELLO_TIMEOUT_MS = 30_000;

/** The Slack back-end. */
export class SlackBackend extends ApiChatBackend<SlackDirectory> implements ChatBackend {
  readonly name = 'slack';
  readonly caps: BackendCaps;

  private api: WebClient | undefined;
  private socket: SocketModeClient | undefined;
  private self: SlackSelf | undefined;
  /** Recent presses, by message and presser (a double click is one press). */
  private readonly pressed = new RecentKeys();

  constructor(
    private readonly settings: SlackSettings,
    deps: SlackBackendDeps,
  ) {
    super(deps, {
      backend: 'slack',
      chat: 'Slack',
      inboundFailure: 'could not handle a Slack message',
    });
    this.caps = {
      // Slack truncates message text beyond 40,000 characters and advises keeping it under
      // 4,000; 3,500 leaves room for a mention and for `&amp;`-style escaping within that.
      length: {
        max: 3500,
        unit: 'chars',
        attachAbove: settings.file_upload_threshold || undefined,
      },
      threads: true,
      rich: true,
      directMessages: true,
      buttons: true,
    };
  }

  /**
   * Post with `chat.postMessage`, or upload the text as a file when the core asks to attach it
   * (longer than `file_upload_threshold`), with the mention as its comment. Block Kit and custom
   * attachment messages are never uploaded: their own layout replaces the text.
   */
  async send(target: Target, message: OutgoingMessage): Promise<SentMessage> {
    const api = this.requireApi();
    const channel =
      target.kind === 'room'
        ? target.room.id
        : await this.requireDirectory().openDirect(target.user.id);
    const thread = target.thread ? { thread_ts: target.thread.id } : {};
    if (message.attach && !isCustomSlackMessage(message)) {
      const mention = message.mention ? slackMention(message.mention.id) : '';
      const note = `(${message.text.length} characters of output, attached as a file)`;
      const res = await api.filesUploadV2({
        content: message.text,
        filename: 'stormbot-output.txt',
        title: 'stormbot output',
        snippet_type: 'text',
        initial_comment: [mention, note].filter(Boolean).join('\n'),
        channel_id: channel,
        ...thread,
      });
      const completed = (res.files as { files?: { id?: string }[] }[] | undefined)?.[0];
      return { messageId: completed?.files?.[0]?.id };
    }
    const args = { ...renderSlack(message), channel, ...thread } as ChatPostMessageArguments;
    const res = await api.chat.postMessage(args);
    return { messageId: res.ts };
  }

  protected async targetFor(channel: string, user?: string): Promise<Target | undefined> {
    const directory = this.requireDirectory();
    const c = channel.trim();
    if (!c) return user ? this.directTo(user) : undefined;
    if (c.startsWith('@') || c.startsWith('<@')) return this.directTo(c);
    const bare = /^<#([A-Z0-9]+)(?:\|[^>]*)?>$/.exec(c)?.[1] ?? c.replace(/^#/, '');
    if (isSlackId(bare)) {
      if (bare.startsWith('U') || bare.startsWith('W')) return this.directTo(bare);
      const conversation = await directory.conversation(bare);
      if (!conversation) return undefined;
      if (conversation.kind === 'room') return { kind: 'room', room: conversation.room };
      return { kind: 'direct', user: await directory.principal(conversation.userId) };
    }
    const id = await directory.channelIdByName(bare);
    if (id !== undefined) return { kind: 'room', room: await directory.room(id) };
    return c.startsWith('#') ? undefined : this.directTo(c);
  }

  protected async createClients(): Promise<void> {
    if (this.socket) return;
    const [{ WebClient }, { SocketModeClient, LogLevel }] = await Promise.all([
      import('@slack/web-api'),
      import('@slack/socket-mode'),
    ]);
    const sdkLogger = slackSdkLogger(this.logger, LogLevel);
    this.api = new WebClient(this.settings.bot_token, {
      slackApiUrl: this.settings.api_url,
      logger: sdkLogger,
      retryConfig: { retries: 2 },
      timeout: 30_000,
    });
    this.directory = new SlackDirectory(this.api, this.clock, this.logger, this.name);
    const socket = new SocketModeClient({
      appToken: this.settings.app_token,
      logger: sdkLogger,
      // Reconnecting is ours (backoff on the injected clock, state for /healthz).
      autoReconnectEnabled: false,
      clientOptions: { slackApiUrl: this.settings.api_url, retryConfig: { retries: 0 } },
    });
    socket.on('slack_event', (args: { ack: () => Promise<void>; type: string; body: unknown }) => {
      args.ack().catch((error: unknown) => {
        this.logger.warn({ err: toError(error) }, 'could not acknowledge a Slack envelope');
      });
      if (args.type === 'events_api') {
        this.onEvent((args.body as { event?: unknown } | undefined)?.event);
      } else if (args.type === 'interactive') {
        this.onInteraction(args.body);
      }
    });
    socket.on('disconnected', () => {
      this.dropped('Socket Mode connection closed');
    });
    this.socket = socket;
  }

  protected async connect(): Promise<void> {
    const api = this.requireApi();
    const socket = this.socket;
    if (!socket) throw this.notStarted();
    const auth = await api.auth.test();
    if (!auth.user_id) throw new Error('auth.test returned no bot user id');
    this.self = { userId: auth.user_id, botId: auth.bot_id, name: auth.user ?? auth.user_id };
    this.selfPrincipal = {
      backend: this.name,
      id: auth.user_id,
      name: auth.user ?? auth.user_id,
      aclKey: auth.user_id,
    };
    await withTimeout(
      this.clock,
      HELLO_TIMEOUT_MS,
      socket.start().catch((error: unknown) => {
        throw error instanceof Error ? error : new Error('Socket Mode connection failed');
      }),
      () => new Error('Slack did not say hello in time'),
    );
  }

  protected async disconnect(): Promise<void> {
    try {
      await this.socket?.disconnect();
    } catch (error) {
      this.logger.debug({ err: toError(error) }, 'error while disconnecting from Slack');
    }
  }

  private onEvent(event: unknown): void {
    const self = this.self;
    const sink = this.sink;
    if (!self || !sink) return;
    const message = readInbound(event, self);
    if (!message) return;
    this.inbound.push(sink, `${message.channelId}:${message.ts}`, () => this.toChatEvent(message));
  }

  private async toChatEvent(message: SlackInbound): Promise<ChatEvent> {
    const { author, place } = await this.authorAndPlace(
      message.userId,
      message.channelId,
      message.direct,
    );
    const threadId = message.threadTs ?? (this.settings.thread_replies ? message.ts : undefined);
    return {
      author,
      place,
      text: await this.namedText(message),
      messageId: message.ts,
      threadId,
      mentionsBot: message.mentionsBot,
      raw: { channel: message.channelId, ts: message.ts, thread_ts: message.threadTs },
    };
  }

  private onInteraction(payload: unknown): void {
    const self = this.self;
    const sink = this.sink;
    if (!self || !sink) return;
    const reading = readBlockActions(payload);
    if (reading.kind === 'ignored') {
      this.logger.info({ reason: reading.reason }, 'ignored a Slack interaction');
      return;
    }
    const click = reading.click;
    if (click.userId === self.userId) return;
    const key = `${click.channelId}:${click.messageTs}:${click.userId}`;
    if (this.pressed.seen(key)) {
      this.logger.info(
        { channel: click.channelId, ts: click.messageTs, user: click.userId },
        'ignored a second press by the same person on the buttons of a message',
      );
      return;
    }
    this.inbound.push(sink, `button:${key}`, () => this.clickEvent(click));
    void this.showPressed(click);
  }

  /** The press as the presser typing the button's command where the message is. */
  private async clickEvent(click: SlackClick): Promise<ChatEvent> {
    const { author, place } = await this.authorAndPlace(
      click.userId,
      click.channelId,
      click.direct,
    );
    return {
      author,
      place,
      text: click.command,
      messageId: click.messageTs,
      threadId: click.threadTs ?? (this.settings.thread_replies ? click.messageTs : undefined),
      raw: {
        button: true,
        channel: click.channelId,
        ts: click.messageTs,
        thread_ts: click.threadTs,
      },
    };
  }

  /** Show who pressed what above the message's buttons; best-effort (a failure is logged). */
  private async showPressed(click: SlackClick): Promise<void> {
    const line = `<@${click.userId}> pressed *${escapeMrkdwn(click.label)}*`;
    const blocks = click.message && pressedBlocks(click.message.blocks, line);
    if (!click.message || !blocks) {
      this.logger.debug(
        { ts: click.messageTs },
        'pressed message has no stormbot buttons to show the press above',
      );
      return;
    }
    try {
      const args = { channel: click.channelId, ts: click.messageTs, text: click.message.text };
      // The blocks are Slack's own, sent back as they came with one replaced.
      await this.requireApi().chat.update({ ...args, blocks } as ChatUpdateArguments);
    } catch (error) {
      this.logger.warn(
        { err: toError(error), channel: click.channelId, ts: click.messageTs },
        'could not show who pressed the buttons of a message',
      );
    }
  }

  /**
   * The message's text with people and channels mentioned by id alone (`<@U…>`, as Slack sends
   * a mention today) written as `@name` and `#name`, as hubot's Slack adapter did.
   */
  private async namedText(message: SlackInbound): Promise<string> {
    const { users, channels } = message.unnamed;
    const self = this.self;
    if ((users.length === 0 && channels.length === 0) || !self) return message.text;
    const directory = this.requireDirectory();
    const names: SlackNames = {
      users: new Map(
        (
          await Promise.all(users.map(async (id) => [id, await directory.handle(id)] as const))
        ).filter((e): e is readonly [string, string] => e[1] !== undefined),
      ),
      channels: new Map(
        await Promise.all(
          channels.map(
            async (id) => [id, (await directory.room(id)).name.replace(/^#/, '')] as const,
          ),
        ),
      ),
    };
    return readText(message.rawText, self, names).text;
  }

  private requireApi(): WebClient {
    if (!this.api) throw this.notStarted();
    return this.api;
  }
}

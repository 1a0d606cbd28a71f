/**
 * The Slack back-end: Socket Mode for events (no public URL needed) and the Web API for posting.
 *
 * Every envelope is acknowledged at once. People's `message` and `app_mention` events become chat
 * events (each message once, even when both events arrive); the bot's own messages and non-text
 * subtypes are dropped. Identities are Slack ids: `U…` for people, `C…`/`G…` for rooms, and a
 * direct conversation's `D…` id as its st2 channel.
 */
import type { SocketModeClient } from '@slack/socket-mode';
import type { ChatPostMessageArguments, WebClient } from '@slack/web-api';
import type { BackendCaps, ChatBackend } from '../../core/backend.js';
import { toError } from '../../core/errors.js';
import type { Target } from '../../core/identity.js';
import type { ChatEvent, OutgoingMessage, SentMessage } from '../../core/message.js';
import { ApiChatBackend, type ApiBackendDeps } from '../shared/api-backend.js';
import { splitRich } from '../shared/attachments.js';
import { withTimeout } from '../shared/timeout.js';
import { isSlackId, SlackDirectory } from './directory.js';
import { isCustomSlackMessage, renderSlack, slackMention, wantsThreadResponse } from './format.js';
import { readInbound, type SlackInbound, type SlackSelf } from './inbound.js';
import { slackSdkLogger } from './sdk-logger.js';
import type { SlackSettings } from './settings.js';

/** What the Slack back-end needs from the process. */
export type SlackBackendDeps = ApiBackendDeps;

/** How long a Socket Mode connection may take to say hello. */
const HELLO_TIMEOUT_MS = 30_000;

/**
 * Prefix of a thread id that marks a message posted outside any thread: replies go next to it, or
 * under it when `extra.slack.thread_response` asks for a thread.
 */
const BESIDE = '~';

/** The Slack back-end. */
export class SlackBackend extends ApiChatBackend<SlackDirectory> implements ChatBackend {
  readonly name = 'slack';
  /**
   * Slack truncates message text beyond 40,000 characters and advises keeping it under 4,000;
   * 3,500 leaves room for a mention and for Slack's `&amp;`-style escaping within that.
   */
  readonly caps: BackendCaps = {
    maxMessageLength: 3500,
    threads: true,
    rich: true,
    directMessages: true,
  };

  private api: WebClient | undefined;
  private socket: SocketModeClient | undefined;
  private self: SlackSelf | undefined;

  constructor(
    private readonly settings: SlackSettings,
    deps: SlackBackendDeps,
  ) {
    super(deps, {
      backend: 'slack',
      chat: 'Slack',
      inboundFailure: 'could not handle a Slack message',
    });
  }

  async send(target: Target, message: OutgoingMessage): Promise<SentMessage> {
    const api = this.requireApi();
    const place = await this.placeOf(target, message);
    const args = { ...renderSlack(message), ...place } as ChatPostMessageArguments;
    const res = await api.chat.postMessage(args);
    return { messageId: res.ts };
  }

  /**
   * Upload a message longer than `file_upload_threshold` characters as a text file (with the
   * mention and the plain half as its comment) instead of letting the core split it into many
   * messages. Block Kit and custom attachment messages are never uploaded.
   */
  async sendLong(
    target: Target,
    message: OutgoingMessage,
    _parts: number,
  ): Promise<SentMessage | undefined> {
    const limit = this.settings.file_upload_threshold;
    if (limit === 0 || message.text.length <= limit || isCustomSlackMessage(message)) {
      return undefined;
    }
    const api = this.requireApi();
    const place = await this.placeOf(target, message);
    const mention = message.mention ? `${slackMention(message.mention.id)} ` : '';
    const { pretext } = splitRich(message.text, message.rich?.richText);
    const note = `(${message.text.length} characters of output, attached as a file)`;
    const upload = {
      content: message.text,
      filename: 'stormbot-output.txt',
      title: 'stormbot output',
      snippet_type: 'text',
      initial_comment: [`${mention}${pretext}`.trim(), note].filter(Boolean).join('\n'),
    };
    const res = await api.filesUploadV2(
      place.thread_ts
        ? { ...upload, channel_id: place.channel, thread_ts: place.thread_ts }
        : { ...upload, channel_id: place.channel },
    );
    const completed = (res.files as { files?: { id?: string }[] }[] | undefined)?.[0];
    return { messageId: completed?.files?.[0]?.id };
  }

  private async placeOf(
    target: Target,
    message: OutgoingMessage,
  ): Promise<{ channel: string; thread_ts?: string }> {
    const channel =
      target.kind === 'room'
        ? target.room.id
        : await this.requireDirectory().openDirect(target.user.id);
    const threadTs = threadTsFor(target.threadId, wantsThreadResponse(message));
    return threadTs ? { channel, thread_ts: threadTs } : { channel };
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
    const threadId =
      message.threadTs ?? (this.settings.thread_replies ? message.ts : `${BESIDE}${message.ts}`);
    return {
      author,
      place,
      text: message.text,
      messageId: message.ts,
      threadId,
      mentionsBot: message.mentionsBot,
      raw: { channel: message.channelId, ts: message.ts, thread_ts: message.threadTs },
    };
  }

  private requireApi(): WebClient {
    if (!this.api) throw this.notStarted();
    return this.api;
  }
}

/**
 * The `thread_ts` for a target's thread id: a real thread's id as is; a message posted outside
 * any thread (`~ts`) only when the message asks for a thread response.
 */
export function threadTsFor(
  threadId: string | undefined,
  threadResponse: boolean,
): string | undefined {
  if (!threadId) return undefined;
  if (threadId.startsWith(BESIDE))
    return threadResponse ? threadId.slice(BESIDE.length) : undefined;
  return threadId;
}

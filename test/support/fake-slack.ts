/**
 * A local stand-in for Slack, following its public API documentation closely enough for the
 * Slack back-end: the Web API methods it calls (form-encoded POSTs answering `{ok, …}`), the
 * Socket Mode handshake (`apps.connections.open` with the app token → WebSocket URL → `hello`),
 * `events_api` envelopes that must be acknowledged with `{envelope_id}`, and the external file
 * upload flow (`files.getUploadURLExternal` → POST to the upload URL →
 * `files.completeUploadExternal`). Every Web API call is recorded; tests await them. Posted
 * messages are kept (and changed by `chat.update`) so that a person can press their buttons:
 * `pressButton` sends the `block_actions` payload Slack sends in an `interactive` envelope.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { FakeChatServer, readBody } from './fake-http.js';
import { Waiters } from './waiters.js';

/** A Slack user known to the fake. */
export interface FakeSlackUser {
  readonly id: string;
  readonly name: string;
  readonly real_name?: string;
  readonly display_name?: string;
}

/** A Slack conversation known to the fake (`is_im` with `user` for a direct message). */
export interface FakeSlackChannel {
  readonly id: string;
  readonly name?: string;
  readonly is_im?: boolean;
  readonly user?: string;
}

/** One recorded Web API call. */
export interface FakeSlackCall {
  readonly method: string;
  readonly args: Record<string, unknown>;
  /** The token the call was made with. */
  readonly token: string | undefined;
}

/** A message the bot posted, as the fake keeps it (changed by `chat.update`). */
export interface FakeSlackMessage {
  readonly channel: string;
  readonly ts: string;
  readonly text: string;
  readonly blocks?: unknown[] | undefined;
  readonly attachments?: unknown[] | undefined;
  readonly threadTs?: string | undefined;
}

/** Options of the fake. */
export interface FakeSlackOptions {
  readonly appToken?: string;
  readonly botToken?: string;
  readonly users?: readonly FakeSlackUser[];
  readonly channels?: readonly FakeSlackChannel[];
}

/** The bot's identity in the fake workspace. */
export const FAKE_BOT = { userId: 'UBOT0001', botId: 'BBOT0001', name: 'stormbot' } as const;

/** Arguments Slack takes as JSON strings in form-encoded calls. */
const JSON_ARGS = new Set(['attachments', 'blocks', 'files', 'metadata']);

/** The fake Slack server. */
export class FakeSlack extends FakeChatServer {
  /** Every Web API call, in order. */
  readonly calls: FakeSlackCall[] = [];
  /** Envelope ids the client acknowledged, in order. */
  readonly acks: string[] = [];
  /** Files uploaded to upload URLs, by file id. */
  readonly uploads = new Map<string, { filename: string; content: string }>();
  /** How many Socket Mode connections said hello so far. */
  connections = 0;
  /** Messages the bot posted, by `channel:ts`. */
  readonly messages = new Map<string, FakeSlackMessage>();

  readonly appToken: string;
  readonly botToken: string;
  private readonly users = new Map<string, FakeSlackUser>();
  private readonly channels = new Map<string, FakeSlackChannel>();
  private readonly tickets = new Set<string>();
  private readonly sockets = new Set<WebSocket>();
  private readonly callWaiters = new Waiters<FakeSlackCall>('a Slack call');
  private readonly ackWaiters = new Waiters<string>('a Socket Mode ack');
  private readonly connectionWaiters = new Waiters<number>('Socket Mode connections');
  private seq = 0;

  private constructor(options: FakeSlackOptions) {
    super();
    this.appToken = options.appToken ?? 'xapp-1-test-app-token';
    this.botToken = options.botToken ?? 'xoxb-test-bot-token';
    this.addUser({ id: FAKE_BOT.userId, name: FAKE_BOT.name });
    for (const u of options.users ?? []) this.addUser(u);
    for (const c of options.channels ?? []) this.addChannel(c);
  }

  /** Start a fake on a free loopback port. */
  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const fake = new FakeSlack(options);
    await fake.listen();
    return fake;
  }

  /** The Web API base URL to configure as `api_url`. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** Add a user to the workspace. */
  addUser(user: FakeSlackUser): void {
    this.users.set(user.id, user);
  }

  /** Add a conversation to the workspace. */
  addChannel(channel: FakeSlackChannel): void {
    this.channels.set(channel.id, channel);
  }

  /** A fresh message timestamp id (`1700000000.000100` style). */
  nextTs(): string {
    this.seq++;
    return `${1_700_000_000 + this.seq}.${String(this.seq).padStart(6, '0')}`;
  }

  /** Resolve with the first call of `method` (already made or coming) that satisfies `match`. */
  waitForCall(
    method: string,
    match: (call: FakeSlackCall) => boolean = () => true,
  ): Promise<FakeSlackCall> {
    return this.callWaiters.wait(
      (c) => c.method === method && match(c),
      this.calls,
      `${method} matching ${String(match)}`,
    );
  }

  /** Resolve once `count` Socket Mode connections in total have said hello. */
  waitForConnections(count: number): Promise<number> {
    if (this.connections >= count) return Promise.resolve(this.connections);
    return this.connectionWaiters.wait((n) => n >= count, [], `to reach ${count}`);
  }

  /** Resolve once the client acknowledged `envelopeId`. */
  waitForAck(envelopeId: string): Promise<string> {
    return this.ackWaiters.wait((id) => id === envelopeId, this.acks, `of ${envelopeId}`);
  }

  /**
   * Send an envelope over the newest connection; resolves with its id once the client
   * acknowledged it.
   */
  async sendEnvelope(type: string, payload: Record<string, unknown>): Promise<string> {
    const socket = [...this.sockets].at(-1);
    if (!socket) throw new Error('no Socket Mode connection');
    const envelopeId = randomUUID();
    const acked = this.waitForAck(envelopeId);
    socket.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type,
        accepts_response_payload: false,
        retry_attempt: 0,
        retry_reason: '',
        payload,
      }),
    );
    return acked;
  }

  /** Deliver an Events API event; resolves with the envelope id once acknowledged. */
  sendEvent(event: Record<string, unknown>): Promise<string> {
    return this.sendEnvelope('events_api', {
      token: 'verification-token',
      team_id: 'T0000001',
      api_app_id: 'A0000001',
      event: { event_ts: event.ts, ...event },
      type: 'event_callback',
      event_id: `Ev${randomUUID().slice(0, 8)}`,
      event_time: 1_700_000_000 + this.seq,
    });
  }

  /**
   * A person's message, as Slack sends it: `message` with `channel_type`; resolves with its `ts`
   * once acknowledged.
   */
  async personSays(options: {
    user: string;
    channel: string;
    text: string;
    threadTs?: string;
    type?: 'message' | 'app_mention';
    extra?: Record<string, unknown>;
  }): Promise<string> {
    const ts = this.nextTs();
    const im = this.channels.get(options.channel)?.is_im === true;
    await this.sendEvent({
      type: options.type ?? 'message',
      user: options.user,
      text: options.text,
      channel: options.channel,
      ...(options.type === 'app_mention' ? {} : { channel_type: im ? 'im' : 'channel' }),
      ts,
      ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
      ...options.extra,
    });
    return ts;
  }

  /**
   * A person presses the button `actionId` of the bot's message `ts` in `channel`: the
   * `block_actions` payload Slack sends then, in an `interactive` envelope. Resolves with the
   * envelope id once acknowledged.
   */
  pressButton(options: {
    user: string;
    channel: string;
    ts: string;
    actionId: string;
  }): Promise<string> {
    const message = this.messages.get(`${options.channel}:${options.ts}`);
    if (!message) throw new Error(`no message ${options.ts} in ${options.channel}`);
    let pressed: { block: Record<string, unknown>; element: Record<string, unknown> } | undefined;
    for (const block of (message.blocks ?? []) as Record<string, unknown>[]) {
      const elements = (block.elements ?? []) as Record<string, unknown>[];
      const element = elements.find((e) => e.action_id === options.actionId);
      if (block.type === 'actions' && element) pressed = { block, element };
    }
    if (!pressed) throw new Error(`no button ${options.actionId} on message ${options.ts}`);
    const user = this.users.get(options.user);
    const channel = this.channels.get(options.channel);
    const thread = message.threadTs ? { thread_ts: message.threadTs } : {};
    return this.sendEnvelope('interactive', {
      type: 'block_actions',
      user: { id: options.user, username: user?.name, name: user?.name, team_id: 'T0000001' },
      api_app_id: 'A0000001',
      token: 'verification-token',
      container: {
        type: 'message',
        message_ts: message.ts,
        channel_id: message.channel,
        is_ephemeral: false,
        ...thread,
      },
      trigger_id: `${this.seq}.1.${randomUUID().slice(0, 8)}`,
      team: { id: 'T0000001', domain: 'fake' },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: message.channel, name: channel?.is_im ? 'directmessage' : channel?.name },
      message: {
        type: 'message',
        user: FAKE_BOT.userId,
        bot_id: FAKE_BOT.botId,
        text: message.text,
        ts: message.ts,
        ...thread,
        ...(message.blocks ? { blocks: message.blocks } : {}),
        ...(message.attachments ? { attachments: message.attachments } : {}),
      },
      state: { values: {} },
      response_url: `${this.baseUrl}/actions/${randomUUID()}`,
      actions: [
        {
          action_id: options.actionId,
          block_id: pressed.block.block_id,
          text: pressed.element.text,
          value: pressed.element.value,
          ...(pressed.element.style ? { style: pressed.element.style } : {}),
          type: 'button',
          action_ts: this.nextTs(),
        },
      ],
    });
  }

  /** Ask the client to reconnect, as Slack does before recycling a server (`disconnect`). */
  requestDisconnect(reason = 'refresh_requested'): void {
    for (const socket of this.sockets) {
      socket.send(
        JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-slack' } }),
      );
    }
  }

  /** Cut every Socket Mode connection abruptly (no close frame), as a network failure would. */
  dropConnections(): void {
    for (const socket of this.sockets) socket.terminate();
    this.sockets.clear();
  }

  protected upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/link/' || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.sockets.add(ws);
      ws.on('close', () => this.sockets.delete(ws));
      ws.on('message', (data: Buffer) => {
        this.onSocketMessage(data.toString('utf8'));
      });
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: this.sockets.size,
          debug_info: { host: 'fake-slack', approximate_connection_time: 18060 },
          connection_info: { app_id: 'A0000001' },
        }),
      );
      this.connections++;
      this.connectionWaiters.notify(this.connections);
    });
  }

  private onSocketMessage(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    const id = (message as { envelope_id?: unknown }).envelope_id;
    if (typeof id !== 'string') return;
    this.acks.push(id);
    this.ackWaiters.notify(id);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const body = await readBody(req);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === 'string') headers.set(k, v);
    }
    const auth = headers.get('authorization');
    const bearer = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;

    if (url.pathname.startsWith('/upload/')) {
      const fileId = url.pathname.slice('/upload/'.length);
      // A test fake reading its own client's small upload; no streaming parser needed.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      const form = await new Response(body, { headers }).formData();
      let content = '';
      for (const value of form.values()) {
        if (typeof value !== 'string') content = await value.text();
      }
      const pending = this.uploads.get(fileId);
      if (!pending) {
        res.statusCode = 404;
        res.end();
        return;
      }
      this.uploads.set(fileId, { ...pending, content });
      res.end('OK - ' + String(content.length));
      return;
    }

    if (req.method !== 'POST' || !url.pathname.startsWith('/api/')) {
      res.statusCode = 404;
      res.end();
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const args = parseArgs(body, headers);
    const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
    const call: FakeSlackCall = { method, args, token };
    this.calls.push(call);
    const result = this.answer(method, args, token);
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(result));
    this.callWaiters.notify(call);
  }

  private answer(
    method: string,
    args: Record<string, unknown>,
    token: string | undefined,
  ): Record<string, unknown> {
    if (!token) return { ok: false, error: 'not_authed' };
    if (method === 'apps.connections.open') {
      if (token !== this.appToken) return { ok: false, error: 'invalid_auth' };
      const ticket = randomUUID();
      this.tickets.add(ticket);
      const ws = this.baseUrl.replace(/^http/, 'ws');
      return { ok: true, url: `${ws}/link/?ticket=${ticket}&app_id=A0000001` };
    }
    if (token !== this.botToken) return { ok: false, error: 'invalid_auth' };
    const str = (k: string) => (typeof args[k] === 'string' ? args[k] : '');
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://fake.slack.com/',
          team: 'Fake',
          user: FAKE_BOT.name,
          team_id: 'T0000001',
          user_id: FAKE_BOT.userId,
          bot_id: FAKE_BOT.botId,
        };
      case 'users.info': {
        const user = this.users.get(str('user'));
        return user ? { ok: true, user: slackUser(user) } : { ok: false, error: 'user_not_found' };
      }
      case 'users.list':
        return {
          ok: true,
          members: [...this.users.values()].map(slackUser),
          response_metadata: { next_cursor: '' },
        };
      case 'conversations.info': {
        const channel = this.channels.get(str('channel'));
        return channel
          ? { ok: true, channel: slackChannel(channel) }
          : { ok: false, error: 'channel_not_found' };
      }
      case 'conversations.list':
        return {
          ok: true,
          channels: [...this.channels.values()].filter((c) => !c.is_im).map(slackChannel),
          response_metadata: { next_cursor: '' },
        };
      case 'conversations.open': {
        const user = str('users');
        if (!this.users.has(user)) return { ok: false, error: 'user_not_found' };
        let im = [...this.channels.values()].find((c) => c.is_im && c.user === user);
        if (!im) {
          im = { id: `D${user.slice(1)}`, is_im: true, user };
          this.addChannel(im);
        }
        return { ok: true, channel: { id: im.id } };
      }
      case 'chat.postMessage': {
        const channel = str('channel');
        if (!this.channels.has(channel)) return { ok: false, error: 'channel_not_found' };
        if (!str('text') && !args.attachments && !args.blocks) {
          return { ok: false, error: 'no_text' };
        }
        const ts = this.nextTs();
        this.messages.set(`${channel}:${ts}`, {
          channel,
          ts,
          text: str('text'),
          blocks: Array.isArray(args.blocks) ? args.blocks : undefined,
          attachments: Array.isArray(args.attachments) ? args.attachments : undefined,
          threadTs: str('thread_ts') || undefined,
        });
        return {
          ok: true,
          channel,
          ts,
          message: { type: 'message', user: FAKE_BOT.userId, bot_id: FAKE_BOT.botId, ts },
        };
      }
      case 'chat.update': {
        const key = `${str('channel')}:${str('ts')}`;
        const message = this.messages.get(key);
        if (!message) return { ok: false, error: 'message_not_found' };
        // Fields left out keep their value, as Slack documents for chat.update.
        this.messages.set(key, {
          ...message,
          ...(args.text !== undefined ? { text: str('text') } : {}),
          ...(Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
          ...(Array.isArray(args.attachments) ? { attachments: args.attachments } : {}),
        });
        return { ok: true, channel: message.channel, ts: message.ts, text: str('text') };
      }
      case 'files.getUploadURLExternal': {
        const fileId = `F${String(++this.seq).padStart(8, '0')}`;
        this.uploads.set(fileId, { filename: str('filename'), content: '' });
        return { ok: true, upload_url: `${this.baseUrl}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = Array.isArray(args.files) ? (args.files as { id: string }[]) : [];
        if (files.some((f) => !this.uploads.get(f.id)?.content)) {
          return { ok: false, error: 'file_not_found' };
        }
        if (args.channel_id !== undefined && !this.channels.has(str('channel_id'))) {
          return { ok: false, error: 'channel_not_found' };
        }
        return { ok: true, files };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

function slackUser(user: FakeSlackUser): Record<string, unknown> {
  return {
    id: user.id,
    name: user.name,
    real_name: user.real_name ?? user.name,
    deleted: false,
    profile: { display_name: user.display_name ?? '', real_name: user.real_name ?? user.name },
  };
}

function slackChannel(channel: FakeSlackChannel): Record<string, unknown> {
  return channel.is_im
    ? { id: channel.id, is_im: true, user: channel.user }
    : { id: channel.id, name: channel.name, is_channel: true, is_im: false };
}

/** Decode a form-encoded (or JSON) Web API body; JSON-valued arguments are parsed. */
function parseArgs(body: Buffer, headers: Headers): Record<string, unknown> {
  const type = headers.get('content-type') ?? '';
  if (type.startsWith('application/json')) {
    return body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
  }
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) {
    args[key] = JSON_ARGS.has(key) ? JSON.parse(value) : value;
  }
  return args;
}

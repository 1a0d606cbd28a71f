/**
 * A local stand-in for a Mattermost server, following its public API v4 documentation closely
 * enough for the Mattermost back-end: the REST routes it calls (bearer token, JSON with
 * `Content-Type: application/json`, errors as `{id, message, status_code}`), and the WebSocket API
 * (`authentication_challenge` answered with `{status: "OK", seq_reply}`, then a `hello` event,
 * `posted` events carrying the post as a JSON string, `ping` answered with a pong). Every post
 * made is broadcast as a `posted` event, the bot's own included, as the real server does.
 *
 * Interactive message buttons work as the server runs them: `pressButton` finds the action in the
 * post's attachments, POSTs `{user_id, user_name, channel_id, …, post_id, trigger_id, type,
 * context}` to its integration URL, applies the answer's `update` to the post (broadcast as
 * `post_edited`) and keeps its `ephemeral_text`. What clients see of a post (events, REST answers)
 * has the actions' `integration` (URL and context) removed, as the server keeps it to itself.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { FakeChatServer, readBody } from './fake-http.js';
import { Waiters } from './waiters.js';

/** A user known to the fake. */
export interface FakeMattermostUser {
  readonly id: string;
  readonly username: string;
}

/** A channel known to the fake (`type` O open, P private, D direct, G group). */
export interface FakeMattermostChannel {
  readonly id: string;
  readonly name: string;
  readonly display_name?: string;
  readonly type: 'O' | 'P' | 'D' | 'G';
}

/** A post as the fake stores it. */
export interface FakeMattermostPost {
  readonly id: string;
  readonly create_at: number;
  readonly user_id: string;
  readonly channel_id: string;
  readonly root_id: string;
  readonly message: string;
  readonly type: string;
  readonly props: Record<string, unknown>;
}

/** What the fake's server-side call to a button's integration URL got back. */
export interface FakeButtonPress {
  /** The request body the fake sent. */
  readonly request: Record<string, unknown>;
  /** The integration's HTTP status. */
  readonly status: number;
  /** Its answer, parsed (an empty object when it was not JSON). */
  readonly body: Record<string, unknown>;
}

/** Options of the fake. */
export interface FakeMattermostOptions {
  readonly token?: string;
  readonly users?: readonly FakeMattermostUser[];
  readonly channels?: readonly FakeMattermostChannel[];
}

/** A Mattermost-style id: 26 lower-case letters and digits, starting with `prefix`. */
export function fakeId(prefix: string): string {
  return (prefix + 'x'.repeat(26)).slice(0, 26);
}

/** The team and the bot in the fake server. */
export const FAKE_TEAM = { id: fakeId('team'), name: 'ops-team' } as const;
export const FAKE_MM_BOT: FakeMattermostUser = { id: fakeId('stormbot'), username: 'stormbot' };

/** The fake Mattermost server. */
export class FakeMattermost extends FakeChatServer {
  /** Posts created through `POST /api/v4/posts` (by the bot), in order. */
  readonly created: FakeMattermostPost[] = [];
  /** Every REST request as `METHOD path`, in order. */
  readonly requests: string[] = [];
  /** How many WebSocket connections authenticated so far. */
  connections = 0;
  /** When false, `ping` actions go unanswered (a hung server). */
  answerPings = true;
  /** How many `ping` actions arrived. */
  pings = 0;
  /** The request URL (path and query) of every WebSocket upgrade, in order. */
  readonly upgrades: string[] = [];
  /** Every post, as stored (buttons' integrations included), by id. */
  readonly posts = new Map<string, FakeMattermostPost>();
  /** Ephemeral messages integrations answered button presses with, in order. */
  readonly ephemerals: { readonly userId: string; readonly message: string }[] = [];
  readonly token: string;

  private readonly users = new Map<string, FakeMattermostUser>();
  private readonly channels = new Map<string, FakeMattermostChannel>();
  private readonly sockets = new Map<WebSocket, { seq: number }>();
  private readonly postWaiters = new Waiters<FakeMattermostPost>('a Mattermost post');
  private readonly connectionWaiters = new Waiters<number>('Mattermost WebSocket connections');
  private clock = 1_700_000_000_000;

  private constructor(options: FakeMattermostOptions) {
    super();
    this.token = options.token ?? 'mm-bot-access-token-1234';
    this.users.set(FAKE_MM_BOT.id, FAKE_MM_BOT);
    for (const u of options.users ?? []) this.users.set(u.id, u);
    for (const c of options.channels ?? []) this.channels.set(c.id, c);
  }

  /** Start a fake on a free loopback port. */
  static async start(options: FakeMattermostOptions = {}): Promise<FakeMattermost> {
    const fake = new FakeMattermost(options);
    await fake.listen();
    return fake;
  }

  /** The server URL to configure as `url`. */
  get url(): string {
    return this.baseUrl;
  }

  /** The direct channel between two users, created when needed (named `a__b`, ids sorted). */
  directChannel(a: string, b: string): FakeMattermostChannel {
    const name = [a, b].sort().join('__');
    const existing = [...this.channels.values()].find((c) => c.type === 'D' && c.name === name);
    if (existing) return existing;
    const channel: FakeMattermostChannel = { id: fakeId(`dm${randomHex()}`), name, type: 'D' };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /**
   * A person posts: the post is broadcast as a `posted` event, as the server does. Returns the
   * post.
   */
  personPosts(options: {
    user: string;
    channel: string;
    message: string;
    rootId?: string;
    type?: string;
  }): FakeMattermostPost {
    return this.createPost(options.user, {
      channel_id: options.channel,
      message: options.message,
      root_id: options.rootId ?? '',
      type: options.type ?? '',
    });
  }

  /**
   * `user` presses the button `actionId` of post `postId`, as the server runs it: the call to the
   * button's integration URL, then the answer's update and ephemeral text applied.
   */
  async pressButton(options: {
    user: string;
    postId: string;
    actionId: string;
  }): Promise<FakeButtonPress> {
    const post = this.posts.get(options.postId);
    if (!post) throw new Error(`no post ${options.postId}`);
    const action = actionsOf(post).find((a) => a.id === options.actionId);
    const integration = action?.integration as { url?: string; context?: unknown } | undefined;
    if (!integration?.url) throw new Error(`no button ${options.actionId} on ${options.postId}`);
    const channel = this.channels.get(post.channel_id);
    const request = {
      user_id: options.user,
      user_name: this.users.get(options.user)?.username ?? '',
      channel_id: post.channel_id,
      channel_name: channel?.name ?? '',
      team_id: channel?.type === 'D' ? '' : FAKE_TEAM.id,
      team_name: channel?.type === 'D' ? '' : FAKE_TEAM.name,
      post_id: post.id,
      trigger_id: randomHex(),
      type: 'button',
      data_source: '',
      context: integration.context ?? {},
    };
    return this.callIntegration(integration.url, request, options.user, post);
  }

  /** POST `request` to an integration URL as the server does, and apply the answer to `post`. */
  async callIntegration(
    url: string,
    request: Record<string, unknown>,
    userId: string,
    post?: FakeMattermostPost,
  ): Promise<FakeButtonPress> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(request),
    });
    let body: Record<string, unknown> = {};
    try {
      body = (await res.json()) as Record<string, unknown>;
    } catch {
      // Not JSON: nothing to apply.
    }
    if (res.status === 200 && post) {
      const update = body.update as { message?: unknown; props?: unknown } | undefined;
      if (update) {
        const updated: FakeMattermostPost = {
          ...post,
          message: typeof update.message === 'string' ? update.message : post.message,
          props: (update.props as Record<string, unknown> | undefined) ?? post.props,
        };
        this.posts.set(post.id, updated);
        this.broadcast('post_edited', { post: JSON.stringify(forClients(updated)) });
      }
      if (typeof body.ephemeral_text === 'string' && body.ephemeral_text) {
        this.ephemerals.push({ userId, message: body.ephemeral_text });
      }
    }
    return { request, status: res.status, body };
  }

  /** Send a raw WebSocket frame to every authenticated connection (for malformed-data tests). */
  broadcastRaw(text: string): void {
    for (const ws of this.sockets.keys()) ws.send(text);
  }

  /** Resolve with the first post the bot created (already or later) that satisfies `match`. */
  waitForPost(
    match: (post: FakeMattermostPost) => boolean = () => true,
  ): Promise<FakeMattermostPost> {
    return this.postWaiters.wait(match, this.created);
  }

  /** Resolve once `count` WebSocket connections in total have authenticated. */
  waitForConnections(count: number): Promise<number> {
    if (this.connections >= count) return Promise.resolve(this.connections);
    return this.connectionWaiters.wait((n) => n >= count, [], `to reach ${count}`);
  }

  /** Cut every WebSocket connection abruptly, as a network failure or restart would. */
  dropConnections(): void {
    for (const ws of this.sockets.keys()) ws.terminate();
    this.sockets.clear();
  }

  private createPost(userId: string, body: Record<string, unknown>): FakeMattermostPost {
    const channel = this.channels.get(String(body.channel_id));
    if (!channel) throw new Error(`no channel ${String(body.channel_id)}`);
    const post: FakeMattermostPost = {
      id: fakeId(`post${randomHex()}`),
      create_at: ++this.clock,
      user_id: userId,
      channel_id: channel.id,
      root_id: typeof body.root_id === 'string' ? body.root_id : '',
      message: typeof body.message === 'string' ? body.message : '',
      type: typeof body.type === 'string' ? body.type : '',
      props: (body.props as Record<string, unknown> | undefined) ?? {},
    };
    this.posts.set(post.id, post);
    const sender = this.users.get(userId);
    this.broadcast('posted', {
      channel_display_name: channel.display_name ?? '',
      channel_name: channel.name,
      channel_type: channel.type,
      post: JSON.stringify(forClients(post)),
      sender_name: `@${sender?.username ?? userId}`,
      set_online: true,
      team_id: channel.type === 'D' ? '' : FAKE_TEAM.id,
    });
    return post;
  }

  private broadcast(event: string, data: Record<string, unknown>): void {
    for (const [ws, state] of this.sockets) {
      ws.send(JSON.stringify({ event, data, broadcast: {}, seq: state.seq++ }));
    }
  }

  protected upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', this.baseUrl);
    this.upgrades.push(url.pathname + url.search);
    if (url.pathname !== '/api/v4/websocket') {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (data: Buffer) => {
        this.onSocketMessage(ws, data.toString('utf8'));
      });
      ws.on('close', () => this.sockets.delete(ws));
    });
  }

  private onSocketMessage(ws: WebSocket, text: string): void {
    let msg: { seq?: number; action?: string; data?: { token?: string } };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return;
    }
    const state = this.sockets.get(ws);
    if (!state) {
      if (msg.action !== 'authentication_challenge' || msg.data?.token !== this.token) {
        ws.send(
          JSON.stringify({
            status: 'FAIL',
            seq_reply: msg.seq,
            error: {
              id: 'api.web_socket_router.not_authenticated.app_error',
              message: 'Not authenticated',
              status_code: 401,
            },
          }),
        );
        ws.close(1008);
        return;
      }
      const fresh = { seq: 0 };
      this.sockets.set(ws, fresh);
      ws.send(JSON.stringify({ status: 'OK', seq_reply: msg.seq }));
      ws.send(
        JSON.stringify({
          event: 'hello',
          data: { connection_id: randomHex(), server_version: '9.11.0.fake' },
          broadcast: { user_id: FAKE_MM_BOT.id },
          seq: fresh.seq++,
        }),
      );
      this.connections++;
      this.connectionWaiters.notify(this.connections);
      return;
    }
    if (msg.action === 'ping') {
      this.pings++;
      if (!this.answerPings) return;
      ws.send(
        JSON.stringify({
          status: 'OK',
          seq_reply: msg.seq,
          data: { text: 'pong', version: '9.11.0.fake', server_time: this.clock },
        }),
      );
    }
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const method = req.method ?? 'GET';
    this.requests.push(`${method} ${url.pathname}`);
    const raw = (await readBody(req)).toString('utf8');
    const reply = (status: number, body: unknown) => {
      res.statusCode = status;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(body));
    };
    const error = (status: number, id: string, message: string) => {
      reply(status, {
        id,
        message,
        detailed_error: '',
        request_id: randomHex(),
        status_code: status,
      });
    };
    // The server takes the scheme in any case; Client4 sends `BEARER`.
    const auth = /^bearer (.+)$/i.exec(req.headers.authorization ?? '');
    if (auth?.[1] !== this.token) {
      error(
        401,
        'api.context.session_expired.app_error',
        'Invalid or expired session, please login again.',
      );
      return;
    }
    const path = url.pathname.replace(/^\/api\/v4/, '');
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/users/me') {
      reply(200, FAKE_MM_BOT);
    } else if (method === 'GET' && (m = /^\/users\/username\/([^/]+)$/.exec(path))) {
      const name = decodeURIComponent(m[1]!);
      const user = [...this.users.values()].find((u) => u.username === name);
      if (user) reply(200, user);
      else
        error(
          404,
          'store.sql_user.get_by_username.app_error',
          'Unable to find an existing account matching your username for this team.',
        );
    } else if (method === 'GET' && (m = /^\/users\/([^/]+)$/.exec(path))) {
      const user = this.users.get(m[1]!);
      if (user) reply(200, user);
      else error(404, 'app.user.missing_account.const', 'Unable to find the user.');
    } else if (method === 'GET' && (m = /^\/teams\/name\/([^/]+)$/.exec(path))) {
      if (m[1] === FAKE_TEAM.name) reply(200, { ...FAKE_TEAM, display_name: 'Ops' });
      else
        error(404, 'app.team.get_by_name.missing.app_error', 'Unable to find the existing team.');
    } else if (method === 'GET' && (m = /^\/teams\/([^/]+)\/channels\/name\/([^/]+)$/.exec(path))) {
      const name = decodeURIComponent(m[2]!);
      const channel = [...this.channels.values()].find((c) => c.name === name && c.type !== 'D');
      if (m[1] === FAKE_TEAM.id && channel) reply(200, { ...channel, team_id: FAKE_TEAM.id });
      else error(404, 'app.channel.get_by_name.missing.app_error', 'Channel does not exist.');
    } else if (method === 'GET' && (m = /^\/channels\/([^/]+)$/.exec(path))) {
      const channel = this.channels.get(m[1]!);
      if (channel) reply(200, { ...channel, team_id: channel.type === 'D' ? '' : FAKE_TEAM.id });
      else error(404, 'app.channel.get.existing.app_error', 'Unable to find the existing channel.');
    } else if (method === 'POST' && path === '/channels/direct') {
      const ids = JSON.parse(raw) as string[];
      if (ids.length !== 2 || ids.some((id) => !this.users.has(id))) {
        error(400, 'api.channel.create_direct_channel.invalid_user.app_error', 'Invalid user ID.');
        return;
      }
      reply(201, { ...this.directChannel(ids[0]!, ids[1]!), team_id: '' });
    } else if (method === 'POST' && path === '/posts') {
      const body = JSON.parse(raw) as Record<string, unknown>;
      if (!this.channels.has(String(body.channel_id))) {
        error(
          403,
          'api.context.permissions.app_error',
          'You do not have the appropriate permissions.',
        );
        return;
      }
      const post = this.createPost(FAKE_MM_BOT.id, body);
      this.created.push(post);
      reply(201, forClients(post));
      this.postWaiters.notify(post);
    } else if (method === 'GET' && (m = /^\/posts\/([^/]+)$/.exec(path))) {
      const post = this.posts.get(m[1]!);
      if (post) reply(200, forClients(post));
      else error(404, 'app.post.get.app_error', 'Unable to get the post.');
    } else {
      error(404, 'api.context.404.app_error', 'Sorry, we could not find the page.');
    }
  }
}

/** The actions of a post's attachments. */
function actionsOf(post: FakeMattermostPost): Record<string, unknown>[] {
  const attachments = Array.isArray(post.props.attachments) ? post.props.attachments : [];
  return (attachments as { actions?: Record<string, unknown>[] }[]).flatMap((a) => a.actions ?? []);
}

/** A post as clients see it: its buttons without their integration (URL and context). */
function forClients(post: FakeMattermostPost): FakeMattermostPost {
  if (actionsOf(post).length === 0) return post;
  const attachments = (post.props.attachments as Record<string, unknown>[]).map((a) => {
    const actions = a.actions as Record<string, unknown>[] | undefined;
    if (!actions) return a;
    return { ...a, actions: actions.map(({ integration: _integration, ...rest }) => rest) };
  });
  return { ...post, props: { ...post.props, attachments } };
}

function randomHex(): string {
  return randomBytes(6).toString('hex');
}

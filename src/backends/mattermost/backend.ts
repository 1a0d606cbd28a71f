/**
 * The Mattermost back-end: the REST API (`@mattermost/client`'s Client4) to know the bot and post,
 * and the WebSocket API for `posted` events.
 *
 * Identities are Mattermost ids: user ids for people, channel ids for rooms, and a direct
 * channel's id as its st2 channel. Threads are `root_id`s; whispers go to the direct channel.
 *
 * Buttons are interactive message actions (`./buttons.ts`) that Mattermost posts back to the bot's
 * web server: the back-end serves that route (`web`) and has buttons only once the app has told it
 * the server's public URL. A signed press (`./clicks.ts`) becomes the presser's chat event with
 * the button's command, and the answer updates the post to show who pressed what most recently;
 * the buttons stay (one person's refused press must not take them from the others). The same
 * person pressing the same post again soon is ignored.
 */
import type { Client4 } from '@mattermost/client';
import type { BackendCaps, ChatBackend, EventSink } from '../../core/backend.js';
import type {
  BackendHttpRequest,
  BackendHttpResponse,
  BackendWeb,
} from '../../core/backend-web.js';
import { toError } from '../../core/errors.js';
import type { Target } from '../../core/identity.js';
import type { ChatEvent, OutgoingMessage, SentMessage } from '../../core/message.js';
import { ApiChatBackend, type ApiBackendDeps } from '../shared/api-backend.js';
import { buttonActions } from '../shared/buttons.js';
import { RecentKeys, TtlCache } from '../shared/cache.js';
import type { JsonObject } from '../shared/json.js';
import { withTimeout } from '../shared/timeout.js';
import { ACTIONS_PATH, buttonAttachment, ButtonSigner, pressedProps } from './buttons.js';
import { readActionRequest, type MattermostClick } from './clicks.js';
import { isMattermostId, isNotFound, MattermostDirectory } from './directory.js';
import { renderMattermost } from './format.js';
import { readPosted, type MattermostInbound, type MattermostSelf } from './inbound.js';
import type { MattermostSettings } from './settings.js';
import { MattermostSocket, type MattermostEvent } from './socket.js';

/** What the Mattermost back-end needs from the process. */
export type MattermostBackendDeps = ApiBackendDeps;

type Client4Class = typeof Client4;

/** Load Client4 from the CommonJS package, whichever way the loader exposes it. */
async function loadClient4(): Promise<Client4Class> {
  const mod = (await import('@mattermost/client')) as { Client4?: unknown; default?: unknown };
  const fromDefault = (mod.default as { Client4?: unknown } | undefined)?.Client4;
  const Client4 = fromDefault ?? mod.Client4;
  if (typeof Client4 !== 'function') throw new Error('@mattermost/client has no Client4');
  return Client4 as Client4Class;
}

/** How long fetching a pressed post (to show who pressed what) may take. */
const PRESSED_POST_TIMEOUT_MS = 5000;
/** How long, and for how many posts, the buttons attachment of a post is kept to re-post it. */
const POSTED_BUTTONS_TTL_MS = 24 * 60 * 60 * 1000;
const POSTED_BUTTONS_MAX = 1000;

/** The Mattermost back-end. */
export class MattermostBackend extends ApiChatBackend<MattermostDirectory> implements ChatBackend {
  readonly name = 'mattermost';

  /** The route Mattermost posts button presses to; see `BackendWeb`. */
  readonly web: BackendWeb = {
    routes: [{ path: ACTIONS_PATH, handle: (request) => this.onAction(request) }],
    served: (publicUrl: string) => {
      this.actionsUrl = new URL(ACTIONS_PATH.slice(1), publicUrl).href;
      this.logger.info({ url: this.actionsUrl }, 'Mattermost buttons post back to the bot');
    },
  };

  private api: Client4 | undefined;
  private socket: MattermostSocket | undefined;
  private self: MattermostSelf | undefined;
  /** Where Mattermost posts button presses, once the web server is known to be reachable. */
  private actionsUrl: string | undefined;
  private readonly signer = new ButtonSigner();
  /** Recent presses, by post and presser (a double click is one press). */
  private readonly pressed = new RecentKeys();
  /**
   * The buttons attachment of recent posts, by post id: a press's update must carry it whole, and
   * the post as the API returns it has no integrations (URL and signed context).
   */
  private readonly postedButtons: TtlCache<string, JsonObject>;

  constructor(
    private readonly settings: MattermostSettings,
    deps: MattermostBackendDeps,
  ) {
    super(deps, {
      backend: 'mattermost',
      chat: 'Mattermost',
      inboundFailure: 'could not handle a Mattermost post',
    });
    this.postedButtons = new TtlCache(this.clock, POSTED_BUTTONS_TTL_MS, POSTED_BUTTONS_MAX);
  }

  /**
   * Mattermost's post limit is 16,383 characters (servers since 5.0; older ones allow 4,000).
   * Buttons only once Mattermost can post their presses back (`web.served`).
   */
  get caps(): BackendCaps {
    return {
      length: { max: 16_383, unit: 'chars' },
      threads: true,
      rich: true,
      directMessages: true,
      buttons: this.actionsUrl !== undefined,
    };
  }

  override async start(sink: EventSink): Promise<void> {
    if (!this.actionsUrl) {
      this.logger.info(
        'Mattermost buttons are off (commands are typed): they need the bot web server ' +
          '(web.enabled) at a web.base_url the Mattermost server can reach',
      );
    }
    await super.start(sink);
  }

  async send(target: Target, message: OutgoingMessage): Promise<SentMessage> {
    const api = this.requireApi();
    const channelId =
      target.kind === 'room'
        ? target.room.id
        : await this.requireDirectory().openDirect(target.user.id);
    const content = renderMattermost(message);
    const buttons = buttonActions(message.actions);
    const url = this.actionsUrl;
    const attachment =
      url && buttons.length > 0
        ? buttonAttachment(buttons, { url, channelId, thread: target.thread?.id }, this.signer)
        : undefined;
    const attachments = attachment
      ? [...(content.props?.attachments ?? []), attachment]
      : content.props?.attachments;
    const post = await api.createPost({
      channel_id: channelId,
      message: content.message,
      ...(target.thread ? { root_id: target.thread.id } : {}),
      ...(attachments ? { props: { ...content.props, attachments } } : {}),
    });
    if (attachment) this.postedButtons.set(post.id, attachment);
    return { messageId: post.id };
  }

  protected async targetFor(channel: string, user?: string): Promise<Target | undefined> {
    const directory = this.requireDirectory();
    const c = channel.trim();
    if (!c) return user ? this.directTo(user) : undefined;
    if (c.startsWith('@')) return this.directTo(c);
    if (c.startsWith('~') || c.startsWith('#')) return this.roomNamed(c.slice(1));
    if (isMattermostId(c)) {
      const conversation = await directory.conversation(c);
      if (conversation?.kind === 'room') return { kind: 'room', room: conversation.room };
      if (conversation) {
        return { kind: 'direct', user: await directory.principal(conversation.userId) };
      }
    }
    return (await this.roomNamed(c)) ?? this.directTo(c);
  }

  private async roomNamed(name: string): Promise<Target | undefined> {
    const directory = this.requireDirectory();
    const id = await directory.channelIdByName(name);
    return id === undefined ? undefined : { kind: 'room', room: await directory.room(id) };
  }

  protected async createClients(): Promise<void> {
    if (this.api) return;
    const [Client4, { WebSocket }] = await Promise.all([loadClient4(), import('ws')]);
    const api = new Client4();
    api.setUrl(this.settings.url.replace(/\/+$/, ''));
    api.setToken(this.settings.token);
    api.setUserAgent('stormbot');
    this.api = api;
    this.directory = new MattermostDirectory(api, this.clock, this.logger, this.name);
    const wsUrl = new URL(`${api.getUrl()}/api/v4/websocket`);
    wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
    this.socket = new MattermostSocket({
      url: wsUrl.toString(),
      token: this.settings.token,
      clock: this.clock,
      logger: this.logger,
      WebSocket,
      onEvent: (event) => {
        this.onEvent(event);
      },
      onDrop: (reason) => {
        this.dropped(reason);
      },
    });
  }

  protected async connect(): Promise<void> {
    const api = this.requireApi();
    const socket = this.socket;
    if (!socket) throw this.notStarted();
    let me;
    try {
      me = await api.getMe();
    } catch (error) {
      const status = (error as { status_code?: unknown }).status_code;
      if (status === 401) {
        throw new Error('auth failed: the server refused the token', { cause: error });
      }
      throw error;
    }
    let team;
    try {
      team = await api.getTeamByName(this.settings.team);
    } catch (error) {
      if (isNotFound(error)) {
        throw new Error(`team "${this.settings.team}" not found`, { cause: error });
      }
      throw error;
    }
    this.self = { id: me.id, username: me.username };
    this.selfPrincipal = { backend: this.name, id: me.id, name: me.username, aclKey: me.id };
    this.requireDirectory().configure(me.id, team.id);
    await socket.connect();
  }

  protected disconnect(): Promise<void> {
    this.socket?.close();
    return Promise.resolve();
  }

  private onEvent(event: MattermostEvent): void {
    if (event.event !== 'posted') return;
    const self = this.self;
    const sink = this.sink;
    if (!self || !sink) return;
    const post = readPosted(event.data, self);
    if (!post) return;
    this.inbound.push(sink, post.postId, () => this.toChatEvent(post));
  }

  private async toChatEvent(post: MattermostInbound): Promise<ChatEvent> {
    const { author, place } = await this.authorAndPlace(post.userId, post.channelId, post.direct);
    return {
      author,
      place,
      text: post.text,
      messageId: post.postId,
      threadId: post.rootId ?? (this.settings.thread_replies ? post.postId : undefined),
      mentionsBot: post.mentionsBot,
      raw: { channel_id: post.channelId, post_id: post.postId, root_id: post.rootId },
    };
  }

  /** Mattermost's call when a button is pressed: a signed press becomes the presser's command. */
  private async onAction(request: BackendHttpRequest): Promise<BackendHttpResponse> {
    const reading = readActionRequest(request.body, this.signer);
    if (reading.kind === 'refused') {
      this.logger.warn(
        { reason: reading.reason, clientAddress: request.clientAddress },
        'refused a Mattermost button callback',
      );
      return { status: reading.status, body: { error: { message: 'refused by stormbot' } } };
    }
    const click = reading.click;
    const self = this.self;
    const sink = this.sink;
    if (!self || !sink) {
      return { status: 503, body: { ephemeral_text: 'stormbot is not connected; try again.' } };
    }
    if (click.userId === self.id) return { status: 200, body: {} };
    const key = `${click.postId}:${click.userId}`;
    if (this.pressed.seen(key)) {
      this.logger.info(
        { post: click.postId, user: click.userId },
        'ignored a second press by the same person on the buttons of a post',
      );
      return { status: 200, body: {} };
    }
    this.inbound.push(sink, `button:${key}`, () => this.clickEvent(click));
    return { status: 200, body: await this.pressedUpdate(click) };
  }

  /** The press as the presser typing the button's command where the post is. */
  private async clickEvent(click: MattermostClick): Promise<ChatEvent> {
    const conversation = await this.requireDirectory().conversation(click.channelId);
    const direct = conversation?.kind === 'direct';
    const { author, place } = await this.authorAndPlace(click.userId, click.channelId, direct);
    return {
      author,
      place,
      text: click.command,
      messageId: click.postId,
      threadId: click.thread ?? (this.settings.thread_replies ? click.postId : undefined),
      raw: {
        button: true,
        channel_id: click.channelId,
        post_id: click.postId,
        root_id: click.thread,
      },
    };
  }

  /**
   * The answer that updates the pressed post: its buttons kept, who pressed what most recently
   * shown with them. Best-effort: when the post or its buttons are not known, no update (the
   * buttons stay and keep working; only the line is missing).
   */
  private async pressedUpdate(click: MattermostClick): Promise<Record<string, unknown>> {
    const buttons = this.postedButtons.get(click.postId);
    if (!buttons) {
      this.logger.debug({ post: click.postId }, 'pressed post is not one whose buttons are kept');
      return {};
    }
    try {
      const post = await withTimeout(
        this.clock,
        PRESSED_POST_TIMEOUT_MS,
        this.requireApi().getPost(click.postId),
        () => new Error('Mattermost did not return the post in time'),
      );
      const presser = await this.requireDirectory().principal(click.userId);
      const props = pressedProps(
        post.props,
        buttons,
        `@${presser.name} pressed **${click.label}**`,
      );
      return props ? { update: { message: post.message, props } } : {};
    } catch (error) {
      this.logger.warn(
        { err: toError(error), post: click.postId },
        'could not show who pressed the buttons of a post',
      );
      return {};
    }
  }

  private requireApi(): Client4 {
    if (!this.api) throw this.notStarted();
    return this.api;
  }
}

/**
 * Slack users and conversations by id and by name, through the Web API, cached.
 *
 * Ids are what ACLs see (`U…` for people, `C…`/`G…` for rooms); names are only for display and
 * for mapping st2's strings (`#ops`, `alice`) back to ids.
 */
import type { WebClient } from '@slack/web-api';
import type { Clock } from '../../core/clock.js';
import { toError } from '../../core/errors.js';
import type { Principal } from '../../core/identity.js';
import type { Logger } from '../../log.js';
import { TtlCache } from '../shared/cache.js';
import { ChatDirectory, NAME_TTL_MS, type Conversation } from '../shared/directory.js';
import { asObject } from '../shared/json.js';

/** The shortest time between two full listings of users or channels. */
const LIST_INTERVAL_MS = 60 * 1000;

/** Slack ids are upper-case letters and digits; names never are. */
const ID = /^[A-Z0-9]{3,}$/;

/** The Slack error code of a failed Web API call (`channel_not_found`…), if it is one. */
export function slackErrorCode(error: unknown): string | undefined {
  const data = asObject(asObject(error)?.data);
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** True when `s` looks like a Slack id rather than a name. */
export function isSlackId(s: string): boolean {
  return ID.test(s);
}

/** Cached lookups of Slack users and conversations. */
export class SlackDirectory extends ChatDirectory {
  private readonly userIdsByName: TtlCache<string, string>;
  /** Slack user names (`name`, the handle people type after `@`), by user id. */
  private readonly handles: TtlCache<string, string>;
  private usersListedAt = -Infinity;
  private channelsListedAt = -Infinity;

  constructor(
    private readonly api: WebClient,
    clock: Clock,
    private readonly logger: Logger,
    backend = 'slack',
  ) {
    super(clock, backend);
    this.userIdsByName = new TtlCache(clock, NAME_TTL_MS);
    this.handles = new TtlCache(clock, NAME_TTL_MS);
  }

  /**
   * The user name of `userId` (what follows `@` when people type a mention, as hubot's Slack
   * adapter wrote it), or undefined when Slack does not say.
   */
  async handle(userId: string): Promise<string | undefined> {
    const known = this.handles.get(userId);
    if (known !== undefined) return known;
    await this.fetchUser(userId);
    return this.handles.get(userId);
  }

  /** The person with id `userId`, or undefined when Slack does not know them. */
  async knownPrincipal(userId: string): Promise<Principal | undefined> {
    const hit = this.users.get(userId);
    if (hit) return hit;
    return this.fetchUser(userId);
  }

  /** `users.info`: the person, cached; undefined when unknown; uncached and bare when it failed. */
  private async fetchUser(userId: string): Promise<Principal | undefined> {
    try {
      const res = await this.api.users.info({ user: userId });
      if (!res.user) return undefined;
      const principal = this.fromUser(res.user as Record<string, unknown>);
      this.users.set(userId, principal);
      return principal;
    } catch (error) {
      if (slackErrorCode(error) === 'user_not_found') return undefined;
      // Not cached: the next message tries again.
      this.logger.warn({ err: toError(error), userId }, 'users.info failed');
      return this.bare(userId);
    }
  }

  /**
   * The person st2 names `user`: a user id, a `<@U…>` mention, or a name (`@alice`, `alice`,
   * a display name or a real name, compared without case).
   */
  async findPrincipal(user: string): Promise<Principal | undefined> {
    const s = user.trim();
    const mention = /^<@([A-Z0-9]+)(?:\|[^>]*)?>$/.exec(s);
    if (mention?.[1]) return this.knownPrincipal(mention[1]);
    if (isSlackId(s) && (s.startsWith('U') || s.startsWith('W'))) return this.knownPrincipal(s);
    const name = s.replace(/^@/, '').toLowerCase();
    if (!name) return undefined;
    let id = this.userIdsByName.get(name);
    if (id === undefined && this.clock.now() - this.usersListedAt >= LIST_INTERVAL_MS) {
      await this.listUsers();
      id = this.userIdsByName.get(name);
    }
    return id === undefined ? undefined : this.principal(id);
  }

  /** The id of the channel named `name` (without `#`), or undefined. */
  async channelIdByName(name: string): Promise<string | undefined> {
    const key = name.toLowerCase();
    let id = this.channelIdsByName.get(key);
    if (id === undefined && this.clock.now() - this.channelsListedAt >= LIST_INTERVAL_MS) {
      await this.listChannels();
      id = this.channelIdsByName.get(key);
    }
    return id;
  }

  protected async lookUpConversation(channelId: string): Promise<Conversation | undefined> {
    try {
      const res = await this.api.conversations.info({ channel: channelId });
      const c = res.channel;
      if (!c) return undefined;
      const imUser = (c as { user?: unknown }).user;
      if (c.is_im && typeof imUser === 'string') {
        this.rememberDirect(imUser, channelId);
        return { kind: 'direct', userId: imUser };
      }
      if (c.name) this.channelIdsByName.set(c.name.toLowerCase(), channelId);
      return this.rememberRoom(channelId, {
        backend: this.backend,
        id: channelId,
        name: c.name ? `#${c.name}` : channelId,
        aclKey: channelId,
      });
    } catch (error) {
      if (slackErrorCode(error) === 'channel_not_found') return undefined;
      this.logger.warn({ err: toError(error), channelId }, 'conversations.info failed');
      return { kind: 'room', room: this.bareRoom(channelId) };
    }
  }

  protected async createDirect(userId: string): Promise<string> {
    const res = await this.api.conversations.open({ users: userId });
    const id = res.channel?.id;
    if (!id) throw new Error('conversations.open returned no channel');
    return id;
  }

  private async listUsers(): Promise<void> {
    this.usersListedAt = this.clock.now();
    try {
      for await (const page of this.api.paginate('users.list', { limit: 200 })) {
        const members = (page as { members?: unknown[] }).members ?? [];
        for (const member of members) {
          const m = asObject(member);
          if (!m || typeof m.id !== 'string' || m.deleted === true) continue;
          const principal = this.fromUser(m);
          this.users.set(principal.id, principal);
          const profile = asObject(m.profile);
          for (const n of [m.name, profile?.display_name, profile?.real_name, m.real_name]) {
            if (typeof n === 'string' && n) this.userIdsByName.set(n.toLowerCase(), principal.id);
          }
        }
      }
    } catch (error) {
      this.logger.warn({ err: toError(error) }, 'users.list failed');
    }
  }

  private async listChannels(): Promise<void> {
    this.channelsListedAt = this.clock.now();
    try {
      const pages = this.api.paginate('conversations.list', {
        limit: 200,
        exclude_archived: true,
        types: 'public_channel,private_channel',
      });
      for await (const page of pages) {
        const channels = (page as { channels?: unknown[] }).channels ?? [];
        for (const channel of channels) {
          const c = asObject(channel);
          if (!c || typeof c.id !== 'string' || typeof c.name !== 'string') continue;
          this.channelIdsByName.set(c.name.toLowerCase(), c.id);
        }
      }
    } catch (error) {
      this.logger.warn({ err: toError(error) }, 'conversations.list failed');
    }
  }

  private fromUser(user: Record<string, unknown>): Principal {
    const id = String(user.id);
    if (typeof user.name === 'string' && user.name) this.handles.set(id, user.name);
    const profile = asObject(user.profile);
    const candidates = [profile?.display_name, profile?.real_name, user.real_name, user.name];
    const name = candidates.find((n): n is string => typeof n === 'string' && n.length > 0) ?? id;
    return { backend: this.backend, id, name, aclKey: id };
  }
}

/**
 * Slack users and conversations by id and by name, through the Web API, cached.
 *
 * Ids are what ACLs see (`U…` for people, `C…`/`G…` for rooms); names are only for display and
 * for mapping st2's strings (`#ops`, `alice`) back to ids.
 */
import type { WebClient } from '@slack/web-api';
import type { Clock } from '../../core/clock.js';
import { toError } from '../../core/errors.js';
import type { Principal, Room } from '../../core/identity.js';
import type { Logger } from '../../log.js';
import { TtlCache } from './cache.js';
import { asObject } from './format.js';

/** How long looked-up names are trusted. */
const NAME_TTL_MS = 60 * 60 * 1000;
/** The shortest time between two full listings of users or channels. */
const LIST_INTERVAL_MS = 60 * 1000;

/** Slack ids are upper-case letters and digits; names never are. */
const ID = /^[A-Z0-9]{3,}$/;

/** What a conversation id stands for. */
export type Conversation =
  | { readonly kind: 'room'; readonly room: Room }
  | { readonly kind: 'direct'; readonly userId: string };

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
export class SlackDirectory {
  private readonly users: TtlCache<string, Principal>;
  private readonly conversations: TtlCache<string, Conversation>;
  private readonly userIdsByName: TtlCache<string, string>;
  private readonly channelIdsByName: TtlCache<string, string>;
  private readonly imByUser = new Map<string, string>();
  private readonly userByIm = new Map<string, string>();
  private usersListedAt = -Infinity;
  private channelsListedAt = -Infinity;

  constructor(
    private readonly api: WebClient,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly backend = 'slack',
  ) {
    this.users = new TtlCache(clock, NAME_TTL_MS);
    this.conversations = new TtlCache(clock, NAME_TTL_MS);
    this.userIdsByName = new TtlCache(clock, NAME_TTL_MS);
    this.channelIdsByName = new TtlCache(clock, NAME_TTL_MS);
  }

  /** The person with id `userId`; the name falls back to the id when Slack cannot tell. */
  async principal(userId: string): Promise<Principal> {
    return (await this.knownPrincipal(userId)) ?? this.bare(userId);
  }

  /** The person with id `userId`, or undefined when Slack does not know them. */
  async knownPrincipal(userId: string): Promise<Principal | undefined> {
    const hit = this.users.get(userId);
    if (hit) return hit;
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

  /** The room with id `channelId`; the name falls back to the id when Slack cannot tell. */
  async room(channelId: string): Promise<Room> {
    const found = await this.conversation(channelId);
    return found?.kind === 'room' ? found.room : this.bareRoom(channelId);
  }

  /** What the conversation `channelId` is, or undefined when Slack does not know it. */
  async conversation(channelId: string): Promise<Conversation | undefined> {
    const user = this.userByIm.get(channelId);
    if (user !== undefined) return { kind: 'direct', userId: user };
    const hit = this.conversations.get(channelId);
    if (hit) return hit;
    try {
      const res = await this.api.conversations.info({ channel: channelId });
      const c = res.channel;
      if (!c) return undefined;
      const imUser = (c as { user?: unknown }).user;
      if (c.is_im && typeof imUser === 'string') {
        this.rememberIm(imUser, channelId);
        return { kind: 'direct', userId: imUser };
      }
      const room: Room = {
        backend: this.backend,
        id: channelId,
        name: c.name ? `#${c.name}` : channelId,
        aclKey: channelId,
      };
      if (c.name) this.channelIdsByName.set(c.name.toLowerCase(), channelId);
      const conversation: Conversation = { kind: 'room', room };
      this.conversations.set(channelId, conversation);
      return conversation;
    } catch (error) {
      if (slackErrorCode(error) === 'channel_not_found') return undefined;
      this.logger.warn({ err: toError(error), channelId }, 'conversations.info failed');
      return { kind: 'room', room: this.bareRoom(channelId) };
    }
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

  /** The direct-message conversation with `userId`, opened when needed. */
  async openIm(userId: string): Promise<string> {
    const known = this.imByUser.get(userId);
    if (known !== undefined) return known;
    const res = await this.api.conversations.open({ users: userId });
    const id = res.channel?.id;
    if (!id) throw new Error('conversations.open returned no channel');
    this.rememberIm(userId, id);
    return id;
  }

  /** Record that `channelId` is the direct conversation with `userId`. */
  rememberIm(userId: string, channelId: string): void {
    this.imByUser.set(userId, channelId);
    this.userByIm.set(channelId, userId);
  }

  /** The known direct conversation with `userId`, without asking Slack. */
  imOf(userId: string): string | undefined {
    return this.imByUser.get(userId);
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
    const profile = asObject(user.profile);
    const candidates = [profile?.display_name, profile?.real_name, user.real_name, user.name];
    const name = candidates.find((n): n is string => typeof n === 'string' && n.length > 0) ?? id;
    return { backend: this.backend, id, name, aclKey: id };
  }

  private bare(userId: string): Principal {
    return { backend: this.backend, id: userId, name: userId, aclKey: userId };
  }

  private bareRoom(channelId: string): Room {
    return { backend: this.backend, id: channelId, name: channelId, aclKey: channelId };
  }
}

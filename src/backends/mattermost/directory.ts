/**
 * Mattermost users and channels by id and by name, through the REST API (`Client4`), cached.
 *
 * Ids (26 characters) are what ACLs see; usernames and `~channel` names are for display and for
 * mapping st2's strings back to ids.
 */
import type { Client4 } from '@mattermost/client';
import type { Clock } from '../../core/clock.js';
import { toError } from '../../core/errors.js';
import type { Principal } from '../../core/identity.js';
import type { Logger } from '../../log.js';
import { ChatDirectory, type Conversation } from '../shared/directory.js';
import { asObject } from '../shared/json.js';

/** Mattermost ids: 26 lower-case letters and digits. */
const ID = /^[a-z0-9]{26}$/;

/** True when `s` looks like a Mattermost id. */
export function isMattermostId(s: string): boolean {
  return ID.test(s);
}

/** True when `error` is the REST API's 404 (or 403, for a channel the bot cannot see). */
export function isNotFound(error: unknown): boolean {
  const status = asObject(error)?.status_code;
  return status === 404 || status === 403;
}

/** Cached lookups of Mattermost users and channels. */
export class MattermostDirectory extends ChatDirectory {
  private selfId = '';
  private teamId = '';

  constructor(
    private readonly api: Client4,
    clock: Clock,
    private readonly logger: Logger,
    backend = 'mattermost',
  ) {
    super(clock, backend);
  }

  /** Set the bot's id and the team channel names are looked up in. */
  configure(selfId: string, teamId: string): void {
    this.selfId = selfId;
    this.teamId = teamId;
  }

  /** The person with id `userId`, or undefined when the server does not know them. */
  async knownPrincipal(userId: string): Promise<Principal | undefined> {
    const hit = this.users.get(userId);
    if (hit) return hit;
    try {
      return this.remember(await this.api.getUser(userId));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      // Not cached: the next post tries again.
      this.logger.warn({ err: toError(error), userId }, 'could not look up a Mattermost user');
      return this.bare(userId);
    }
  }

  /** The person st2 names `user`: a user id, or a username with or without `@`. */
  async findPrincipal(user: string): Promise<Principal | undefined> {
    const s = user.trim().replace(/^@/, '');
    if (!s) return undefined;
    if (isMattermostId(s)) {
      const byId = await this.knownPrincipal(s);
      if (byId) return byId;
    }
    try {
      return this.remember(await this.api.getUserByUsername(encodeURIComponent(s.toLowerCase())));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** The id of the team's channel named `name` (its URL name), or undefined. */
  async channelIdByName(name: string): Promise<string | undefined> {
    const key = name.toLowerCase();
    const hit = this.channelIdsByName.get(key);
    if (hit !== undefined) return hit;
    try {
      const channel = await this.api.getChannelByName(this.teamId, encodeURIComponent(key));
      this.channelIdsByName.set(key, channel.id);
      return channel.id;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  protected async lookUpConversation(channelId: string): Promise<Conversation | undefined> {
    try {
      const channel = await this.api.getChannel(channelId);
      if (channel.type === 'D') {
        const ids = channel.name.split('__');
        const other = ids.find((id) => id !== this.selfId) ?? ids[0] ?? '';
        this.rememberDirect(other, channelId);
        return { kind: 'direct', userId: other };
      }
      if (channel.team_id === this.teamId) this.channelIdsByName.set(channel.name, channel.id);
      return this.rememberRoom(channelId, {
        backend: this.backend,
        id: channel.id,
        name: channel.type === 'G' ? channel.display_name || channel.id : `~${channel.name}`,
        aclKey: channel.id,
      });
    } catch (error) {
      if (isNotFound(error)) return undefined;
      this.logger.warn(
        { err: toError(error), channelId },
        'could not look up a Mattermost channel',
      );
      return { kind: 'room', room: this.bareRoom(channelId) };
    }
  }

  protected async createDirect(userId: string): Promise<string> {
    const channel = await this.api.createDirectChannel([this.selfId, userId]);
    return channel.id;
  }

  private remember(user: { id: string; username: string }): Principal {
    const principal: Principal = {
      backend: this.backend,
      id: user.id,
      name: user.username,
      aclKey: user.id,
    };
    this.users.set(user.id, principal);
    return principal;
  }
}

/**
 * The part of a hosted chat's directory (people and rooms by id, looked up over its API and
 * cached) that Slack and Mattermost share: the caches, the direct conversations known in both
 * directions, and the fall-backs to bare ids. Each back-end supplies the API look-ups.
 */
import type { Clock } from '../../core/clock.js';
import type { Principal, Room } from '../../core/identity.js';
import { TtlCache } from './cache.js';

/** How long looked-up names are trusted. */
export const NAME_TTL_MS = 60 * 60 * 1000;

/** What a conversation (channel) id stands for. */
export type Conversation =
  | { readonly kind: 'room'; readonly room: Room }
  | { readonly kind: 'direct'; readonly userId: string };

/** Cached look-ups of a chat's people and rooms; subclasses ask the chat's API. */
export abstract class ChatDirectory {
  /** People by user id. */
  protected readonly users: TtlCache<string, Principal>;
  /** Rooms (never direct conversations, which live in the maps below) by channel id. */
  protected readonly conversations: TtlCache<string, Conversation>;
  /** Channel ids by lower-case name. */
  protected readonly channelIdsByName: TtlCache<string, string>;
  private readonly directByUser = new Map<string, string>();
  private readonly userByDirect = new Map<string, string>();

  /**
   * @param clock times the caches
   * @param backend the back-end name every principal and room carries
   */
  protected constructor(
    protected readonly clock: Clock,
    protected readonly backend: string,
  ) {
    this.users = new TtlCache(clock, NAME_TTL_MS);
    this.conversations = new TtlCache(clock, NAME_TTL_MS);
    this.channelIdsByName = new TtlCache(clock, NAME_TTL_MS);
  }

  /** The person with id `userId`, or undefined when the chat does not know them. */
  abstract knownPrincipal(userId: string): Promise<Principal | undefined>;

  /** The person st2 names `user` (an id or a name), or undefined. */
  abstract findPrincipal(user: string): Promise<Principal | undefined>;

  /** The id of the channel named `name`, or undefined. */
  abstract channelIdByName(name: string): Promise<string | undefined>;

  /** The person with id `userId`; the name falls back to the id when the chat cannot tell. */
  async principal(userId: string): Promise<Principal> {
    return (await this.knownPrincipal(userId)) ?? this.bare(userId);
  }

  /** The room with id `channelId`; the name falls back to the id when the chat cannot tell. */
  async room(channelId: string): Promise<Room> {
    const found = await this.conversation(channelId);
    return found?.kind === 'room' ? found.room : this.bareRoom(channelId);
  }

  /** What the conversation `channelId` is, or undefined when the chat does not know it. */
  async conversation(channelId: string): Promise<Conversation | undefined> {
    const user = this.userByDirect.get(channelId);
    if (user !== undefined) return { kind: 'direct', userId: user };
    const hit = this.conversations.get(channelId);
    if (hit) return hit;
    return this.lookUpConversation(channelId);
  }

  /** The direct conversation with `userId`, opened when needed. */
  async openDirect(userId: string): Promise<string> {
    const known = this.directByUser.get(userId);
    if (known !== undefined) return known;
    const channelId = await this.createDirect(userId);
    this.rememberDirect(userId, channelId);
    return channelId;
  }

  /** Record that `channelId` is the direct conversation with `userId`. */
  rememberDirect(userId: string, channelId: string): void {
    this.directByUser.set(userId, channelId);
    this.userByDirect.set(channelId, userId);
  }

  /** The known direct conversation with `userId`, without asking the chat. */
  directOf(userId: string): string | undefined {
    return this.directByUser.get(userId);
  }

  /** Ask the chat what `channelId` is (it is in no cache); undefined when it does not exist. */
  protected abstract lookUpConversation(channelId: string): Promise<Conversation | undefined>;

  /** Ask the chat to open the direct conversation with `userId`; resolves to its id. */
  protected abstract createDirect(userId: string): Promise<string>;

  /** Cache `room` as what `channelId` stands for. */
  protected rememberRoom(channelId: string, room: Room): Conversation {
    const conversation: Conversation = { kind: 'room', room };
    this.conversations.set(channelId, conversation);
    return conversation;
  }

  /** A person known only by id. */
  protected bare(userId: string): Principal {
    return { backend: this.backend, id: userId, name: userId, aclKey: userId };
  }

  /** A room known only by id. */
  protected bareRoom(channelId: string): Room {
    return { backend: this.backend, id: channelId, name: channelId, aclKey: channelId };
  }
}

/**
 * Reading Mattermost's `posted` WebSocket events: which posts are a person's text, and the text
 * without a leading `@bot` mention.
 */
import { asObject } from '../shared/json.js';

/** The bot's own identity, to ignore its posts and find mentions of it. */
export interface MattermostSelf {
  /** The bot user's id. */
  readonly id: string;
  /** The bot user's username (without `@`). */
  readonly username: string;
}

/** A person's post, in Mattermost's terms. */
export interface MattermostInbound {
  /** The post id. */
  readonly postId: string;
  /** The author's user id. */
  readonly userId: string;
  /** The channel id. */
  readonly channelId: string;
  /** True for a direct-message channel (`channel_type` `D`). */
  readonly direct: boolean;
  /** The channel's URL name, when the event carries it. */
  readonly channelName?: string | undefined;
  /** The text, with a leading mention of the bot removed. */
  readonly text: string;
  /** True when the post started with a mention of the bot. */
  readonly mentionsBot: boolean;
  /** The thread's root post id, when the post is a reply. */
  readonly rootId?: string | undefined;
}

/**
 * The person's post in a `posted` event's `data`, or undefined when it is not one (the bot's
 * own posts, system messages, malformed data).
 */
export function readPosted(data: unknown, self: MattermostSelf): MattermostInbound | undefined {
  const d = asObject(data);
  if (!d || typeof d.post !== 'string') return undefined;
  let post: Record<string, unknown> | undefined;
  try {
    post = asObject(JSON.parse(d.post));
  } catch {
    return undefined;
  }
  if (!post) return undefined;
  const { id, user_id: userId, channel_id: channelId, message, type } = post;
  if (typeof id !== 'string' || typeof userId !== 'string' || typeof channelId !== 'string') {
    return undefined;
  }
  if (typeof message !== 'string' || (typeof type === 'string' && type !== '')) return undefined;
  if (userId === self.id) return undefined;
  const { text, mentionsBot } = readText(message, self.username);
  const rootId = typeof post.root_id === 'string' && post.root_id ? post.root_id : undefined;
  return {
    postId: id,
    userId,
    channelId,
    direct: d.channel_type === 'D',
    channelName: typeof d.channel_name === 'string' ? d.channel_name : undefined,
    text,
    mentionsBot,
    rootId,
  };
}

/** Remove a leading `@username` (any case, optionally followed by `:` or `,`). */
export function readText(raw: string, username: string): { text: string; mentionsBot: boolean } {
  const escaped = username.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const lead = new RegExp(`^\\s*@${escaped}(?![\\w.-])[:,]?\\s*`, 'i');
  if (!lead.test(raw)) return { text: raw, mentionsBot: false };
  return { text: raw.replace(lead, ''), mentionsBot: true };
}

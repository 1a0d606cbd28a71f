/**
 * Sign-in links: one use, expiring, tied to the person who asked and to a hash of their secret
 * word. Each kind of record has its own store namespace: `links` (id → link), `pending-links`
 * (person → the id of their unused link), `link-claims` (id → an attempt in progress) and
 * `used-links` (id → used, so a second use is told so).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { systemClock, type Clock } from '../core/clock.js';
import { CommandError } from '../core/errors.js';
import type { Principal } from '../core/identity.js';
import type { Logger } from '../log.js';
import { parseRecord, principalKey, principalSchema, shortId, summaryOf } from './records.js';
import {
  DEFAULT_SCRYPT,
  MAX_SECRET_WORD_LENGTH,
  hashSecretWord,
  normaliseSecretWord,
} from './secret-word.js';
import type { SessionManagerOptions, SessionSummary } from './types.js';

/** A sign-in link that has not been used yet. */
const linkRecordSchema = z.object({
  v: z.literal(1),
  id: z.string(),
  principal: principalSchema,
  /** `scrypt:…` hash of the secret word. */
  secretHash: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
  /** Failed attempts so far. */
  failures: z.number().int().nonnegative(),
});
/** A pending sign-in link. */
export type LinkRecord = z.infer<typeof linkRecordSchema>;

/** How long one attempt may hold a link before another may try (covers the st2 round trip). */
const CLAIM_TTL_MS = 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True when `id` has the shape of a sign-in link id (a lower-case UUID). */
export function isSessionId(id: string): boolean {
  return UUID.test(id);
}

/** The sign-in links of every person. */
export class SignInLinks {
  private readonly links;
  private readonly pending;
  private readonly claims;
  private readonly used;
  private readonly clock: Clock;
  /** How long a link works, in milliseconds. */
  private readonly ttlMs: number;

  constructor(
    private readonly options: SessionManagerOptions,
    private readonly log: Logger,
  ) {
    const { store } = options;
    this.clock = options.clock ?? systemClock;
    this.ttlMs = (options.sessionTtlSeconds ?? 3600) * 1000;
    if (!(this.ttlMs > 0)) throw new RangeError('session_ttl must be positive');
    this.links = store.namespace('links');
    this.pending = store.namespace('pending-links');
    this.claims = store.namespace('link-claims');
    this.used = store.namespace('used-links');
  }

  /**
   * Issue a link for `principal`, replacing their unused one. Throws `CommandError` for an empty
   * or overlong secret word.
   */
  async issue(
    principal: Principal,
    secretWord: string,
  ): Promise<{ url: string; expiresAt: number }> {
    const word = normaliseSecretWord(secretWord);
    if (!word)
      throw new CommandError(
        'Please give a secret word: you will type it again on the login page.',
      );
    if (word.length > MAX_SECRET_WORD_LENGTH) {
      throw new CommandError(
        `The secret word is too long (at most ${MAX_SECRET_WORD_LENGTH} characters).`,
      );
    }
    const { ttlMs, clock } = this;
    const pkey = principalKey(principal);
    const previous = await this.pending.get(pkey);
    if (previous) await this.links.delete(previous);

    const id = randomUUID();
    const now = clock.now();
    const link: LinkRecord = {
      v: 1,
      id,
      principal: {
        backend: principal.backend,
        id: principal.id,
        name: principal.name,
        aclKey: principal.aclKey,
      },
      secretHash: await hashSecretWord(word, this.options.scrypt ?? DEFAULT_SCRYPT),
      createdAt: now,
      expiresAt: now + ttlMs,
      failures: 0,
    };
    await this.links.set(id, JSON.stringify(link), { ttlMs });
    await this.pending.set(pkey, id, { ttlMs });
    this.log.info(
      { session: shortId(id), user: principal.aclKey, backend: principal.backend },
      'sign-in link issued',
    );
    const { baseUrl } = this.options;
    const base = typeof baseUrl === 'function' ? baseUrl() : baseUrl;
    return { url: `${base.replace(/\/?$/, '/')}login/${id}`, expiresAt: link.expiresAt };
  }

  /** The link `id`, when it exists (expired or not). */
  async find(id: string): Promise<LinkRecord | undefined> {
    const parsed = parseRecord(linkRecordSchema, await this.links.get(id));
    if (parsed.malformed)
      this.log.error({ session: shortId(id) }, 'malformed sign-in link record ignored');
    return parsed.value;
  }

  /** The person's unused, unexpired link. */
  async pendingFor(principal: Principal): Promise<LinkRecord | undefined> {
    const id = await this.pending.get(principalKey(principal));
    const link = id ? await this.find(id) : undefined;
    return link && link.expiresAt > this.clock.now() ? link : undefined;
  }

  /** Why the link cannot be used, or undefined when it can (checked again under the claim). */
  async unusable(id: string): Promise<string | undefined> {
    const link = await this.find(id);
    if (link && link.expiresAt > this.clock.now()) return undefined;
    if (link) await this.links.delete(id);
    if (await this.used.get(id))
      return 'This sign-in link has already been used. Ask the bot for a new one.';
    return 'This sign-in link is not valid or has expired. Ask the bot for a new one.';
  }

  /** Hold the link for one attempt; false when another attempt holds it. */
  claim(id: string): Promise<boolean> {
    return this.claims.setIfAbsent(id, '1', { ttlMs: CLAIM_TTL_MS });
  }

  /** Let the next attempt use the link. */
  async release(id: string): Promise<void> {
    await this.claims.delete(id);
  }

  /** Record the link's failed attempts so far (until it expires). */
  async saveFailures(link: LinkRecord, failures: number): Promise<void> {
    const remaining = link.expiresAt - this.clock.now();
    if (remaining > 0) {
      await this.links.set(link.id, JSON.stringify({ ...link, failures }), { ttlMs: remaining });
    }
  }

  /** The link did its job: it stops working, and a second use is told it was used. */
  async markUsed(link: LinkRecord): Promise<void> {
    await this.used.set(link.id, '1', { ttlMs: Math.max(this.ttlMs, 3600_000) });
    await this.remove(link);
  }

  /** Delete the link (and the person's pointer to it). */
  async remove(link: LinkRecord): Promise<void> {
    await this.links.delete(link.id);
    const pkey = principalKey(link.principal);
    if ((await this.pending.get(pkey)) === link.id) await this.pending.delete(pkey);
  }

  /** Delete the person's unused link; resolves true when there was one. */
  async discard(principal: Principal): Promise<boolean> {
    const pkey = principalKey(principal);
    const id = await this.pending.get(pkey);
    const removed = id ? await this.links.delete(id) : false;
    return (await this.pending.delete(pkey)) || removed;
  }

  /** Delete a link by id (administrators); resolves to what was removed. */
  async cancel(id: string): Promise<SessionSummary | undefined> {
    const link = isSessionId(id) ? await this.find(id) : undefined;
    if (!link) return undefined;
    await this.remove(link);
    this.log.info(
      { session: shortId(id), user: link.principal.aclKey },
      'sign-in link cancelled by an admin',
    );
    return linkSummary(link);
  }

  /** Every unexpired link. */
  async list(): Promise<SessionSummary[]> {
    const now = this.clock.now();
    const out: SessionSummary[] = [];
    for (const id of await this.links.keys()) {
      const link = parseRecord(linkRecordSchema, await this.links.get(id)).value;
      if (link && link.expiresAt > now) out.push(linkSummary(link));
    }
    return out;
  }
}

/** The admin view of a pending link. */
export function linkSummary(link: LinkRecord): SessionSummary {
  return summaryOf(link, { state: 'pending' });
}

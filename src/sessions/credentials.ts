/**
 * A person's StackStorm credentials, kept by person (back-end + ACL key) in two namespaces: the
 * token or API key in the encrypted `credentials` namespace, and the non-secret facts of the
 * association (how, since when, active or expired) in the plain `associations` namespace, for
 * status and `st2session_list`.
 */
import { z } from 'zod';
import { systemClock, type Clock } from '../core/clock.js';
import type { Principal } from '../core/identity.js';
import type { Logger } from '../log.js';
import { parseSt2Time } from '../stackstorm/model.js';
import { SecretDecryptError } from '../store/errors.js';
import type { LinkRecord } from './links.js';
import { parseRecord, principalKey, principalSchema, shortId, summaryOf } from './records.js';
import type {
  LoginMethod,
  SessionManagerOptions,
  SessionSummary,
  St2UserCredentials,
} from './types.js';

/** The non-secret facts of an association. */
const associationSchema = z.object({
  v: z.literal(1),
  id: z.string(),
  principal: principalSchema,
  method: z.enum(['password', 'token', 'apikey']),
  st2User: z.string().optional(),
  createdAt: z.number(),
  expiresAt: z.number().optional(),
  state: z.enum(['active', 'expired']),
});
type AssociationRecord = z.infer<typeof associationSchema>;

/** The credentials themselves, tagged with the session (link) id they were given through. */
const credentialRecordSchema = z.discriminatedUnion('kind', [
  z.object({
    sessionId: z.string(),
    kind: z.literal('token'),
    token: z.string().min(1),
    user: z.string().optional(),
    expiry: z.string().optional(),
  }),
  z.object({
    sessionId: z.string(),
    kind: z.literal('apiKey'),
    apiKey: z.string().min(1),
    user: z.string().optional(),
  }),
]);
type CredentialRecord = z.infer<typeof credentialRecordSchema>;

/** Expired tokens' facts are kept this long so `status` can say "expired" rather than "none". */
const EXPIRED_FACTS_MS = 30 * 24 * 3600_000;

/** The credentials of every signed-in person. */
export class StoredCredentials {
  private readonly associations;
  private readonly secrets;
  private readonly clock: Clock;

  constructor(
    options: SessionManagerOptions,
    private readonly log: Logger,
  ) {
    this.associations = options.store.namespace('associations');
    this.secrets = options.secrets.namespace('credentials');
    this.clock = options.clock ?? systemClock;
  }

  /** Keep `credentials` for the person of `link`; they expire with the token (`expiresAt`). */
  async save(
    link: LinkRecord,
    method: LoginMethod,
    credentials: St2UserCredentials,
    expiresAt: number | undefined,
  ): Promise<void> {
    const now = this.clock.now();
    const pkey = principalKey(link.principal);
    const record: CredentialRecord = { ...credentials, sessionId: link.id };
    const ttl = expiresAt === undefined ? undefined : { ttlMs: expiresAt - now };
    await this.secrets.set(pkey, JSON.stringify(record), ttl);
    const association: AssociationRecord = {
      v: 1,
      id: link.id,
      principal: link.principal,
      method,
      st2User: credentials.user,
      createdAt: now,
      expiresAt,
      state: 'active',
    };
    await this.associations.set(
      pkey,
      JSON.stringify(association),
      expiresAt === undefined ? undefined : { ttlMs: expiresAt - now + EXPIRED_FACTS_MS },
    );
    this.log.info(
      {
        session: shortId(link.id),
        user: link.principal.aclKey,
        backend: link.principal.backend,
        method,
        st2User: credentials.user,
      },
      'StackStorm credentials associated',
    );
  }

  /** The person's token or API key, or undefined when they have none that may still work. */
  async lookup(principal: Principal): Promise<St2UserCredentials | undefined> {
    const pkey = principalKey(principal);
    const association = await this.current(pkey);
    if (association?.state !== 'active') return undefined;
    let stored: string | undefined;
    try {
      stored = await this.secrets.get(pkey);
    } catch (error) {
      if (!(error instanceof SecretDecryptError)) throw error;
      // Tampered, moved, or sealed with another key: unusable, so ask the person to sign in again.
      this.log.error(
        { user: principal.aclKey, reason: error.message },
        'stored credentials cannot be decrypted',
      );
      await this.expire(pkey, association, 'stored credentials cannot be decrypted');
      return undefined;
    }
    const parsed = parseRecord(credentialRecordSchema, stored);
    if (parsed.malformed)
      this.log.error({ user: principal.aclKey }, 'stored credentials are malformed; ignoring them');
    if (parsed.value?.sessionId !== association.id) {
      await this.expire(pkey, association, 'credentials missing from the secret store');
      return undefined;
    }
    const { sessionId: _, ...credentials } = parsed.value;
    return credentials;
  }

  /** The person's association (marked expired once its token's expiry has passed), if any. */
  async session(principal: Principal): Promise<SessionSummary | undefined> {
    const association = await this.current(principalKey(principal));
    return association && summary(association);
  }

  /** StackStorm rejected the person's credentials: drop them, keep the facts as expired. */
  async markExpired(principal: Principal): Promise<void> {
    const pkey = principalKey(principal);
    const association = await this.association(pkey);
    if (association) await this.expire(pkey, association, 'StackStorm rejected the credentials');
    else await this.secrets.delete(pkey);
  }

  /** Forget the person's credentials and facts; resolves true when there were any. */
  async remove(principal: Principal): Promise<boolean> {
    const pkey = principalKey(principal);
    const facts = await this.associations.delete(pkey);
    return (await this.secrets.delete(pkey)) || facts;
  }

  /** Forget the association with session id `id` (administrators); resolves to what it was. */
  async cancel(id: string): Promise<SessionSummary | undefined> {
    for (const pkey of await this.associations.keys()) {
      const association = await this.association(pkey);
      if (association?.id !== id) continue;
      await this.associations.delete(pkey);
      await this.secrets.delete(pkey);
      this.log.info(
        { session: shortId(id), user: association.principal.aclKey },
        'session cancelled by an admin',
      );
      return summary(association);
    }
    return undefined;
  }

  /** Every association, active or expired. */
  async list(): Promise<SessionSummary[]> {
    const out: SessionSummary[] = [];
    for (const pkey of await this.associations.keys()) {
      const association = await this.association(pkey);
      if (association) out.push(summary(association));
    }
    return out;
  }

  /** The association, marked expired first when its token's expiry has passed. */
  private async current(pkey: string): Promise<AssociationRecord | undefined> {
    const a = await this.association(pkey);
    const passed = a?.expiresAt !== undefined && a.expiresAt <= this.clock.now();
    return a?.state === 'active' && passed ? this.expire(pkey, a, 'token expiry passed') : a;
  }

  private async association(pkey: string): Promise<AssociationRecord | undefined> {
    const parsed = parseRecord(associationSchema, await this.associations.get(pkey));
    if (parsed.malformed) this.log.error('malformed session record ignored');
    return parsed.value;
  }

  private async expire(
    pkey: string,
    association: AssociationRecord,
    reason: string,
  ): Promise<AssociationRecord> {
    await this.secrets.delete(pkey);
    const expired: AssociationRecord = { ...association, state: 'expired' };
    await this.associations.set(pkey, JSON.stringify(expired), { ttlMs: EXPIRED_FACTS_MS });
    this.log.info(
      { session: shortId(association.id), user: association.principal.aclKey, reason },
      'StackStorm session expired',
    );
    return expired;
  }
}

/** When a token expires (epoch ms), from st2's `expiry`; undefined for API keys and unknown. */
export function expiryOf(credentials: St2UserCredentials): number | undefined {
  if (credentials.kind !== 'token' || !credentials.expiry) return undefined;
  return parseSt2Time(credentials.expiry);
}

/** The admin view of an association. */
function summary(a: AssociationRecord): SessionSummary {
  return summaryOf(a, { state: a.state, method: a.method, st2User: a.st2User });
}

/**
 * What the session manager keeps in the store, and the keys it keeps it under. Records are JSON
 * with a version number; anything that does not parse is treated as absent (and logged by the
 * caller), never as a valid session.
 */
import { z } from 'zod';
import type { Principal } from '../core/identity.js';
import type { SessionSummary, St2UserCredentials } from './types.js';

const principalSchema = z.object({
  backend: z.string(),
  id: z.string(),
  name: z.string(),
  aclKey: z.string(),
});

/** A sign-in link that has not been used yet (plain `sessions` namespace). */
export const linkRecordSchema = z.object({
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

/** The non-secret facts of an association (plain `sessions` namespace). */
export const associationSchema = z.object({
  v: z.literal(1),
  id: z.string(),
  principal: principalSchema,
  method: z.enum(['password', 'token', 'apikey']),
  st2User: z.string().optional(),
  createdAt: z.number(),
  expiresAt: z.number().optional(),
  state: z.enum(['active', 'expired']),
});
/** An association between a person and their st2 credentials, without the credentials. */
export type AssociationRecord = z.infer<typeof associationSchema>;

/** The credentials themselves (encrypted `secrets` namespace), tagged with the session id. */
export const credentialRecordSchema = z.discriminatedUnion('kind', [
  z.object({
    sessionId: z.string(),
    kind: z.literal('token'),
    token: z.string().min(1),
    user: z.string().optional(),
    expiry: z.string().optional(),
  }),
  z.object({
    sessionId: z.string(),
    kind: z.literal('apikey'),
    apiKey: z.string().min(1),
    user: z.string().optional(),
  }),
]);
/** Stored credentials. */
export type CredentialRecord = z.infer<typeof credentialRecordSchema>;

/** The store key part that identifies a person: back-end plus stable ACL key, never a name. */
export function principalKey(principal: Pick<Principal, 'backend' | 'aclKey'>): string {
  return `${encodeURIComponent(principal.backend)}:${encodeURIComponent(principal.aclKey)}`;
}

/** Store keys. */
export const keys = {
  link: (id: string) => `link:${id}`,
  pending: (pkey: string) => `pending:${pkey}`,
  claim: (id: string) => `claim:${id}`,
  used: (id: string) => `used:${id}`,
  association: (pkey: string) => `assoc:${pkey}`,
  credentials: (pkey: string) => `cred:${pkey}`,
};

/** Parse a stored JSON record; undefined when absent or malformed. */
export function parseRecord<T>(
  schema: z.ZodType<T>,
  raw: string | undefined,
): { value?: T; malformed: boolean } {
  if (raw === undefined) return { malformed: false };
  try {
    const result = schema.safeParse(JSON.parse(raw));
    return result.success ? { value: result.data, malformed: false } : { malformed: true };
  } catch {
    return { malformed: true };
  }
}

/** The stored record of credentials (an API key keeps its stored spelling `apikey`). */
export function toRecord(credentials: St2UserCredentials, sessionId: string): CredentialRecord {
  return credentials.kind === 'token'
    ? { ...credentials, sessionId }
    : { kind: 'apikey', apiKey: credentials.apiKey, user: credentials.user, sessionId };
}

/** The credentials handed to callers, without the bookkeeping. */
export function toCredentials(record: CredentialRecord): St2UserCredentials {
  return record.kind === 'token'
    ? { kind: 'token', token: record.token, user: record.user, expiry: record.expiry }
    : { kind: 'apiKey', apiKey: record.apiKey, user: record.user };
}

/** The admin view of a pending link. */
export function linkSummary(link: LinkRecord): SessionSummary {
  return {
    id: link.id,
    backend: link.principal.backend,
    user: link.principal.aclKey,
    name: link.principal.name,
    state: 'pending',
    createdAt: link.createdAt,
    expiresAt: link.expiresAt,
  };
}

/** The admin view of an association. */
export function associationSummary(a: AssociationRecord): SessionSummary {
  return {
    id: a.id,
    backend: a.principal.backend,
    user: a.principal.aclKey,
    name: a.principal.name,
    state: a.state,
    method: a.method,
    st2User: a.st2User,
    createdAt: a.createdAt,
    expiresAt: a.expiresAt,
  };
}

/**
 * What the sign-in parts share about stored records: the person's key, the person's shape, and
 * reading a record. Records are JSON with a version number; anything that does not parse is
 * treated as absent (and logged by the caller), never as a valid session.
 */
import { z } from 'zod';
import type { Principal } from '../core/identity.js';
import type { SessionSummary } from './types.js';

/** The person a record belongs to, as stored. */
export const principalSchema = z.object({
  backend: z.string(),
  id: z.string(),
  name: z.string(),
  aclKey: z.string(),
});

/** The store key that identifies a person: back-end plus stable ACL key, never a name. */
export function principalKey(principal: Pick<Principal, 'backend' | 'aclKey'>): string {
  return `${encodeURIComponent(principal.backend)}:${encodeURIComponent(principal.aclKey)}`;
}

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

/** The admin view of a link or an association: who, when, and where it stands; no secret. */
export function summaryOf(
  record: { id: string; principal: Principal; createdAt: number; expiresAt?: number | undefined },
  more: Pick<SessionSummary, 'state' | 'method' | 'st2User'>,
): SessionSummary {
  const { id, principal, createdAt, expiresAt } = record;
  const who = { backend: principal.backend, user: principal.aclKey, name: principal.name };
  return { id, ...who, ...more, createdAt, expiresAt };
}

/** The first block of a session id: enough to find it in logs, not enough to use it. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

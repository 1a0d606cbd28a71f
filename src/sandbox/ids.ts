/**
 * Identifiers in StackStorm's formats: Mongo ObjectIds, uuid4-hex tokens and API keys (st2's
 * timestamps are in `src/stackstorm/model/time.ts`).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

let counter = randomBytes(3).readUIntBE(0, 3);
const processPart = randomBytes(5).toString('hex');

/** A 24-hex-character id shaped like a Mongo ObjectId (seconds, random, counter). */
export function objectId(nowMs: number): string {
  counter = (counter + 1) % 0x1000000;
  const seconds = Math.floor(nowMs / 1000) >>> 0;
  return (
    seconds.toString(16).padStart(8, '0') + processPart + counter.toString(16).padStart(6, '0')
  );
}

/** A new auth token: a uuid4 in lowercase hex without dashes (32 characters). */
export function newToken(): string {
  return randomUUID().replaceAll('-', '');
}

/** A new API key, shaped like the keys `st2 apikey create` prints. */
export function newApiKey(): string {
  return randomBytes(32).toString('base64url').slice(0, 43);
}

/** The sha256 hex digest st2 stores for an API key (and quotes in its 401 message). */
export function apiKeyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

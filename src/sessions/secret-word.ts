/**
 * The secret word that ties a browser to the chat user who asked for the link. Kept only as a
 * salted scrypt hash; checked by hashing the candidate the same way and comparing in constant time.
 */
import crypto from 'node:crypto';

/** scrypt cost parameters. */
export interface ScryptParams {
  /** CPU/memory cost (a power of two). */
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** Node's default scrypt cost: about 16 MiB and a few tens of milliseconds per hash. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 16384, r: 8, p: 1 };

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const PREFIX = 'scrypt';

/** Longest secret word accepted (in characters), to bound the hashing work. */
export const MAX_SECRET_WORD_LENGTH = 200;

/** The form the secret word is compared in: surrounding white space removed, Unicode NFKC. */
export function normaliseSecretWord(word: string): string {
  return word.normalize('NFKC').trim();
}

function derive(word: string, salt: Buffer, params: ScryptParams, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    crypto.scrypt(
      normaliseSecretWord(word),
      salt,
      length,
      { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 },
      (error, key) => {
        if (error) reject(error);
        else resolve(key);
      },
    );
  });
}

/** Hash a secret word with a fresh random salt: `scrypt:N:r:p:<salt>:<hash>` (base64url). */
export async function hashSecretWord(
  word: string,
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<string> {
  const salt = crypto.randomBytes(SALT_LENGTH);
  const key = await derive(word, salt, params, KEY_LENGTH);
  return [
    PREFIX,
    params.N,
    params.r,
    params.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join(':');
}

/**
 * True when `word` hashes to `stored`. The comparison is `crypto.timingSafeEqual` over two
 * buffers of the same length, so its duration does not depend on where they differ.
 * Throws for a malformed `stored` value.
 */
export async function verifySecretWord(word: string, stored: string): Promise<boolean> {
  const parts = stored.split(':');
  const [prefix, n, r, p, salt, hash] = parts;
  if (parts.length !== 6 || prefix !== PREFIX || !n || !r || !p || !salt || !hash) {
    throw new Error('malformed secret word hash');
  }
  const expected = Buffer.from(hash, 'base64url');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (expected.length === 0 || ![params.N, params.r, params.p].every(Number.isSafeInteger)) {
    throw new Error('malformed secret word hash');
  }
  const actual = await derive(word, Buffer.from(salt, 'base64url'), params, expected.length);
  return crypto.timingSafeEqual(actual, expected);
}

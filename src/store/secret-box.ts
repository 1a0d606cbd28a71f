/**
 * Authenticated encryption of single values with AES-256-GCM. A sealed value reads
 * `v1:<iv>:<tag>:<ciphertext>` (each part base64url): a fresh random 12-byte IV per value and a
 * 16-byte tag, so any change to the ciphertext, the tag or the associated data is detected.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { SecretDecryptError } from './errors.js';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Length of the master key `SecretBox` and `loadSecretKey` work with. */
export const SECRET_KEY_BYTES = 32;
const B64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Derive a purpose-bound 32-byte subkey from the master key, so the cipher key and the key check
 * value never share key material.
 */
export function deriveKey(masterKey: Buffer, purpose: string): Buffer {
  if (masterKey.length !== SECRET_KEY_BYTES) {
    throw new RangeError(`the secret key must be ${SECRET_KEY_BYTES} bytes`);
  }
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `stormbot ${purpose}`, 32));
}

/** Seals and opens values with one key. The key is held privately and never serialised. */
export class SecretBox {
  readonly #key: Buffer;

  /** @param masterKey the 32-byte secret key (see `loadSecretKey`) */
  constructor(masterKey: Buffer) {
    this.#key = deriveKey(masterKey, 'secret-box v1 aes-256-gcm');
  }

  /**
   * Encrypt `plaintext`. `aad` (associated data) is authenticated but not stored: `open` must be
   * given the same `aad`, which binds a value to where it belongs (its namespace and key).
   */
  seal(plaintext: string, aad?: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv, tag, body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join(':');
  }

  /**
   * Decrypt a value made by `seal` with the same `aad`. Throws `SecretDecryptError` when the
   * value is malformed, altered, sealed with another key or given the wrong `aad`; never returns
   * garbage.
   */
  open(sealed: string, aad?: string): string {
    const parts = sealed.split(':');
    const [version, ivText, tagText, bodyText] = parts;
    if (
      parts.length !== 4 ||
      version !== VERSION ||
      ivText === undefined ||
      tagText === undefined ||
      bodyText === undefined ||
      !parts.every((p) => B64URL.test(p))
    ) {
      throw new SecretDecryptError(`it is not in the ${VERSION} sealed format`);
    }
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new SecretDecryptError(`it is not in the ${VERSION} sealed format`);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
      if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(tag);
      const body = Buffer.from(bodyText, 'base64url');
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch (err) {
      throw new SecretDecryptError(
        'it was altered, moved to another key, or sealed with a different secret key',
        { cause: err },
      );
    }
  }
}

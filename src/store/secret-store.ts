/**
 * Encrypted namespaces over any store, and the key check that turns a wrong key into a clear
 * error instead of garbage.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { StartupError } from '../core/errors.js';
import { deriveKey, SecretBox } from './secret-box.js';
import { SECRET_KEY_ENV } from './secret-key.js';
import type { KeyValueStore, StoreNamespace } from './types.js';
import { checkNamespace } from './validate.js';

/** The namespace holding the store's own bookkeeping (the key check value). */
export const META_NAMESPACE = 'meta';
/** The key of the key check value in `META_NAMESPACE`. */
export const KEY_CHECK_KEY = 'secret-key-check';

/**
 * A value that identifies a key without revealing it (an HMAC of a constant under a subkey).
 */
export function keyCheckValue(masterKey: Buffer): string {
  const mac = createHmac('sha256', deriveKey(masterKey, 'key-check v1'));
  return `v1:${mac.update('stormbot secret store').digest('base64url')}`;
}

/**
 * Wrap `ns` so values are sealed by `box` on the way in and opened on the way out. Each value is
 * bound to `namespaceName` and its key, so a value copied to another key does not open. `get`
 * throws `SecretDecryptError` for a value that does not open. Keys stay in clear.
 */
export function encryptedNamespace(
  ns: StoreNamespace,
  box: SecretBox,
  namespaceName: string,
): StoreNamespace {
  const aad = (key: string) => `stormbot:${namespaceName}:${key}`;
  return {
    get: async (key) => {
      const sealed = await ns.get(key);
      return sealed === undefined ? undefined : box.open(sealed, aad(key));
    },
    set: (key, value, options) => ns.set(key, box.seal(value, aad(key)), options),
    setIfAbsent: (key, value, options) => ns.setIfAbsent(key, box.seal(value, aad(key)), options),
    delete: (key) => ns.delete(key),
    keys: () => ns.keys(),
  };
}

/** A store whose namespaces encrypt their values. */
export interface SecretStore {
  /** An encrypted view of one namespace (`meta` is refused). */
  namespace(name: string): StoreNamespace;
}

/**
 * Check `masterKey` against the key check value kept in the store (recording it on first use)
 * and return encrypted namespaces. Throws a `StartupError` when the store was set up with another
 * key, saying how to start over.
 */
export async function openSecretStore(
  store: KeyValueStore,
  masterKey: Buffer,
): Promise<SecretStore> {
  const box = new SecretBox(masterKey);
  const expected = keyCheckValue(masterKey);
  const meta = store.namespace(META_NAMESPACE);
  if (!(await meta.setIfAbsent(KEY_CHECK_KEY, expected))) {
    const stored = (await meta.get(KEY_CHECK_KEY)) ?? '';
    const a = Buffer.from(stored);
    const b = Buffer.from(expected);
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      throw new StartupError(
        `the stored secrets were encrypted with a different key; set ${SECRET_KEY_ENV} to the ` +
          `original key or ${resetAdviceFor(store)} to start over`,
      );
    }
  }
  return {
    namespace(name) {
      if (checkNamespace(name) === META_NAMESPACE) {
        throw new RangeError(`the store namespace ${META_NAMESPACE} is reserved`);
      }
      return encryptedNamespace(store.namespace(name), box, name);
    },
  };
}

/** What to remove to start over with a new key, by driver. */
function resetAdviceFor(store: KeyValueStore): string {
  const where = store.location ?? 'the store';
  switch (store.driver) {
    case 'sqlite':
      return `remove ${where}`;
    case 'redis':
      return `delete the keys of ${where}`;
    default:
      return `clear ${where}`;
  }
}

/**
 * The key/value store and the encrypted secret layer: one import for the rest of the bot.
 */
export type { KeyValueStore, SetOptions, StoreNamespace } from './types.js';
export { createStore, type CreateStoreOptions, type StoreDriver } from './create.js';
export { MemoryStore, type MemoryStoreOptions } from './memory.js';
export { SecretDecryptError, StoreClosedError } from './errors.js';
export { SecretBox, SECRET_KEY_BYTES } from './secret-box.js';
export {
  generateSecretKeyText,
  loadSecretKey,
  parseSecretKey,
  SECRET_KEY_ENV,
  type LoadSecretKeyOptions,
} from './secret-key.js';
export {
  encryptedNamespace,
  keyCheckValue,
  META_NAMESPACE,
  openSecretStore,
  type OpenSecretStoreOptions,
  type SecretStore,
} from './secret-store.js';

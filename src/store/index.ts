/**
 * The key/value store and the encrypted secret layer: one import for the rest of the bot.
 */
export type { KeyValueStore, SetOptions, StoreNamespace } from './types.js';
export { createStore, type CreateStoreOptions } from './create.js';
export { SecretDecryptError, StoreClosedError } from './errors.js';
export { loadSecretKey, parseSecretKey, SECRET_KEY_ENV } from './secret-key.js';
export { openSecretStore, type SecretStore } from './secret-store.js';

/**
 * Errors raised by the key/value store and the secret layer on top of it. None of them ever
 * carries a stored value, a key or a ciphertext in its message.
 */

/** An operation was attempted on a store after `close()`. */
export class StoreClosedError extends Error {
  override readonly name = 'StoreClosedError';

  constructor(driver: string) {
    super(`the ${driver} store is closed`);
  }
}

/**
 * A sealed value could not be opened: it is malformed, was altered, was moved to another
 * namespace or key, or was sealed with another key.
 */
export class SecretDecryptError extends Error {
  override readonly name = 'SecretDecryptError';

  /** @param reason what is wrong, in plain words, without any of the sealed data */
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`a stored secret could not be decrypted: ${reason}`, options);
  }
}

/**
 * The two kinds of error a command can end with.
 *
 * A `CommandError` is a known reason, shown to the person in plain words. Anything else is a bug
 * or an outage: it is logged with its stack and the person sees one generic line with a reference
 * id they can give to an operator.
 */

/** A known reason a command could not do what was asked; its message is shown to the person. */
export class CommandError extends Error {
  override readonly name = 'CommandError';
}

/** Raised where configuration is invalid: the message names the key and the reason. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  /**
   * @param key dotted path of the offending key (`stackstorm.api_url`), or `''` for the whole file
   * @param reason what is wrong with it, in plain words
   */
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(key ? `${key}: ${reason}` : reason);
  }
}

/**
 * Raised at start-up by a runtime module for a problem only running reveals (a key file that does
 * not decrypt the store, a web port in use). Its message says what to fix without any secret; the
 * CLI prints it as one line and exits 2, like a `ConfigError`. Runtime modules never throw
 * `ConfigError`: they receive validated options from `src/config`.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** Turn anything thrown into an Error, keeping the original as `cause`. */
export function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value), { cause: value });
}

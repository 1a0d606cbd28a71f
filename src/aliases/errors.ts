/**
 * Errors raised by the alias engine.
 */

/** Why a command could not be parsed with a format. */
export type AliasParseErrorKind = 'no_match' | 'no_value' | 'invalid_format';

/**
 * A command does not fit a format (`no_match`), nothing could be extracted (`no_value`), or the
 * format is not a valid pattern (`invalid_format`). The message is st2's text.
 */
export class AliasParseError extends Error {
  readonly kind: AliasParseErrorKind;

  constructor(kind: AliasParseErrorKind, message: string) {
    super(message);
    this.name = 'AliasParseError';
    this.kind = kind;
  }
}

/** Which safety limit stopped a match. */
export type AliasLimitKind = 'input_too_long' | 'too_complex';

/**
 * A safety limit stopped the work: the command is longer than the limit, or matching a format
 * needed more steps than the budget allows (a runaway pattern).
 */
export class AliasLimitError extends Error {
  readonly kind: AliasLimitKind;

  constructor(kind: AliasLimitKind, message: string) {
    super(message);
    this.name = 'AliasLimitError';
    this.kind = kind;
  }
}

/** The longest command (in characters) the engine accepts. */
export const MAX_COMMAND_LENGTH = 4096;

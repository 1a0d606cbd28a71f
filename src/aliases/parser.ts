import { AliasParseError } from './errors.js';
import type { AliasParameters } from './types.js';

/** Parse `command` with `format` (st2 semantics). STUB. */
export function parseAliasCommand(format: string | null, command: string | null): AliasParameters {
  throw new AliasParseError('no_match', `Command "${command ?? ''}" doesn't match format string "${format ?? ''}"`);
}

/** Parse every occurrence (match_multiple). STUB. */
export function parseAliasCommandMultiple(
  format: string | null,
  command: string | null,
): AliasParameters[] {
  return [parseAliasCommand(format, command)];
}

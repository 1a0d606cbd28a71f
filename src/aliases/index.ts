/**
 * The alias engine: st2-exact parsing of chat commands with action-alias formats, an indexed
 * matcher, help, suggestions and pack loading. The alias and action types are in
 * `src/stackstorm/model.ts`.
 */
export type { AliasParameters, AliasMatch, HelpPage, HelpOptions } from './types.js';
export {
  AliasParseError,
  AliasLimitError,
  MAX_COMMAND_LENGTH,
  type AliasParseErrorKind,
  type AliasLimitKind,
} from './errors.js';
export { parseAliasCommand, parseAliasCommandMultiple } from './parser.js';
export {
  AliasIndex,
  linearScanMatch,
  createLinearMatcher,
  type AliasIndexOptions,
} from './alias-index.js';
export { listCandidates, type AliasCandidate } from './candidates.js';
export type { AmbiguityRule } from './ambiguity.js';
export { loadPackAliases, packDirs, type LoadedPacks } from './loader.js';
export { lintPacks, lintAliases, type LintFinding, type LintReport } from './lint.js';

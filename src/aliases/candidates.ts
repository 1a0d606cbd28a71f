import type { ActionAlias } from './types.js';

/** One (alias, representation) pair to match, per alias-parser.md §B.1. */
export interface AliasCandidate {
  alias: ActionAlias;
  display: string | null;
  representation: string;
  multiple: boolean;
}

/** The candidates of one alias, in format order. STUB. */
export function listCandidates(alias: ActionAlias): AliasCandidate[] {
  void alias;
  return [];
}

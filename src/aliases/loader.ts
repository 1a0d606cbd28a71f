import type { ActionAlias, ActionMetadata } from './types.js';

/** What {@link loadPackAliases} found. */
export interface LoadedPacks {
  aliases: ActionAlias[];
  actions: ActionMetadata[];
  problems: { file: string; message: string }[];
}

/** Read aliases and action metadata from a packs directory. STUB. */
export function loadPackAliases(packsDir: string): Promise<LoadedPacks> {
  void packsDir;
  return Promise.resolve({ aliases: [], actions: [], problems: [] });
}

import type { ActionAlias, AliasMatch, HelpOptions, HelpPage } from './types.js';

/** Options of {@link AliasIndex}. */
export interface AliasIndexOptions {
  invalidFormats?: 'throw' | 'skip';
}

/** Reference matcher: st2's full scan. STUB. */
export function linearScanMatch(aliases: readonly ActionAlias[], command: string): AliasMatch {
  void aliases;
  return { kind: 'no_match', message: `Command '${command}' matched no patterns` };
}

/** Indexed alias matcher. STUB. */
export class AliasIndex {
  private readonly list: readonly ActionAlias[];
  constructor(aliases: readonly ActionAlias[], options: AliasIndexOptions = {}) {
    void options;
    this.list = [...aliases];
  }
  get size(): number {
    return this.list.length;
  }
  all(): readonly ActionAlias[] {
    return this.list;
  }
  get(ref: string): ActionAlias | undefined {
    return this.list.find((a) => (a.ref ?? `${a.pack}.${a.name}`) === ref);
  }
  match(command: string): AliasMatch {
    return linearScanMatch(this.list, command);
  }
  help(options: HelpOptions = {}): HelpPage {
    void options;
    return { available: 0, groups: [] };
  }
  suggest(command: string, max = 3): { alias: ActionAlias; display: string }[] {
    void command;
    void max;
    return [];
  }
}

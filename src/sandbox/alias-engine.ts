/**
 * Server-side alias matching and parsing with stormbot's alias engine (the same code the bot
 * uses), mapped onto st2's HTTP answers: the three `matched ...` 400s, the parse 400s, and a
 * 500 for a format that is not a valid pattern.
 */
import {
  AliasIndex,
  AliasLimitError,
  AliasParseError,
  parseAliasCommand,
  parseAliasCommandMultiple,
  type AliasParameters,
} from '../aliases/index.js';
import type { Logger } from '../log.js';
import { INTERNAL_SERVER_ERROR, St2HttpError, badRequest } from './errors.js';
import type { Registry } from './registry.js';
import type { AliasRecord } from './types.js';

/** A server-side match (`POST /actionalias/match`). */
export interface ServerMatch {
  alias: AliasRecord;
  /** st2's `display`: the object's display, the string format itself, or null. */
  display: string | null;
  representation: string;
  multiple: boolean;
}

/** The help entries of `GET /actionalias/help`. */
export interface ServerHelp {
  available: number;
  helpstrings: { pack: string; display: string; description?: string }[];
}

/** Every string `format` may name for an alias: string entries and representation entries. */
export function formatStrings(alias: AliasRecord): string[] {
  const out: string[] = [];
  for (const entry of alias.formats) {
    if (typeof entry === 'string') out.push(entry);
    else if (typeof entry.representation === 'string') out.push(entry.representation);
    else if (Array.isArray(entry.representation)) out.push(...entry.representation);
  }
  return out;
}

/** Matching and parsing over the registry's enabled aliases. */
export class AliasEngine {
  private cached: { version: number; index: AliasIndex } | undefined;

  constructor(
    private readonly registry: Registry,
    private readonly logger: Logger,
  ) {}

  /** The candidate (alias, representation) for a command, or st2's 400/500. */
  match(command: string): ServerMatch {
    const result = this.guard(() => this.index().match(command));
    switch (result.kind) {
      case 'match': {
        const alias = this.record(result.alias.id);
        return {
          alias,
          display: result.rawDisplay,
          representation: result.representation,
          multiple: result.multiple,
        };
      }
      case 'no_match':
      case 'ambiguous':
        throw badRequest(result.message);
      case 'disabled':
        throw badRequest(`Command '${command}' matched no patterns`);
    }
  }

  /** Extract the parameters of `command` with `format` (one map, or one per occurrence). */
  parse(format: string, command: string, multiple: boolean): AliasParameters[] {
    return this.guard(() =>
      multiple ? parseAliasCommandMultiple(format, command) : [parseAliasCommand(format, command)],
    );
  }

  /** The help strings, with st2's filter, pack and window semantics. */
  help(options: { filter?: string; pack?: string; limit: number; offset: number }): ServerHelp {
    const page = this.guard(() =>
      this.index().help({
        ...(options.filter !== undefined ? { filter: options.filter } : {}),
        ...(options.pack !== undefined ? { pack: options.pack } : {}),
        strictFilter: true,
        limit: options.limit,
        offset: options.offset,
      }),
    );
    const helpstrings: ServerHelp['helpstrings'] = [];
    for (const group of page.groups) {
      for (const entry of group.entries) {
        const line: ServerHelp['helpstrings'][number] = {
          pack: group.pack,
          display: entry.display,
        };
        if (entry.alias.description !== undefined) line.description = entry.alias.description;
        helpstrings.push(line);
      }
    }
    return { available: page.available, helpstrings };
  }

  /** Run engine code, turning its errors into st2's HTTP answers. */
  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof AliasParseError) {
        if (error.kind === 'invalid_format') {
          // st2 answers a bare 500 here; tell the pack author why.
          this.logger.warn(`sandbox: invalid alias format or help filter: ${error.message}`);
          throw new St2HttpError(500, INTERNAL_SERVER_ERROR);
        }
        throw badRequest(error.message);
      }
      if (error instanceof AliasLimitError) throw badRequest(error.message);
      throw error;
    }
  }

  private index(): AliasIndex {
    const version = this.registry.aliasVersion;
    if (this.cached?.version !== version) {
      const enabled = this.registry.aliases().filter((a) => a.enabled);
      this.cached = { version, index: new AliasIndex(enabled, { invalidFormats: 'throw' }) };
    }
    return this.cached.index;
  }

  private record(id: string | undefined): AliasRecord {
    const alias = id !== undefined ? this.registry.aliasById(id) : undefined;
    if (!alias) throw new St2HttpError(500, INTERNAL_SERVER_ERROR);
    return alias;
  }
}

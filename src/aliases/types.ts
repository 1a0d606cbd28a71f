/**
 * Data types of the alias engine: st2's action-alias object, action metadata, match results and
 * help pages.
 */

/**
 * One element of an alias's `formats`: either a string (both the help text and the pattern) or an
 * object whose `display` is shown in help and whose `representation` strings are matched.
 */
export type AliasFormat =
  | string
  | {
      display?: string | null;
      representation?: string | string[] | null;
      match_multiple?: boolean | null;
    };

/**
 * st2's action-alias object as the API returns it (docs/reference/st2-api.md §3.1). Unknown extra fields are
 * allowed through untouched.
 */
export interface ActionAlias {
  id?: string;
  ref?: string;
  uid?: string;
  name: string;
  pack: string;
  description?: string;
  enabled?: boolean;
  action_ref: string;
  formats: AliasFormat[];
  ack?: { enabled?: boolean; format?: string; append_url?: boolean };
  result?: { enabled?: boolean; format?: string; extra?: Record<string, unknown> };
  extra?: Record<string, unknown>;
  immutable_parameters?: Record<string, unknown>;
  /** Path of the alias file inside its pack (set by the loader). */
  metadata_file?: string;
}

/** Action metadata read from a pack's `actions/*.yaml` (only what the bot needs is typed). */
export interface ActionMetadata {
  name: string;
  pack: string;
  ref: string;
  description?: string;
  runner_type?: string;
  parameters?: Record<
    string,
    {
      type?: string;
      default?: unknown;
      required?: boolean;
      immutable?: boolean;
      description?: string;
    }
  >;
  [k: string]: unknown;
}

/** Parameters extracted from a command: values are strings, or null for unmatched regex groups. */
export type AliasParameters = Record<string, string | null>;

/**
 * The outcome of matching a command against a set of aliases (docs/reference/alias-parser.md §B):
 * - `match`: exactly one candidate matched; `representation` is the matched pattern;
 * - `no_match` / `ambiguous`: st2's refusal, with st2's exact message;
 * - `disabled`: no enabled alias matched, but a disabled one would have.
 */
export type AliasMatch =
  | {
      kind: 'match';
      alias: ActionAlias;
      /** The help text: the object's `display`, else the representation. */
      display: string;
      /** st2's `display` field as the API returns it: null for an object without `display`. */
      rawDisplay: string | null;
      representation: string;
      multiple: boolean;
      /** The parameters (in multi mode, those of the first execution, or `{}` when none). */
      parameters: AliasParameters;
      /** One parameter map per execution: one element, or one per occurrence in multi mode. */
      parametersList: AliasParameters[];
      /** Set when multi-mode extraction failed for a later occurrence (st2 would refuse to run). */
      parametersError?: Error;
    }
  | { kind: 'no_match'; message: string }
  | {
      kind: 'ambiguous';
      message: string;
      candidates: { alias: ActionAlias; representation: string }[];
    }
  | { kind: 'disabled'; alias: ActionAlias; representation: string };

/** One page of alias help, grouped by pack (st2's `/actionalias/help` semantics). */
export interface HelpPage {
  /** How many help entries passed the filters, before paging. */
  available: number;
  groups: {
    pack: string;
    entries: { alias: ActionAlias; display: string; description: string }[];
  }[];
}

/** Options of {@link AliasIndex.help}. */
export interface HelpOptions {
  /** Only this pack (exact name). */
  pack?: string;
  /**
   * Case-insensitive search on the display text, with st2's semantics: a Python regular
   * expression. An invalid expression is searched as plain text (unless `strictFilter`).
   */
  filter?: string;
  /** Throw `AliasParseError` (invalid_format) for an invalid `filter` instead of searching it as text. */
  strictFilter?: boolean;
  /** Page size; 0 or absent means no limit. */
  limit?: number;
  /** Entries to skip. */
  offset?: number;
  /** Keep only the aliases this returns true for (e.g. those the person may run). */
  include?: (a: ActionAlias) => boolean;
}

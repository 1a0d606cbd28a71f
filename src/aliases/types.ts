/**
 * Data types of the alias engine: match results and help pages. The alias and the action
 * themselves are st2's, in `src/stackstorm/model.ts`.
 */
import type { ActionAlias } from '../stackstorm/model.js';

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
      /**
       * The command to send st2 for each element of `parametersList`: the command as typed, or in
       * multi mode the text of each occurrence with the trailing pairs (see `Occurrence`).
       */
      commands: string[];
      /** Set when multi-mode extraction failed for a later occurrence (st2 would refuse to run). */
      parametersError?: Error;
      /**
       * Set when the `longest` ambiguity rule chose this format among several that fit: the
       * others (st2 itself would have refused the command as ambiguous).
       */
      alsoMatched?: { alias: ActionAlias; representation: string }[];
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

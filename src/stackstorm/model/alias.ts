/**
 * st2's action alias (`docs/reference/st2-api.md` §3.1): the object the API returns and pack
 * files declare, with its formats.
 */

/**
 * One element of an alias's `formats`: either a string (both the help text and the pattern) or an
 * object whose `display` is shown in help and whose `representation` strings are matched (st2
 * tolerates a single string); `match_multiple` runs one execution per occurrence.
 */
export type AliasFormat =
  | string
  | {
      display?: string | null;
      representation?: string | string[] | null;
      match_multiple?: boolean | null;
    };

/** st2's action-alias object as the API returns it and pack files declare it. */
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
  ack?: {
    enabled?: boolean;
    format?: string;
    append_url?: boolean;
    extra?: Record<string, unknown>;
  };
  result?: { enabled?: boolean; format?: string; extra?: Record<string, unknown> };
  extra?: Record<string, unknown>;
  immutable_parameters?: Record<string, unknown>;
  /** Path of the alias file inside its pack. */
  metadata_file?: string;
}

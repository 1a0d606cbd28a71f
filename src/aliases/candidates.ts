/**
 * The (alias, representation) candidates st2 matches a command against (docs/reference/alias-parser.md §B.1).
 */
import type { ActionAlias, AliasFormat } from '../stackstorm/model.js';

/** One (alias, representation) pair to match. */
export interface AliasCandidate {
  alias: ActionAlias;
  /** st2's display: the string format, the object's `display`, or null. */
  display: string | null;
  /** The pattern; "" for a display-only object (it matches blank commands). */
  representation: string;
  /** From `match_multiple: true`. */
  multiple: boolean;
}

/** Display text and representations of one format element, as st2 normalises it. */
export function normaliseFormat(f: AliasFormat): {
  display: string | null;
  representations: string[];
  multiple: boolean;
} {
  if (typeof f === 'string') return { display: f, representations: [f], multiple: false };
  // Formats come from YAML or JSON: tolerate anything at run time.
  const raw: unknown = f;
  if (raw === null || typeof raw !== 'object') {
    return { display: null, representations: [], multiple: false };
  }
  const display = typeof f.display === 'string' ? f.display : null;
  const rep = f.representation;
  const representations =
    typeof rep === 'string'
      ? rep === ''
        ? []
        : [rep]
      : Array.isArray(rep)
        ? rep.filter((r): r is string => typeof r === 'string')
        : [];
  return { display, representations, multiple: f.match_multiple === true };
}

/** The candidates of one alias, in format order. */
export function listCandidates(alias: ActionAlias): AliasCandidate[] {
  const out: AliasCandidate[] = [];
  for (const f of Array.isArray(alias.formats) ? alias.formats : []) {
    const { display, representations, multiple } = normaliseFormat(f);
    if (representations.length === 0) {
      if (display) out.push({ alias, display, representation: '', multiple });
    } else {
      for (const representation of representations) {
        out.push({ alias, display, representation, multiple });
      }
    }
  }
  return out;
}

function formatsOf(alias: ActionAlias): unknown[] {
  const formats: unknown = alias.formats;
  return Array.isArray(formats) ? formats : [];
}

function isObject(f: unknown): f is { match_multiple?: unknown } {
  return typeof f === 'object' && f !== null;
}

/** st2's first-pass set: an enabled alias with at least one format not flagged `match_multiple`. */
export function inFirstPass(alias: ActionAlias): boolean {
  return formatsOf(alias).some(
    (f) => typeof f === 'string' || (isObject(f) && f.match_multiple !== true),
  );
}

/** st2's second-pass set: an enabled alias with at least one `match_multiple: true` format. */
export function inSecondPass(alias: ActionAlias): boolean {
  return formatsOf(alias).some((f) => isObject(f) && f.match_multiple === true);
}

/** The alias's `pack.name` reference. */
export function aliasRef(alias: ActionAlias): string {
  return alias.ref ?? `${alias.pack}.${alias.name}`;
}

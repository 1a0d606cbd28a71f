/**
 * Syntax tree of a Python regular expression, shaped like the tree of Python's `sre_parse`
 * (st2's anchor detection walks that tree, so the shapes matter).
 */
import type { SetItem } from './chars.js';

/** Zero-width position assertions. */
export type AtKind =
  'beginning' | 'beginning_string' | 'end' | 'end_string' | 'boundary' | 'non_boundary';

/** One node of a parsed pattern; a sequence is `Node[]` (sre's SubPattern). */
export type Node =
  | { t: 'lit'; cp: number }
  | { t: 'any' }
  | { t: 'in'; negate: boolean; items: SetItem[] }
  | { t: 'at'; at: AtKind }
  | { t: 'branch'; alts: Node[][] }
  | { t: 'group'; gid: number | null; body: Node[] }
  | { t: 'atomic'; body: Node[] }
  | { t: 'assert'; dir: 1 | -1; negate: boolean; body: Node[] }
  | { t: 'repeat'; min: number; max: number; kind: 'greedy' | 'lazy' | 'possessive'; body: Node[] }
  | { t: 'groupref'; gid: number }
  | { t: 'cond'; gid: number; yes: Node[]; no: Node[] | null };

/** Global flags (Python letters). */
export interface PyFlags {
  ignoreCase: boolean;
  multiline: boolean;
  dotAll: boolean;
  verbose: boolean;
  ascii: boolean;
}

/** The result of parsing: the tree, flags and group table. */
export interface ParsedPattern {
  pattern: string;
  seq: Node[];
  flags: PyFlags;
  /** Number of capturing groups (group 0 excluded). */
  groups: number;
  /** Group names in definition order, with their numbers. */
  names: Map<string, number>;
  /** Width [min, max] of each group, by number (index 0 unused). */
  widths: [number, number][];
}

/** Structural equality of two sequences, as Python compares sre tuples. */
export function seqEqual(a: readonly Node[], b: readonly Node[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined || !nodeEqual(x, y)) return false;
  }
  return true;
}

/** Structural equality of two nodes. */
export function nodeEqual(x: Node, y: Node): boolean {
  return JSON.stringify(x) === JSON.stringify(y);
}

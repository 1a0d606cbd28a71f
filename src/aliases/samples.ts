/**
 * Example commands for a format, generated from its regular expression: used by the linter to
 * find formats that overlap (a command st2 would refuse as ambiguous).
 */
import type { CompiledFormat } from './format.js';
import type { Node } from './pyre/index.js';
import { CharSet } from './pyre/chars.js';

const PLACEHOLDER_VALUES = ['x', 'x y'];
const CANDIDATE_CHARS = ['x', 'a', '1', '-', '_', '.', ' ', 'Z', '/', ':'];

function product(lists: string[][], cap: number): string[] {
  let out = [''];
  for (const list of lists) {
    const next: string[] = [];
    for (const prefix of out) {
      for (const s of list) {
        next.push(prefix + s);
        if (next.length >= cap) break;
      }
      if (next.length >= cap) break;
    }
    out = next;
    if (out.length === 0) return [];
  }
  return out;
}

function unitSample(n: Node): string | null {
  if (n.t === 'lit') return String.fromCodePoint(n.cp);
  if (n.t === 'any') return 'x';
  if (n.t !== 'in') return null;
  const set = new CharSet(n.items, n.negate, false, false);
  return CANDIDATE_CHARS.find((c) => set.has(c.codePointAt(0) ?? 0)) ?? null;
}

class Generator {
  constructor(
    private readonly placeholders: ReadonlySet<number>,
    private readonly cap: number,
  ) {}

  seq(nodes: readonly Node[]): string[] {
    return product(
      nodes.map((n) => this.node(n)),
      this.cap,
    );
  }

  node(n: Node): string[] {
    switch (n.t) {
      case 'lit':
      case 'any':
      case 'in': {
        const c = unitSample(n);
        return c === null ? [] : [c];
      }
      case 'at':
      case 'assert':
        return [''];
      case 'branch':
        return [...new Set(n.alts.flatMap((alt) => this.seq(alt)))].slice(0, this.cap);
      case 'group':
        if (n.gid !== null && this.placeholders.has(n.gid)) return PLACEHOLDER_VALUES;
        return this.seq(n.body);
      case 'atomic':
        return this.seq(n.body);
      case 'repeat': {
        const only = n.body.length === 1 ? n.body[0] : undefined;
        const unit = only ? unitSample(only) : null;
        if (unit !== null) return [unit.repeat(n.min)];
        const body = this.seq(n.body);
        const counts = [n.min];
        if (n.min + 1 <= n.max) counts.push(n.min + 1);
        return counts.flatMap((c) =>
          product(
            Array.from({ length: c }, () => body),
            this.cap,
          ),
        );
      }
      case 'groupref':
        return ['x'];
      case 'cond':
        return this.seq(n.yes);
    }
  }
}

/** Up to `cap` example commands the format is meant to accept (not all are guaranteed to match). */
export function sampleCommands(
  cf: CompiledFormat,
  placeholderNames: readonly string[],
  cap = 8,
): string[] {
  const regex = cf.regex;
  const ids = new Set(
    placeholderNames
      .map((name) => regex.names.get(name))
      .filter((g): g is number => g !== undefined),
  );
  const samples = new Generator(ids, cap).seq(regex.parsed.seq);
  return [...new Set(samples.map((s) => s.trim()))];
}

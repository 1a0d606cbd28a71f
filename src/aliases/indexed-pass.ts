/**
 * One of st2's matching passes over an index, and its cheap successor after a small change: the
 * index of the unchanged candidates is kept (the removed ones masked out, never run) and the
 * added candidates, which come after all the others in scan order, get a small index of their
 * own. Past a size, the successor is indexed afresh.
 */
import { CandidateIndex, type FilingMemo } from './candidate-index.js';
import type { AliasLimitError, AliasParseError } from './errors.js';
import type { CompiledCandidate, Hit } from './match-core.js';
import type { PreparedCommand } from './parser.js';
import type { ActionAlias } from '../stackstorm/model.js';

/** A pass: its candidates, how to find those that fit a command, its invalid formats. */
export interface Pass {
  /** Number of candidates. */
  readonly size: number;
  /** The candidates that fit a command, in scan order. */
  hits(cmd: PreparedCommand): Hit[];
  /** Candidates whose format does not compile, in scan order. */
  readonly invalid: readonly CompiledCandidate[];
  /** The first invalid format's error (it aborts the pass, as in st2), or null. */
  readonly error: AliasParseError | AliasLimitError | null;
}

/** The fully indexed candidates a pass starts from. */
interface Base {
  readonly candidates: readonly CompiledCandidate[];
  readonly index: CandidateIndex;
  /** Candidate numbers of each alias. */
  readonly idsOf: ReadonlyMap<ActionAlias, readonly number[]>;
}

function baseOf(candidates: readonly CompiledCandidate[], memo: FilingMemo): Base {
  const idsOf = new Map<ActionAlias, number[]>();
  candidates.forEach((c, id) => {
    const ids = idsOf.get(c.alias);
    if (ids) ids.push(id);
    else idsOf.set(c.alias, [id]);
  });
  return { candidates, index: new CandidateIndex(candidates, memo.file(candidates)), idsOf };
}

/** Added candidates beyond which a successor is indexed afresh: this many, or 1/8 of the base. */
const MAX_ADDED = 1024;

/** A pass through an index: only the candidates filed under the command's words are tried. */
export class IndexedPass implements Pass {
  readonly size: number;
  readonly invalid: readonly CompiledCandidate[];
  readonly error: AliasParseError | AliasLimitError | null;

  private constructor(
    private readonly base: Base,
    /** Base candidates left out (1), or null when none is. */
    private readonly removed: Uint8Array | null,
    private readonly removedCount: number,
    private readonly added: readonly CompiledCandidate[],
    private readonly addedIndex: CandidateIndex | null,
    invalid: readonly CompiledCandidate[],
  ) {
    this.size = base.candidates.length - removedCount + added.length;
    this.invalid = invalid;
    this.error = invalid[0]?.error ?? null;
  }

  /** A pass over `candidates`, indexed with the key choices of `memo`. */
  static of(candidates: readonly CompiledCandidate[], memo: FilingMemo): IndexedPass {
    const invalid = candidates.filter((c) => c.error !== null);
    return new IndexedPass(baseOf(candidates, memo), null, 0, [], null, invalid);
  }

  hits(cmd: PreparedCommand): Hit[] {
    const hits = this.base.index.hits(cmd, this.removed);
    if (this.addedIndex) for (const h of this.addedIndex.hits(cmd)) hits.push(h);
    return hits;
  }

  /** This pass's candidates, in scan order. */
  candidates(): CompiledCandidate[] {
    const removed = this.removed;
    const kept = removed
      ? this.base.candidates.filter((_, id) => removed[id] !== 1)
      : [...this.base.candidates];
    return [...kept, ...this.added];
  }

  /**
   * The pass without the candidates of `gone` (aliases each listed once) and with `added` after
   * all the others.
   */
  next(
    gone: ReadonlySet<ActionAlias>,
    added: readonly CompiledCandidate[],
    memo: FilingMemo,
  ): IndexedPass {
    let removed = this.removed;
    let removedCount = this.removedCount;
    for (const alias of gone) {
      const ids = this.base.idsOf.get(alias);
      if (!ids) continue;
      removed ??= new Uint8Array(this.base.candidates.length);
      if (removed === this.removed) removed = removed.slice();
      for (const id of ids) {
        if (removed[id] !== 1) removedCount++;
        removed[id] = 1;
      }
    }
    const stillAdded = [...this.added.filter((c) => !gone.has(c.alias)), ...added];
    const baseSize = this.base.candidates.length;
    if (
      stillAdded.length > Math.max(MAX_ADDED, baseSize / 8) ||
      removedCount > Math.max(MAX_ADDED, baseSize / 4)
    ) {
      const kept = removed
        ? this.base.candidates.filter((_, id) => removed[id] !== 1)
        : this.base.candidates;
      return IndexedPass.of([...kept, ...stillAdded], memo);
    }
    const addedIndex =
      stillAdded.length > 0 ? new CandidateIndex(stillAdded, memo.file(stillAdded)) : null;
    const invalid = [
      ...this.invalid.filter((c) => !gone.has(c.alias)),
      ...added.filter((c) => c.error !== null),
    ];
    return new IndexedPass(this.base, removed, removedCount, stillAdded, addedIndex, invalid);
  }
}

/**
 * The alias index: st2's matching rules (docs/reference/alias-parser.md §B.2) with formats filed by their
 * leading literal words, so a command is only tried against formats that could match it.
 */
import { settleAmbiguity, type AmbiguityRule } from './ambiguity.js';
import { FilingMemo } from './candidate-index.js';
import { IndexedPass, type Pass } from './indexed-pass.js';
import { aliasRef, inFirstPass, inSecondPass } from './candidates.js';
import { buildHelp } from './help.js';
import {
  compileCandidates,
  evaluateWhole,
  matchResult,
  noMatch,
  type CompiledCandidate,
  type Hit,
} from './match-core.js';
import { prepareCommand, type PreparedCommand } from './parser.js';
import { Suggester } from './suggest.js';
import type { ActionAlias } from '../stackstorm/model.js';
import type { AliasMatch, HelpOptions, HelpPage } from './types.js';

/** Options of {@link AliasIndex}. */
export interface AliasIndexOptions {
  /**
   * What an invalid format does. `throw` (default, st2's behaviour): every match that reaches
   * the pass containing it throws its `AliasParseError`, as st2 answers 500. `skip`: the format is
   * ignored (see {@link AliasIndex.problems}).
   */
  invalidFormats?: 'throw' | 'skip';
  /**
   * What several fitting formats do: `refuse` (default, st2's rule) gives `ambiguous`; `longest`
   * (`matching.ambiguous`) matches the longest of them (`ambiguity.ts`).
   */
  ambiguous?: AmbiguityRule;
}

/** Everything needed to run st2's two passes over one set of aliases. */
interface Passes<P extends Pass = Pass> {
  first: P;
  second: P;
}

/** A pass that tries st2's whole expression of every valid candidate, in order. */
function fullScanPass(all: CompiledCandidate[]): Pass {
  const valid = all.filter((c) => c.error === null);
  const invalid = all.filter((c) => c.error !== null);
  return {
    size: all.length,
    hits: (cmd) => evaluateWhole(valid, cmd),
    invalid,
    error: invalid[0]?.error ?? null,
  };
}

const NO_HITS: Hit[] = [];

/** st2's two passes. Invalid formats in a pass abort it, as st2's uncaught regex error does. */
function runPass(ps: Pass, cmd: PreparedCommand, skipInvalid: boolean): Hit[] {
  if (ps.error && !skipInvalid) throw ps.error;
  if (ps.size === 0) return NO_HITS;
  return ps.hits(cmd);
}

function runPasses(
  p: Passes,
  cmd: PreparedCommand,
  skipInvalid: boolean,
  rule: AmbiguityRule = 'refuse',
): AliasMatch {
  const hits1 = runPass(p.first, cmd, skipInvalid);
  if (hits1.length > 1) return settleAmbiguity(cmd, hits1, false, rule);
  const one = hits1[0];
  if (one) return matchResult(one, cmd);
  const hits2 = runPass(p.second, cmd, skipInvalid);
  if (hits2.length > 1) return settleAmbiguity(cmd, hits2, true, rule);
  const two = hits2[0];
  if (two) return matchResult(two, cmd);
  return noMatch(cmd.original);
}

function splitPasses(
  aliases: readonly ActionAlias[],
  wanted: (a: ActionAlias) => boolean = (a) => a.enabled !== false,
  known?: ReadonlyMap<ActionAlias, readonly CompiledCandidate[]>,
): {
  first: CompiledCandidate[];
  second: CompiledCandidate[];
  byAlias: Map<ActionAlias, CompiledCandidate[]>;
} {
  const enabled = aliases.filter(wanted);
  // Ordinals follow the alias order, so both passes sort the same way as a full scan.
  const all = compileCandidates(enabled, 0, known);
  const byAlias = new Map<ActionAlias, CompiledCandidate[]>();
  for (const c of all) {
    const list = byAlias.get(c.alias);
    if (list) list.push(c);
    else byAlias.set(c.alias, [c]);
  }
  const pick = (test: (a: ActionAlias) => boolean): CompiledCandidate[] =>
    enabled.filter(test).flatMap((a) => byAlias.get(a) ?? []);
  return { first: pick(inFirstPass), second: pick(inSecondPass), byAlias };
}

/**
 * The `pack.name` map of `list` (`prev`'s list minus `gone`, then `added`), the first alias
 * listed winning, computed from `prev`'s.
 */
function nextByRef(
  prev: ReadonlyMap<string, ActionAlias>,
  prevListed: number,
  gone: ReadonlySet<ActionAlias>,
  added: readonly ActionAlias[],
  list: readonly ActionAlias[],
): Map<string, ActionAlias> {
  const byRef = new Map(prev);
  const lost = new Set<string>();
  for (const a of gone) {
    const ref = aliasRef(a);
    if (byRef.get(ref) === a) {
      byRef.delete(ref);
      lost.add(ref);
    }
  }
  if (lost.size > 0 && prevListed !== prev.size) {
    // A removed alias was the one named so, and names were listed twice: the next one listed
    // with that name takes its place.
    for (const a of list) {
      const ref = aliasRef(a);
      if (lost.has(ref) && !byRef.has(ref)) byRef.set(ref, a);
    }
  }
  for (const a of added) if (!byRef.has(aliasRef(a))) byRef.set(aliasRef(a), a);
  return byRef;
}

/**
 * Reference implementation: st2's full scan over every format of every enabled alias (what
 * st2's `/actionalias/match` and hubot do): each format's whole expression is searched in the
 * command, with no index and no shortcut. Same answers as {@link AliasIndex.match}, slower.
 */
export function linearScanMatch(aliases: readonly ActionAlias[], command: string): AliasMatch {
  return createLinearMatcher(aliases)(command);
}

/**
 * {@link linearScanMatch} with the formats compiled once: the plain full-scan baseline for
 * benchmarks. Every format's compiled expression is searched for every command, in order, as
 * hubot-stackstorm tests its one regular expression per format; nothing is skipped.
 */
export function createLinearMatcher(
  aliases: readonly ActionAlias[],
): (command: string) => AliasMatch {
  const { first, second } = splitPasses(aliases);
  const passes: Passes = { first: fullScanPass(first), second: fullScanPass(second) };
  return (command) => runPasses(passes, prepareCommand(command), false);
}

/** The aliases an index was built from, and what a successor can reuse of it. */
interface Lineage {
  /** Each alias's compiled candidates. */
  compiled: ReadonlyMap<ActionAlias, readonly CompiledCandidate[]>;
  /** Key choices, shared with the indexes built from this one. */
  memo: FilingMemo;
  /** Whether some alias object is listed twice (successors are then indexed afresh). */
  repeats: boolean;
}

/** How `next` differs from `prev`: `prev` minus `gone`, then `added` (null: not that shape). */
function diff(
  prev: readonly ActionAlias[],
  next: readonly ActionAlias[],
): { gone: Set<ActionAlias>; added: ActionAlias[] } | null {
  const gone = new Set<ActionAlias>();
  let j = 0;
  for (const a of prev) {
    if (next[j] === a) j++;
    else gone.add(a);
  }
  const added = next.slice(j);
  return new Set(next).size === next.length ? { gone, added } : null;
}

/**
 * An immutable set of aliases, indexed for matching, with help and suggestions. Build a new
 * index when the aliases change ({@link update} reuses this one's work).
 */
export class AliasIndex {
  private readonly list: readonly ActionAlias[];
  private readonly byRef: Map<string, ActionAlias>;
  private readonly passes: Passes<IndexedPass>;
  private readonly disabledPasses: Passes<IndexedPass>;
  private readonly skipInvalid: boolean;
  private suggester: Suggester | undefined;
  private invalid: { alias: ActionAlias; representation: string; error: Error }[] | undefined;
  private readonly lineage: Lineage;

  /**
   * Index `aliases`. With `reuse`, an index of mostly the same aliases, its compiled formats and
   * index are reused (same answers, less work): what {@link update} does.
   */
  constructor(
    aliases: readonly ActionAlias[],
    private readonly options: AliasIndexOptions = {},
    reuse?: AliasIndex,
  ) {
    this.list = [...aliases];
    this.skipInvalid = options.invalidFormats === 'skip';
    const change = reuse && !reuse.lineage.repeats ? diff(reuse.list, this.list) : null;
    if (reuse && change) {
      this.byRef = nextByRef(reuse.byRef, reuse.list.length, change.gone, change.added, this.list);
      const enabled = splitPasses(change.added, undefined, reuse.lineage.compiled);
      const disabled = splitPasses(
        change.added,
        (a) => a.enabled === false,
        reuse.lineage.compiled,
      );
      const compiled = new Map(reuse.lineage.compiled);
      for (const a of change.gone) compiled.delete(a);
      for (const [a, cs] of [...enabled.byAlias, ...disabled.byAlias]) compiled.set(a, cs);
      const memo = reuse.lineage.memo.forNext(reuse.candidateCount());
      const step = (p: IndexedPass, added: CompiledCandidate[]): IndexedPass =>
        p.next(change.gone, added, memo);
      this.passes = {
        first: step(reuse.passes.first, enabled.first),
        second: step(reuse.passes.second, enabled.second),
      };
      this.disabledPasses = {
        first: step(reuse.disabledPasses.first, disabled.first),
        second: step(reuse.disabledPasses.second, disabled.second),
      };
      this.lineage = { compiled, memo, repeats: false };
      return;
    }
    this.byRef = new Map();
    for (const a of this.list) if (!this.byRef.has(aliasRef(a))) this.byRef.set(aliasRef(a), a);
    const known = reuse?.lineage.compiled;
    const enabled = splitPasses(this.list, undefined, known);
    const disabled = splitPasses(this.list, (a) => a.enabled === false, known);
    const compiled = enabled.byAlias;
    for (const [a, cs] of disabled.byAlias) compiled.set(a, cs);
    const memo = reuse
      ? reuse.lineage.memo.forNext(
          enabled.first.length +
            enabled.second.length +
            disabled.first.length +
            disabled.second.length,
        )
      : new FilingMemo();
    this.passes = {
      first: IndexedPass.of(enabled.first, memo),
      second: IndexedPass.of(enabled.second, memo),
    };
    this.disabledPasses = {
      first: IndexedPass.of(disabled.first, memo),
      second: IndexedPass.of(disabled.second, memo),
    };
    this.lineage = {
      compiled,
      memo,
      repeats: new Set(this.list).size !== this.list.length,
    };
  }

  /**
   * A new index with `upsert` added or replacing the alias of the same `pack.name` (or id), and
   * the aliases whose `pack.name` is in `remove` left out; this index is unchanged (matches in
   * flight keep using it). The order of the others is kept; upserted aliases go last. Costs in
   * proportion to the change, not to the number of aliases.
   */
  update(change: {
    readonly upsert?: readonly ActionAlias[];
    readonly remove?: readonly string[];
  }): AliasIndex {
    const upsert = change.upsert ?? [];
    const gone = new Set([...(change.remove ?? []), ...upsert.map(aliasRef)]);
    const ids = new Set(upsert.flatMap((a) => (a.id ? [a.id] : [])));
    const kept = this.list.filter((a) => !gone.has(aliasRef(a)) && !(a.id && ids.has(a.id)));
    return new AliasIndex([...kept, ...upsert], this.options, this);
  }

  /** Candidates in the passes (a candidate in both passes counts twice). */
  private candidateCount(): number {
    const { passes: p, disabledPasses: d } = this;
    return p.first.size + p.second.size + d.first.size + d.second.size;
  }

  /** Number of aliases (enabled or not). */
  get size(): number {
    return this.list.length;
  }

  /** All aliases, in the order given. */
  all(): readonly ActionAlias[] {
    return this.list;
  }

  /** An alias by its `pack.name` reference. */
  get(ref: string): ActionAlias | undefined {
    return this.byRef.get(ref);
  }

  /** Enabled aliases' formats that do not compile (each also makes `match` throw, unless skipped). */
  problems(): readonly { alias: ActionAlias; representation: string; error: Error }[] {
    this.invalid ??= [...this.passes.first.invalid, ...this.passes.second.invalid]
      .filter((c, i, arr) => arr.indexOf(c) === i)
      .map((c) => ({ alias: c.alias, representation: c.representation, error: c.error as Error }));
    return this.invalid;
  }

  /**
   * Match a command with st2's rules: one candidate → `match`; several → `ambiguous` (or, with
   * `ambiguous: 'longest'`, the longest as a `match` with `alsoMatched`); none →
   * `disabled` when a disabled alias would have matched, else `no_match`. Throws
   * `AliasLimitError` for an over-long command or a runaway match, and `AliasParseError`
   * (invalid_format) when a pass contains an invalid format (unless `invalidFormats: 'skip'`).
   */
  match(command: string): AliasMatch {
    const cmd = prepareCommand(command);
    const result = runPasses(this.passes, cmd, this.skipInvalid, this.options.ambiguous);
    if (
      result.kind !== 'no_match' ||
      this.disabledPasses.first.size + this.disabledPasses.second.size === 0
    ) {
      return result;
    }
    const disabled = runPasses(this.disabledPasses, cmd, true);
    const hit =
      disabled.kind === 'match'
        ? disabled
        : disabled.kind === 'ambiguous'
          ? disabled.candidates[0]
          : undefined;
    return hit
      ? { kind: 'disabled', alias: hit.alias, representation: hit.representation }
      : result;
  }

  /** Help entries grouped by pack, with st2's filter and paging rules (docs/reference/st2-api.md §3.4). */
  help(options: HelpOptions = {}): HelpPage {
    return buildHelp(this.list, options);
  }

  /** For a command that matched nothing: up to `max` close formats (default 3). */
  suggest(command: string, max = 3): { alias: ActionAlias; display: string }[] {
    this.suggester ??= new Suggester(this.list);
    return this.suggester.suggest(command, max);
  }
}

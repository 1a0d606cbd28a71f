/**
 * The alias index: st2's matching rules (docs/reference/alias-parser.md §B.2) with formats filed by their
 * leading literal words, so a command is only tried against formats that could match it.
 */
import { settleAmbiguity, type AmbiguityRule } from './ambiguity.js';
import { CandidateIndex } from './candidate-index.js';
import { aliasRef, inFirstPass, inSecondPass } from './candidates.js';
import { AliasLimitError, AliasParseError } from './errors.js';
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

/** One of st2's passes: its candidates, how to find the relevant ones, its first invalid format. */
interface Pass {
  all: CompiledCandidate[];
  /** The candidates that fit a command, in scan order. */
  hits: (cmd: PreparedCommand) => Hit[];
  error: AliasParseError | AliasLimitError | null;
}

/** Everything needed to run st2's two passes over one set of aliases. */
interface Passes {
  first: Pass;
  second: Pass;
}

/** A pass through the index: only the candidates filed under the command's words are tried. */
function indexedPass(all: CompiledCandidate[]): Pass {
  const index = new CandidateIndex(all);
  return {
    all,
    hits: (cmd) => index.hits(cmd),
    error: all.find((c) => c.error !== null)?.error ?? null,
  };
}

/** A pass that tries st2's whole expression of every valid candidate, in order. */
function fullScanPass(all: CompiledCandidate[]): Pass {
  const valid = all.filter((c) => c.error === null);
  return {
    all,
    hits: (cmd) => evaluateWhole(valid, cmd),
    error: all.find((c) => c.error !== null)?.error ?? null,
  };
}

const NO_HITS: Hit[] = [];

/** st2's two passes. Invalid formats in a pass abort it, as st2's uncaught regex error does. */
function runPass(ps: Pass, cmd: PreparedCommand, skipInvalid: boolean): Hit[] {
  if (ps.error && !skipInvalid) throw ps.error;
  if (ps.all.length === 0) return NO_HITS;
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
): {
  first: CompiledCandidate[];
  second: CompiledCandidate[];
} {
  const enabled = aliases.filter(wanted);
  // Ordinals follow the alias order, so both passes sort the same way as a full scan.
  const all = compileCandidates(enabled);
  const byAlias = new Map<ActionAlias, CompiledCandidate[]>();
  for (const c of all) {
    const list = byAlias.get(c.alias);
    if (list) list.push(c);
    else byAlias.set(c.alias, [c]);
  }
  const pick = (test: (a: ActionAlias) => boolean): CompiledCandidate[] =>
    enabled.filter(test).flatMap((a) => byAlias.get(a) ?? []);
  return { first: pick(inFirstPass), second: pick(inSecondPass) };
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

/**
 * An immutable set of aliases, indexed for matching, with help and suggestions. Build a new
 * index when the aliases change.
 */
export class AliasIndex {
  private readonly list: readonly ActionAlias[];
  private readonly byRef = new Map<string, ActionAlias>();
  private readonly passes: Passes;
  private readonly disabledPasses: Passes;
  private readonly skipInvalid: boolean;
  private suggester: Suggester | undefined;
  private readonly invalid: { alias: ActionAlias; representation: string; error: Error }[];

  constructor(
    aliases: readonly ActionAlias[],
    private readonly options: AliasIndexOptions = {},
  ) {
    this.list = [...aliases];
    this.skipInvalid = options.invalidFormats === 'skip';
    for (const a of this.list) if (!this.byRef.has(aliasRef(a))) this.byRef.set(aliasRef(a), a);
    const { first, second } = splitPasses(this.list);
    this.passes = { first: indexedPass(first), second: indexedPass(second) };
    const disabled = splitPasses(this.list, (a) => a.enabled === false);
    this.disabledPasses = {
      first: indexedPass(disabled.first),
      second: indexedPass(disabled.second),
    };
    this.invalid = [...first, ...second]
      .filter((c, i, arr) => c.error !== null && arr.indexOf(c) === i)
      .map((c) => ({ alias: c.alias, representation: c.representation, error: c.error as Error }));
  }

  /**
   * A new index with `upsert` added or replacing the alias of the same `pack.name` (or id), and
   * the aliases whose `pack.name` is in `remove` left out; this index is unchanged (matches in
   * flight keep using it). The order of the others is kept; upserted aliases go last.
   */
  update(change: {
    readonly upsert?: readonly ActionAlias[];
    readonly remove?: readonly string[];
  }): AliasIndex {
    const upsert = change.upsert ?? [];
    const gone = new Set([...(change.remove ?? []), ...upsert.map(aliasRef)]);
    const ids = new Set(upsert.flatMap((a) => (a.id ? [a.id] : [])));
    const kept = this.list.filter((a) => !gone.has(aliasRef(a)) && !(a.id && ids.has(a.id)));
    return new AliasIndex([...kept, ...upsert], this.options);
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
      this.disabledPasses.first.all.length + this.disabledPasses.second.all.length === 0
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

/**
 * The selection rules shared by the index and the linear scan (docs/reference/alias-parser.md §B.2).
 */
import { listCandidates, type AliasCandidate } from './candidates.js';
import { AliasLimitError, AliasParseError } from './errors.js';
import { compileFormatCached, type CompiledFormat, type FastPath } from './format.js';
import { buildResult, extractOccurrences, searchWhole, type PreparedCommand } from './parser.js';
import type { ActionAlias } from '../stackstorm/model.js';
import type { AliasMatch, AliasParameters } from './types.js';

/** A candidate with its compiled format (or the error compiling it) and its position. */
export interface CompiledCandidate extends AliasCandidate {
  ordinal: number;
  compiled: CompiledFormat | null;
  error: AliasParseError | AliasLimitError | null;
  /** `compiled.fast` (the literal-prefix shortcut), or null. */
  fast: FastPath | null;
}

/** A candidate object; every one is built here, so they all share one hidden class. */
function candidateOf(
  alias: ActionAlias,
  display: string | null,
  representation: string,
  multiple: boolean,
  ordinal: number,
  compiled: CompiledFormat | null,
  error: CompiledCandidate['error'],
): CompiledCandidate {
  const fast = compiled?.fast ?? null;
  return { alias, display, representation, multiple, ordinal, compiled, error, fast };
}

/** A fresh copy of a candidate (the index lays its copies out next to each other). */
export function copyCandidate(c: CompiledCandidate): CompiledCandidate {
  return candidateOf(
    c.alias,
    c.display,
    c.representation,
    c.multiple,
    c.ordinal,
    c.compiled,
    c.error,
  );
}

/**
 * Compile the candidates of a list of aliases, numbering them in order. `known` gives the
 * candidates already compiled for an alias (an index rebuilt after a change reuses them).
 */
export function compileCandidates(
  aliases: readonly ActionAlias[],
  start = 0,
  known?: ReadonlyMap<ActionAlias, readonly CompiledCandidate[]>,
): CompiledCandidate[] {
  const out: CompiledCandidate[] = [];
  let ordinal = start;
  for (const alias of aliases) {
    const before = known?.get(alias);
    if (before) {
      for (const c of before) {
        out.push(
          candidateOf(
            alias,
            c.display,
            c.representation,
            c.multiple,
            ordinal++,
            c.compiled,
            c.error,
          ),
        );
      }
      continue;
    }
    for (const c of listCandidates(alias)) {
      let compiled: CompiledFormat | null = null;
      let error: CompiledCandidate['error'] = null;
      try {
        compiled = compileFormatCached(c.representation);
      } catch (e) {
        if (e instanceof AliasParseError || e instanceof AliasLimitError) error = e;
        else throw e;
      }
      out.push(
        candidateOf(c.alias, c.display, c.representation, c.multiple, ordinal++, compiled, error),
      );
    }
  }
  return out;
}

/** A candidate that fits the command, with its single-mode parameters. */
export interface Hit {
  candidate: CompiledCandidate;
  /** The candidate's alias and representation (what a refusal names), read without it. */
  alias: ActionAlias;
  representation: string;
  parameters: AliasParameters;
}

/**
 * Try candidates in single mode the way st2 does, for the reference scan: search every
 * candidate's whole expression in the command, in order (no shortcut, no sharing). Those that
 * raise neither no_match nor no_value are hits.
 */
export function evaluateWhole(
  candidates: readonly CompiledCandidate[],
  cmd: PreparedCommand,
): Hit[] {
  const hits: Hit[] = [];
  for (const candidate of candidates) {
    const cf = candidate.compiled;
    if (!cf) continue;
    const slots = searchWhole(cf, cmd);
    if (!slots) continue;
    const parameters = buildResult(cf, slots, cmd);
    if (typeof parameters !== 'string') {
      const { alias, representation } = candidate;
      hits.push({ candidate, alias, representation, parameters });
    }
  }
  return hits;
}

/** The match result for exactly one hit. */
export function matchResult(hit: Hit, cmd: PreparedCommand): AliasMatch {
  const c = hit.candidate;
  let parametersList: AliasParameters[] = [hit.parameters];
  let commands = [cmd.original];
  let parametersError: Error | undefined;
  if (c.multiple && c.compiled) {
    try {
      const occurrences = extractOccurrences(c.compiled, cmd);
      parametersList = occurrences.map((o) => o.parameters);
      commands = occurrences.map((o) => o.command);
    } catch (e) {
      if (!(e instanceof AliasParseError || e instanceof AliasLimitError)) throw e;
      parametersError = e;
      parametersList = [];
      commands = [];
    }
  }
  const result: Extract<AliasMatch, { kind: 'match' }> = {
    kind: 'match',
    alias: c.alias,
    display: c.display ?? c.representation,
    rawDisplay: c.display,
    representation: c.representation,
    multiple: c.multiple,
    parameters: parametersList[0] ?? hit.parameters,
    parametersList,
    commands,
  };
  if (parametersError) result.parametersError = parametersError;
  return result;
}

/** st2's refusal for several hits. */
export function ambiguous(command: string, hits: readonly Hit[], multi: boolean): AliasMatch {
  return {
    kind: 'ambiguous',
    message: `Command '${command}' matched more than 1 ${multi ? '(multi) ' : ''}pattern`,
    candidates: hits.map((h) => ({ alias: h.alias, representation: h.representation })),
  };
}

/** st2's refusal for no hit. */
export function noMatch(command: string): AliasMatch {
  return { kind: 'no_match', message: `Command '${command}' matched no patterns` };
}

/**
 * The selection rules shared by the index and the linear scan (alias-parser.md §B.2).
 */
import { listCandidates, type AliasCandidate } from './candidates.js';
import { AliasLimitError, AliasParseError } from './errors.js';
import { compileFormatCached, type CompiledFormat } from './format.js';
import { extractMultiple, trySingle, type PreparedCommand } from './parser.js';
import type { AliasMatch, AliasParameters } from './types.js';

/** A candidate with its compiled format (or the error compiling it) and its position. */
export interface CompiledCandidate extends AliasCandidate {
  ordinal: number;
  compiled: CompiledFormat | null;
  error: AliasParseError | AliasLimitError | null;
}

/** Compile the candidates of a list of aliases, numbering them in order. */
export function compileCandidates(
  aliases: readonly import('./types.js').ActionAlias[],
  start = 0,
): CompiledCandidate[] {
  const out: CompiledCandidate[] = [];
  let ordinal = start;
  for (const alias of aliases) {
    for (const c of listCandidates(alias)) {
      let compiled: CompiledFormat | null = null;
      let error: CompiledCandidate['error'] = null;
      try {
        compiled = compileFormatCached(c.representation);
      } catch (e) {
        if (e instanceof AliasParseError || e instanceof AliasLimitError) error = e;
        else throw e;
      }
      out.push({ ...c, ordinal: ordinal++, compiled, error });
    }
  }
  return out;
}

/** A candidate that fits the command, with its single-mode parameters. */
export interface Hit {
  candidate: CompiledCandidate;
  parameters: AliasParameters;
}

/** Try candidates in single mode: those that raise neither no_match nor no_value are hits. */
export function evaluate(candidates: readonly CompiledCandidate[], cmd: PreparedCommand): Hit[] {
  const hits: Hit[] = [];
  for (const candidate of candidates) {
    if (!candidate.compiled) continue;
    const r = trySingle(candidate.compiled, cmd);
    if (typeof r !== 'string') hits.push({ candidate, parameters: r });
  }
  return hits;
}

/** The match result for exactly one hit. */
export function matchResult(hit: Hit, cmd: PreparedCommand): AliasMatch {
  const c = hit.candidate;
  let parametersList: AliasParameters[] = [hit.parameters];
  let parametersError: Error | undefined;
  if (c.multiple && c.compiled) {
    try {
      parametersList = extractMultiple(c.compiled, cmd);
    } catch (e) {
      if (!(e instanceof AliasParseError || e instanceof AliasLimitError)) throw e;
      parametersError = e;
      parametersList = [];
    }
  }
  return {
    kind: 'match',
    alias: c.alias,
    display: c.display ?? c.representation,
    rawDisplay: c.display,
    representation: c.representation,
    multiple: c.multiple,
    parameters: parametersList[0] ?? hit.parameters,
    parametersList,
    ...(parametersError ? { parametersError } : {}),
  };
}

/** st2's refusal for several hits. */
export function ambiguous(command: string, hits: readonly Hit[], multi: boolean): AliasMatch {
  return {
    kind: 'ambiguous',
    message: `Command '${command}' matched more than 1 ${multi ? '(multi) ' : ''}pattern`,
    candidates: hits.map((h) => ({
      alias: h.candidate.alias,
      representation: h.candidate.representation,
    })),
  };
}

/** st2's refusal for no hit. */
export function noMatch(command: string): AliasMatch {
  return { kind: 'no_match', message: `Command '${command}' matched no patterns` };
}

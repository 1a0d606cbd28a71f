/**
 * What happens when several formats fit one command. st2 refuses (`refuse`, the default);
 * `longest` (`matching.ambiguous: longest`) runs the longest fitting format instead, the rule
 * hubot-stackstorm users relied on (docs/reference/hubot-stackstorm.md §2).
 */
import { ambiguous, matchResult, type Hit } from './match-core.js';
import type { PreparedCommand } from './parser.js';
import type { AliasMatch } from './types.js';

/** `refuse`: st2's "matched more than 1 pattern"; `longest`: the longest format wins. */
export type AmbiguityRule = 'refuse' | 'longest';

/**
 * The hit whose format (the representation as written) is longest; among equally long ones the
 * first in the index's order (the aliases in the order given, then each alias's formats in
 * order), which is the one hubot-stackstorm's first-match scan took.
 */
export function longestHit(hits: readonly Hit[]): Hit | undefined {
  let best: Hit | undefined;
  for (const hit of hits) {
    if (
      !best ||
      hit.representation.length > best.representation.length ||
      (hit.representation.length === best.representation.length &&
        hit.candidate.ordinal < best.candidate.ordinal)
    ) {
      best = hit;
    }
  }
  return best;
}

/** The result for several hits under `rule` (`multi`: the `match_multiple` pass). */
export function settleAmbiguity(
  cmd: PreparedCommand,
  hits: readonly Hit[],
  multi: boolean,
  rule: AmbiguityRule,
): AliasMatch {
  const winner = rule === 'longest' ? longestHit(hits) : undefined;
  if (!winner) return ambiguous(cmd.original, hits, multi);
  const result = matchResult(winner, cmd);
  if (result.kind === 'match') {
    result.alsoMatched = hits
      .filter((h) => h !== winner)
      .map((h) => ({ alias: h.alias, representation: h.representation }));
  }
  return result;
}

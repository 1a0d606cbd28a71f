/**
 * The oracle of the index property tests: the linear reference scan's answer for a command.
 */
import assert from 'node:assert/strict';
import {
  AliasIndex,
  AliasParseError,
  parseAliasCommand,
  linearScanMatch,
  type AliasMatch,
} from '../../src/aliases/index.js';
import type { ActionAlias, AliasFormat } from '../../src/stackstorm/model.js';

/** A match result in comparable form (aliases by position, errors by message). */
export function summary(aliases: readonly ActionAlias[], run: () => AliasMatch): unknown {
  const name = (a: ActionAlias): number => aliases.indexOf(a);
  try {
    const r = run();
    switch (r.kind) {
      case 'match':
        return { ...r, alias: name(r.alias), parametersError: r.parametersError?.message };
      case 'ambiguous':
        return { ...r, candidates: r.candidates.map((c) => [name(c.alias), c.representation]) };
      case 'disabled':
        return { kind: r.kind, representation: r.representation, alias: name(r.alias) };
      case 'no_match':
        return r;
    }
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function compiles(format: string): boolean {
  try {
    parseAliasCommand(format, '');
    return true;
  } catch (e) {
    return !(e instanceof AliasParseError && e.kind === 'invalid_format');
  }
}

/** The format without its representations that do not compile (disabled aliases skip those). */
function validOnly(f: AliasFormat): AliasFormat[] {
  if (typeof f === 'string') return compiles(f) ? [f] : [];
  const reps = [f.representation ?? []].flat();
  if (reps.length === 0) return [f];
  const ok = reps.filter(compiles);
  return ok.length > 0 ? [{ ...f, representation: ok }] : [];
}

/** The index answers like the scan, except that it reports a disabled alias where the scan finds none. */
export function sameAnswer(
  aliases: readonly ActionAlias[],
  index: AliasIndex,
  command: string,
): void {
  const fromIndex = summary(aliases, () => index.match(command)) as { kind?: string };
  const fromScan = summary(aliases, () => linearScanMatch(aliases, command)) as { kind?: string };
  if (fromIndex.kind === 'disabled') {
    assert.equal(fromScan.kind, 'no_match', `command ${JSON.stringify(command)}`);
    const onlyDisabled = aliases
      .filter((a) => a.enabled === false)
      .map((a) => ({ ...a, enabled: true, formats: a.formats.flatMap(validOnly) }));
    const wouldMatch = summary(onlyDisabled, () => linearScanMatch(onlyDisabled, command)) as {
      kind?: string;
    };
    assert.ok(wouldMatch.kind === 'match' || wouldMatch.kind === 'ambiguous');
  } else {
    assert.deepEqual(fromIndex, fromScan, `command ${JSON.stringify(command)}`);
  }
}

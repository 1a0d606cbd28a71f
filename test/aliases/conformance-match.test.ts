import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { AliasIndex, linearScanMatch, type AliasMatch } from '../../src/aliases/index.js';
import type { ActionAlias, AliasFormat } from '../../src/stackstorm/model.js';

interface MatchCase {
  set: string;
  aliases: AliasFormat[][];
  command: string;
  expected_match: number | null;
  expected_representation?: string;
  expected_display?: string | null;
  match_multiple?: boolean;
  expected_params?: Record<string, string | null> | Record<string, string | null>[];
  error: null | 'no_match' | 'ambiguous' | 'ambiguous_multi';
  faultstring?: string;
  matched_count?: number;
}

const file = fileURLToPath(
  new URL('../fixtures/conformance/alias-match-cases.json', import.meta.url),
);
const cases = JSON.parse(readFileSync(file, 'utf8')) as MatchCase[];

function check(c: MatchCase, aliases: ActionAlias[], r: AliasMatch): void {
  if (c.error) {
    assert.notEqual(r.kind, 'match');
    if (r.kind === 'no_match') {
      assert.equal(c.error, 'no_match');
      assert.equal(r.message, c.faultstring);
    } else {
      assert.equal(r.kind, 'ambiguous');
      assert.equal(r.message, c.faultstring);
      assert.equal(r.candidates.length, c.matched_count);
    }
    return;
  }
  assert.equal(r.kind, 'match', JSON.stringify(r));
  assert.equal(r.alias, aliases[c.expected_match ?? -1]);
  assert.equal(r.representation, c.expected_representation);
  assert.equal(r.rawDisplay, c.expected_display);
  assert.equal(r.multiple, c.match_multiple);
  if (c.match_multiple)
    assert.deepEqual(
      r.parametersList.map((p) => ({ ...p })),
      c.expected_params,
    );
  else assert.deepEqual({ ...r.parameters }, c.expected_params);
}

describe('alias-match-cases.json (st2 matcher oracle)', () => {
  test('the oracle file has cases', () => {
    assert.ok(cases.length > 50);
  });
  cases.forEach((c, i) => {
    const aliases: ActionAlias[] = c.aliases.map((formats, k) => ({
      name: `alias${k}`,
      pack: 'oracle',
      action_ref: 'oracle.action',
      formats,
    }));
    test(`#${i} [${c.set}] ${JSON.stringify(c.command)}: index`, () => {
      check(c, aliases, new AliasIndex(aliases).match(c.command));
    });
    test(`#${i} [${c.set}] ${JSON.stringify(c.command)}: linear scan`, () => {
      check(c, aliases, linearScanMatch(aliases, c.command));
    });
  });
});

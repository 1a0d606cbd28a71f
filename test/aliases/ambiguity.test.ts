import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AliasIndex } from '../../src/aliases/index.js';
import type { AliasMatch } from '../../src/aliases/index.js';
import type { ActionAlias } from '../../src/stackstorm/model.js';

function alias(name: string, formats: ActionAlias['formats']): ActionAlias {
  return { pack: 'ops', name, action_ref: `ops.${name}`, formats };
}

/** `pack.name: representation` of a match and of what else fitted. */
function picked(result: AliasMatch): string[] {
  if (result.kind !== 'match') assert.fail(`a match, not ${JSON.stringify(result)}`);
  return [result, ...(result.alsoMatched ?? [])].map(
    (m) => `${m.alias.pack}.${m.alias.name}: ${m.representation}`,
  );
}

describe('matching.ambiguous', () => {
  const deploy = [
    alias('deploy', ['deploy {{app}}']),
    alias('deploy_to', ['deploy {{app}} to {{env}}']),
  ];

  test('refuse (the default): st2 refuses a command two formats fit', () => {
    for (const index of [new AliasIndex(deploy), new AliasIndex(deploy, { ambiguous: 'refuse' })]) {
      const result = index.match('deploy web to prod');
      assert.equal(result.kind, 'ambiguous');
    }
  });

  test('longest: the longest format runs, whatever the order; the others are reported', () => {
    for (const list of [deploy, [...deploy].reverse()]) {
      const result = new AliasIndex(list, { ambiguous: 'longest' }).match('deploy web to prod');
      assert.deepEqual(picked(result), [
        'ops.deploy_to: deploy {{app}} to {{env}}',
        'ops.deploy: deploy {{app}}',
      ]);
      assert.deepEqual(result.kind === 'match' && result.parameters, { app: 'web', env: 'prod' });
    }
  });

  test('longest: formats of the same alias too (hubot-stackstorm listed the longer first)', () => {
    const one = [alias('fmt', ['alias4 fmt1 {{p1}}', 'alias4 fmt1 {{p1}} word {{p2}}'])];
    const result = new AliasIndex(one, { ambiguous: 'longest' }).match('alias4 fmt1 v1 word v2');
    assert.deepEqual(picked(result), [
      'ops.fmt: alias4 fmt1 {{p1}} word {{p2}}',
      'ops.fmt: alias4 fmt1 {{p1}}',
    ]);
  });

  test("longest: equally long formats go to the first listed, as hubot-stackstorm's scan", () => {
    const tie = [alias('first', ['run {{a}} {{b}}']), alias('second', ['run {{x}} {{y}}'])];
    const result = new AliasIndex(tie, { ambiguous: 'longest' }).match('run one two');
    assert.deepEqual(picked(result)[0], 'ops.first: run {{a}} {{b}}');
    const swapped = new AliasIndex([...tie].reverse(), { ambiguous: 'longest' });
    assert.deepEqual(picked(swapped.match('run one two'))[0], 'ops.second: run {{x}} {{y}}');
  });

  test('longest: a command only one format fits is matched as usual, without alsoMatched', () => {
    const result = new AliasIndex(deploy, { ambiguous: 'longest' }).match('deploy web');
    assert.deepEqual(picked(result), ['ops.deploy: deploy {{app}}']);
  });

  test('longest: the rule is kept by update()', () => {
    const index = new AliasIndex([deploy[0]!], { ambiguous: 'longest' }).update({
      upsert: [deploy[1]!],
    });
    assert.equal(index.match('deploy web to prod').kind, 'match');
  });
});

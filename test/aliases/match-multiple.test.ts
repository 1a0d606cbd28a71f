import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AliasIndex } from '../../src/aliases/index.js';
import { parseAliasCommand, parseAliasCommandMultiple } from '../../src/aliases/parser.js';
import type { ActionAlias } from '../../src/stackstorm/model.js';

const FORMAT = '(?:\\b|^)fixes (?P<k>[A-Z]+-\\d+)(?:\\b|$)';

function alias(formats: ActionAlias['formats']): ActionAlias {
  return { name: 'fix', pack: 'p', action_ref: 'core.noop', formats };
}

function matched(index: AliasIndex, command: string) {
  const m = index.match(command);
  assert.equal(m.kind, 'match');
  return m;
}

describe('match_multiple occurrences', () => {
  const index = new AliasIndex([alias([{ representation: [FORMAT], match_multiple: true }])]);

  test('one command per occurrence, each parsing alone to its own parameters', () => {
    const m = matched(index, 'JK-4 fixes JR-24 which fixes DR-12 and fixes 🐛X-1 fixes AB-3');
    assert.deepEqual(m.parametersList, [{ k: 'JR-24' }, { k: 'DR-12' }, { k: 'AB-3' }]);
    assert.deepEqual(m.commands, ['fixes JR-24', 'fixes DR-12', 'fixes AB-3']);
    m.commands.forEach((c, i) =>
      assert.deepEqual(parseAliasCommand(FORMAT, c), m.parametersList[i]),
    );
  });

  test('the trailing pairs go with every occurrence, as st2 adds them to every map', () => {
    const m = matched(index, 'fixes JR-24 fixes DR-12 prio=high');
    assert.deepEqual(
      m.parametersList,
      parseAliasCommandMultiple(FORMAT, 'fixes JR-24 fixes DR-12 prio=high'),
    );
    assert.deepEqual(m.commands, ['fixes JR-24 prio=high', 'fixes DR-12 prio=high']);
    m.commands.forEach((c, i) =>
      assert.deepEqual(parseAliasCommand(FORMAT, c), m.parametersList[i]),
    );
  });

  test('an anchored format: the command without the padding, which st2 adds again', () => {
    const anchored = new AliasIndex([
      alias([{ representation: ['run {{cmd}}'], match_multiple: true }]),
    ]);
    const cases: [string, string][] = [
      ['run ls -l', 'run ls -l'],
      ['run ', 'run '],
      ['  run x  y=1', '  run x  y=1'],
    ];
    for (const [command, expected] of cases) {
      const m = matched(anchored, command);
      assert.deepEqual(m.commands, [expected]);
      assert.deepEqual(parseAliasCommand('run {{cmd}}', expected), m.parametersList[0]);
    }
  });

  test('a format without match_multiple keeps the command as typed', () => {
    const single = new AliasIndex([alias(['fixes {{k}}'])]);
    const m = matched(single, 'fixes JR-24 prio=high');
    assert.deepEqual(m.parametersList, [{ k: 'JR-24', prio: 'high' }]);
    assert.deepEqual(m.commands, ['fixes JR-24 prio=high']);
  });
});

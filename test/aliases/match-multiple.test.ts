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

  test('a format without match_multiple keeps the command as typed', () => {
    const single = new AliasIndex([alias(['fixes {{k}}'])]);
    const m = matched(single, 'fixes JR-24 prio=high');
    assert.deepEqual(m.parametersList, [{ k: 'JR-24', prio: 'high' }]);
    assert.deepEqual(m.commands, ['fixes JR-24 prio=high']);
  });
});

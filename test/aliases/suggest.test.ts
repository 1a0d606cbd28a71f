import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Suggester } from '../../src/aliases/suggest.js';
import type { ActionAlias } from '../../src/stackstorm/model.js';

function alias(name: string, formats: ActionAlias['formats']): ActionAlias {
  return { name, pack: 'st2', action_ref: `st2.${name}`, formats };
}

const suggester = new Suggester([
  alias('actions_list', [
    { display: 'st2 list actions', representation: ['st2 list {{limit=10}} actions'] },
  ]),
  alias('rules_list', ['st2 list rules']),
  alias('executions_get', ['st2 get execution {{id}}']),
  alias('pack_list', ['pack list']),
]);

function displays(command: string): string[] {
  return suggester.suggest(command).map((s) => s.display);
}

describe('Suggester', () => {
  test('a misspelt head suggests the closest format', () => {
    assert.deepEqual(displays('st2 lits rules'), [
      'st2 list rules',
      'st2 list actions',
      'st2 get execution {{id}}',
    ]);
  });

  test('a command lacking the first word suggests the format it starts inside', () => {
    assert.deepEqual(displays('list actions').slice(0, 2), ['st2 list actions', 'st2 list rules']);
    assert.equal(displays('get execution 5')[0], 'st2 get execution {{id}}');
  });

  test('a full head still ranks before one missing its first word', () => {
    assert.equal(displays('pack list')[0], 'pack list');
  });

  test('unrelated words suggest nothing', () => {
    assert.deepEqual(displays('weather tomorrow'), []);
  });
});

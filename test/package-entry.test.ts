/**
 * The package entry: what `import … from 'stormbot'` gives (resolved to the sources in the repo).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AliasIndex, AliasParseError, parseAliasCommand, type ActionAlias } from 'stormbot';

test('parseAliasCommand and AliasIndex are exported from the package entry', () => {
  assert.deepEqual(parseAliasCommand('greet {{greeting=Hello}}', 'greet Hi'), { greeting: 'Hi' });
  assert.throws(() => parseAliasCommand('greet {{who}}', 'wave'), AliasParseError);
  const alias: ActionAlias = {
    name: 'greet',
    pack: 'examples',
    action_ref: 'core.echo',
    formats: ['greet {{greeting=Hello}}'],
  };
  const m = new AliasIndex([alias]).match('greet Hi');
  assert.equal(m.kind, 'match');
  assert.equal(m.parameters.greeting, 'Hi');
});

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { silentLogger } from '../../src/log.js';
import { loadSandboxPacks } from '../../src/sandbox/packs.js';
import { packsDirWith } from './helpers.js';

const alias = (name: string): string =>
  `name: ${name}\naction_ref: core.noop\nformats: ["${name}"]\n`;

describe('loading a packs folder', () => {
  test('packs named `aliases` and `actions` are packs in a folder of packs', async () => {
    const dir = packsDirWith({
      'aliases/pack.yaml': 'name: aliases\n',
      'aliases/aliases/one.yaml': alias('one'),
      'actions/pack.yaml': 'name: actions\n',
      'actions/aliases/two.yaml': alias('two'),
      'other/aliases/three.yaml': alias('three'),
    });
    const loaded = await loadSandboxPacks(dir, silentLogger());
    assert.deepEqual(loaded.aliases.map((a) => `${a.pack}.${a.name}`).sort(), [
      'actions.two',
      'aliases.one',
      'other.three',
    ]);
    assert.deepEqual([...loaded.packs.keys()].sort(), ['actions', 'aliases', 'other']);
  });

  test('a single pack folder (pack.yaml, or YAML files in aliases/) is one pack', async () => {
    const dir = packsDirWith({
      'solo/pack.yaml': 'name: solo\n',
      'solo/aliases/one.yaml': alias('one'),
      'bare/aliases/two.yaml': alias('two'),
    });
    for (const [folder, ref] of [
      ['solo', 'solo.one'],
      ['bare', 'bare.two'],
    ] as const) {
      const loaded = await loadSandboxPacks(join(dir, folder), silentLogger());
      assert.deepEqual(
        loaded.aliases.map((a) => `${a.pack}.${a.name}`),
        [ref],
      );
      assert.deepEqual([...loaded.packs.keys()], [folder]);
    }
  });
});

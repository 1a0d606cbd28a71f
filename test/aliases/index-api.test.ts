import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AliasIndex, AliasParseError, parseAliasCommandMultiple } from '../../src/aliases/index.js';
import type { ActionAlias } from '../../src/stackstorm/model.js';

function alias(
  pack: string,
  name: string,
  formats: ActionAlias['formats'],
  extra: Partial<ActionAlias> = {},
): ActionAlias {
  return {
    pack,
    name,
    action_ref: `${pack}.${name}`,
    formats,
    description: `${name} things`,
    ...extra,
  };
}

const ALIASES: ActionAlias[] = [
  alias('st2', 'pack_install', [
    'pack install {{packs}}',
    { display: 'pack add <packs>', representation: ['pack add {{packs}}'] },
  ]),
  alias('st2', 'pack_get', ['pack get {{pack}}']),
  alias('deploy', 'app', ['deploy {{app}} to {{env=prod}}'], { description: 'Deploy an app' }),
  alias('deploy', 'rollback', ['rollback {{app}}'], { enabled: false }),
  alias('jira', 'fixes', [
    {
      display: 'fixes <issue>',
      representation: ['(?:\\b|^)fixes (?P<issue>[A-Z]+-\\d+)(?:\\b|$)'],
      match_multiple: true,
    },
  ]),
  alias('misc', 'secret', [{ display: 'secret thing' }]),
  alias('misc', 'hidden', [{ representation: 'hidden {{x}}' }]),
];

describe('AliasIndex', () => {
  const index = new AliasIndex(ALIASES);

  test('size, all and get', () => {
    assert.equal(index.size, ALIASES.length);
    assert.equal(index.all().length, ALIASES.length);
    assert.equal(index.get('deploy.app'), ALIASES[2]);
    assert.equal(index.get('nope.nope'), undefined);
  });

  test('a match gives the alias, representation, display and parameters', () => {
    const r = index.match('pack add st2 timeout=5');
    assert.equal(r.kind, 'match');
    assert.equal(r.alias, ALIASES[0]);
    assert.equal(r.representation, 'pack add {{packs}}');
    assert.equal(r.display, 'pack add <packs>');
    assert.deepEqual({ ...r.parameters }, { packs: 'st2', timeout: '5' });
    assert.equal(r.parametersList.length, 1);
  });

  test('defaults apply, and a representation without display reports st2 display null', () => {
    const d = index.match('deploy web to');
    assert.ok(d.kind === 'match');
    assert.deepEqual({ ...d.parameters }, { app: 'web', env: 'prod' });
    const h = index.match('hidden y');
    assert.ok(h.kind === 'match');
    assert.equal(h.rawDisplay, null);
    assert.equal(h.display, 'hidden {{x}}');
  });

  test('match_multiple gives one parameter map per occurrence', () => {
    const r = index.match('AB-1 fixes CD-2 and fixes EF-3');
    assert.ok(r.kind === 'match');
    assert.equal(r.multiple, true);
    assert.deepEqual(
      r.parametersList.map((p) => ({ ...p })),
      [{ issue: 'CD-2' }, { issue: 'EF-3' }],
    );
    assert.deepEqual({ ...r.parameters }, { issue: 'CD-2' });
  });

  test('no match, and the disabled alias that would have matched', () => {
    assert.deepEqual(index.match('unknown thing'), {
      kind: 'no_match',
      message: "Command 'unknown thing' matched no patterns",
    });
    const r = index.match('rollback web');
    assert.equal(r.kind, 'disabled');
    assert.equal(r.alias, ALIASES[3]);
    assert.equal(r.representation, 'rollback {{app}}');
  });

  test('a display-only format matches the blank command', () => {
    const r = index.match('');
    assert.ok(r.kind === 'match');
    assert.equal(r.alias, ALIASES[5]);
    assert.equal(r.representation, '');
  });

  test('ambiguity names every candidate', () => {
    const idx = new AliasIndex([
      alias('a', 'one', ['deploy {{app}}']),
      alias('a', 'two', ['deploy {{app}} to {{env}}']),
    ]);
    const r = idx.match('deploy web to prod');
    assert.equal(r.kind, 'ambiguous');
    assert.equal(r.message, "Command 'deploy web to prod' matched more than 1 pattern");
    assert.deepEqual(
      r.candidates.map((c) => c.representation),
      ['deploy {{app}}', 'deploy {{app}} to {{env}}'],
    );
  });

  test('an invalid format aborts matching like st2, unless skipped', () => {
    const list = [alias('a', 'ok', ['status']), alias('a', 'bad', ['run {{a-b}}'])];
    assert.throws(
      () => new AliasIndex(list).match('status'),
      (e: unknown) => e instanceof AliasParseError && e.kind === 'invalid_format',
    );
    const skipping = new AliasIndex(list, { invalidFormats: 'skip' });
    assert.equal(skipping.match('status').kind, 'match');
    assert.equal(skipping.problems().length, 1);
    assert.equal(skipping.problems()[0]?.representation, 'run {{a-b}}');
  });
});

describe('parseAliasCommandMultiple', () => {
  const format = '(?:\\b|^)fixes (?P<k>[A-Z]+-\\d+)(?:\\b|$)';

  test('one map per occurrence, with the same extra pairs in each', () => {
    assert.deepEqual(
      parseAliasCommandMultiple(format, 'JK-4 fixes JR-24 which fixes DR-12 x=1').map((p) => ({
        ...p,
      })),
      [
        { k: 'JR-24', x: '1' },
        { k: 'DR-12', x: '1' },
      ],
    );
  });

  test('no occurrence gives an empty list, not an error', () => {
    assert.deepEqual(parseAliasCommandMultiple(format, 'nothing here'), []);
  });

  test('invalid formats still throw', () => {
    assert.throws(() => parseAliasCommandMultiple('bad[', 'x'), AliasParseError);
  });
});

describe('help', () => {
  const index = new AliasIndex(ALIASES);

  test('groups by pack in pack, then name order, one entry per displayed format', () => {
    const page = index.help();
    assert.equal(page.available, 6);
    assert.deepEqual(
      page.groups.map((g) => [g.pack, g.entries.map((e) => e.display)]),
      [
        ['deploy', ['deploy {{app}} to {{env=prod}}']],
        ['jira', ['fixes <issue>']],
        ['misc', ['secret thing']],
        ['st2', ['pack get {{pack}}', 'pack install {{packs}}', 'pack add <packs>']],
      ],
    );
    assert.equal(page.groups[0]?.entries[0]?.description, 'Deploy an app');
  });

  test('filters by pack and by case-insensitive keyword (st2 regex)', () => {
    assert.equal(index.help({ pack: 'st2' }).available, 3);
    assert.deepEqual(
      index
        .help({ filter: 'PACK (get|add)' })
        .groups.flatMap((g) => g.entries.map((e) => e.display)),
      ['pack get {{pack}}', 'pack add <packs>'],
    );
    assert.equal(index.help({ filter: '<packs' }).available, 1);
    assert.throws(() => index.help({ filter: '(unclosed', strictFilter: true }), AliasParseError);
    assert.equal(index.help({ filter: '(unclosed' }).available, 0);
  });

  test('limit and offset page the entries; available counts all', () => {
    const page = index.help({ limit: 2, offset: 1 });
    assert.equal(page.available, 6);
    assert.deepEqual(
      page.groups.flatMap((g) => g.entries.map((e) => e.display)),
      ['fixes <issue>', 'secret thing'],
    );
    assert.equal(index.help({ offset: 5 }).groups.flatMap((g) => g.entries).length, 1);
    assert.equal(index.help({ limit: 1 }).groups.flatMap((g) => g.entries).length, 1);
  });

  test('include hides the aliases a person may not run', () => {
    const page = index.help({ include: (a) => a.pack !== 'st2' });
    assert.equal(page.available, 3);
    assert.ok(page.groups.every((g) => g.pack !== 'st2'));
  });
});

describe('suggestions', () => {
  const index = new AliasIndex(ALIASES);

  test('a typo in the first word finds the format', () => {
    assert.deepEqual(
      index.suggest('delpoy web').map((s) => s.display),
      ['deploy {{app}} to {{env=prod}}'],
    );
  });

  test('shared leading words rank closest first, at most three', () => {
    const list = index.suggest('pack instal st2').map((s) => s.display);
    assert.equal(list[0], 'pack install {{packs}}');
    assert.ok(list.length <= 3);
    assert.equal(index.suggest('pack x', 1).length, 1);
  });

  test('nothing close gives nothing', () => {
    assert.deepEqual(index.suggest('completely unrelated words'), []);
    assert.deepEqual(index.suggest(''), []);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AliasIndex } from '../../src/aliases/index.js';
import type { ActionAlias, AliasFormat } from '../../src/stackstorm/model.js';
import { hashWord } from '../../src/aliases/candidate-index.js';
import { sameAnswer } from './scan-oracle.js';

const TOKENS = [
  'deploy',
  'deploy',
  'status',
  'st2',
  'pack',
  'Deploy',
  'to',
  '{{app}}',
  '{{env}}',
  '{{env=prod}}',
  '{{ n = 1 }}',
  '(start|stop)',
  'a.b',
  'how?',
  'foo|bar',
  '\\d+',
  '(?P<num>\\d+)',
  '{{app}}-{{ver}}',
];
const WHOLE = [
  '^\\s*version\\s*$',
  '(?:\\b|^)fix (?P<k>[A-Z]+-\\d+)(?:\\b|$)',
  '(?i)^\\s*hello {{who}}',
  '',
  'bad[',
];
const WORDS = [
  'deploy',
  'status',
  'st2',
  'pack',
  'to',
  'web',
  'prod',
  'start',
  'stop',
  'a.b',
  'axb',
  '"a b"',
  "'c'",
  'x=1',
  'env=dev',
  'fix',
  'AB-12',
  'version',
  'foo',
  'bar',
  'Deploy',
  '42',
  'hello',
  'HELLO',
  'v-1',
];

const formatArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 4 })
      .map((t) => t.join(' ')),
  },
  { weight: 1, arbitrary: fc.constantFrom(...WHOLE) },
);

const formatEntryArb: fc.Arbitrary<AliasFormat> = fc.oneof(
  { weight: 6, arbitrary: formatArb },
  {
    weight: 2,
    arbitrary: fc.record({
      display: fc.option(fc.constantFrom('help text', 'deploy <app>'), { nil: undefined }),
      representation: fc.array(formatArb, { minLength: 1, maxLength: 2 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ display: fc.constantFrom('only shown') }) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('(?:\\b|^)fix (?P<k>[A-Z]+-\\d+)(?:\\b|$)', 'fix {{k}}')
      .map((rep): AliasFormat => ({
        display: 'fixes',
        representation: [rep],
        match_multiple: true,
      })),
  },
);

const aliasesArb: fc.Arbitrary<ActionAlias[]> = fc
  .array(
    fc.record({
      formats: fc.array(formatEntryArb, { minLength: 1, maxLength: 3 }),
      enabled: fc.boolean().map((b) => (b ? undefined : false)),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((list) =>
    list.map((a, i) => ({
      name: `a${i}`,
      pack: i % 2 === 0 ? 'p' : 'q',
      action_ref: `p.act${i}`,
      formats: a.formats,
      ...(a.enabled === false ? { enabled: false } : {}),
    })),
  );

const commandArb = fc
  .array(fc.constantFrom(...WORDS), { maxLength: 5 })
  .chain((words) => fc.constantFrom(' ', '  ', '\n').map((sep) => words.join(sep)));

// FNV-1a collides on these pairs: the index keys its word trie by that hash.
const COLLIDING = ['7yzl', 'e6ap', 'gwzl', '16cp'];

/** Formats made of a few words and placeholders, so that tails and whole formats repeat. */
const sharedFormatArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(
      fc.constantFrom(
        'deploy',
        'st2',
        'to',
        ...COLLIDING,
        '{{app}}',
        '{{name}}',
        '{{env=prod}}',
        '{{ n = 1 }}',
        "{{q=''}}",
        '7yzl-{{v}}',
        'e6ap-{{v}}',
      ),
      { minLength: 1, maxLength: 4 },
    ),
    fc.constantFrom(' ', ' ', ' ', '  ', '\t'),
  )
  .map(([tokens, sep]) => tokens.join(sep));

const sharedAliasesArb: fc.Arbitrary<ActionAlias[]> = fc
  .array(sharedFormatArb, { minLength: 1, maxLength: 5 })
  .chain((pool) =>
    fc.array(
      fc.record({
        formats: fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 3 }),
        multiple: fc.boolean(),
      }),
      { minLength: 1, maxLength: 10 },
    ),
  )
  .map((list) =>
    list.map((a, i) => ({
      name: `s${i}`,
      pack: 'p',
      action_ref: `p.s${i}`,
      formats: a.multiple
        ? a.formats.map((f) => ({ display: f, representation: [f], match_multiple: true }))
        : a.formats,
    })),
  );

const VALUES_FOR_SLOTS = [
  'web',
  'to',
  '"a b"',
  "'c'",
  '{"k": 1}',
  'x=1',
  '😀',
  'é x',
  '7yzl',
  'e6ap',
  '',
  ' ',
];

/** A command from one of the formats, with values, other spacing, and sometimes pairs. */
function commandFrom(aliases: readonly ActionAlias[]): fc.Arbitrary<string> {
  const texts = aliases.flatMap((a) =>
    a.formats.map((f) => (typeof f === 'string' ? f : ([f.representation ?? []].flat()[0] ?? ''))),
  );
  return fc
    .tuple(
      fc.constantFrom(...texts),
      fc.constantFrom(...VALUES_FOR_SLOTS),
      fc.constantFrom(' ', '  ', '\t', '\n'),
      fc.constantFrom('', ' a=1', ' n=2 q="x y"', ' 😀'),
      fc.boolean(),
    )
    .map(([text, value, sep, tail, respace]) => {
      const filled = text.replace(/{{[^}]*}}/g, value);
      return (respace ? filled.split(' ').join(sep) : filled) + tail;
    });
}

describe('index versus full scan', () => {
  test('random alias sets and commands get the same answer', () => {
    fc.assert(
      fc.property(
        aliasesArb,
        fc.array(commandArb, { minLength: 1, maxLength: 6 }),
        (aliases, commands) => {
          const index = new AliasIndex(aliases);
          for (const command of commands) sameAnswer(aliases, index, command);
        },
      ),
      { numRuns: 400 },
    );
  });

  test('commands built from the formats themselves', () => {
    fc.assert(
      fc.property(aliasesArb, fc.constantFrom('web', '"a b"', 'AB-1', 'x y'), (aliases, value) => {
        const index = new AliasIndex(aliases);
        for (const a of aliases) {
          for (const f of a.formats) {
            const text = typeof f === 'string' ? f : ([f.representation ?? []].flat()[0] ?? '');
            const command = text
              .replace(/{{[^}]*}}/g, value)
              .replace(/\\d\+|\(\?P<num>\\d\+\)/g, '42');
            sameAnswer(aliases, index, command);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  test('repeated formats, shared tails and colliding word hashes', () => {
    fc.assert(
      fc.property(
        sharedAliasesArb.chain((aliases) =>
          fc.tuple(
            fc.constant(aliases),
            fc.array(commandFrom(aliases), { minLength: 1, maxLength: 8 }),
          ),
        ),
        ([aliases, commands]) => {
          const index = new AliasIndex(aliases);
          for (const command of commands) sameAnswer(aliases, index, command);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('words whose hashes collide are told apart', () => {
    assert.equal(hashWord('7yzl'), hashWord('e6ap'));
    assert.equal(hashWord('gwzl'), hashWord('16cp'));
    const aliases: ActionAlias[] = [
      { name: 'a', pack: 'p', action_ref: 'p.a', formats: ['7yzl {{x}}', 'deploy gwzl now'] },
      { name: 'b', pack: 'p', action_ref: 'p.b', formats: ['e6ap {{x}}', 'deploy 16cp now'] },
      { name: 'c', pack: 'p', action_ref: 'p.c', formats: ['deploy 16cp now {{y}}'] },
    ];
    const index = new AliasIndex(aliases);
    const which = (command: string): [string, string] | string => {
      const r = index.match(command);
      return r.kind === 'match' ? [r.alias.name, JSON.stringify(r.parameters)] : r.kind;
    };
    assert.deepEqual(which('7yzl one'), ['a', '{"x":"one"}']);
    assert.deepEqual(which('e6ap one'), ['b', '{"x":"one"}']);
    assert.deepEqual(which('deploy gwzl now'), ['a', '{}']);
    assert.deepEqual(which('deploy 16cp now'), ['b', '{}']);
    assert.deepEqual(which('deploy 16cp now x'), ['c', '{"y":"x"}']);
    assert.equal(which('deploy gwzl now x'), 'no_match');
    for (const command of ['7yzl one', 'e6ap one', 'deploy gwzl now', 'deploy 16cp now x']) {
      sameAnswer(aliases, index, command);
    }
  });
});

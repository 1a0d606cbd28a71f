import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AliasIndex } from '../../src/aliases/index.js';
import { lowerOf, upperOf } from '../../src/aliases/pyre/chars.js';
import { foldUnit } from '../../src/aliases/required-words.js';
import type { ActionAlias } from '../../src/stackstorm/model.js';
import { sameAnswer, summary } from './scan-oracle.js';

/** Words shared by many formats, in every position: first, after a placeholder, in a group. */
const WORDS = ['st2', 'pack', 'get', 'list', 'deploy', 'web', 'Web', 'ſt2', 'get-x', 'k8s'];
const PIECES = [
  ...WORDS,
  '{{name}}',
  '{{env=prod}}',
  '(get|list)',
  '(?:st2 )?',
  'st2\\s+pack',
  'st2\\s*pack',
  '\\w+',
  '.*',
  'get-{{v}}',
  '{{v}}-get',
  '"{{q}}"',
];
const PREFIXES = ['', '', '', '(?i)^\\s*', '^', '(?:\\b|^)'];

const formatArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...PREFIXES),
    fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 4 }),
    fc.constantFrom('', '', '$', '\\s*$'),
  )
  .map(([head, body, tail]) => head + body.join(' ') + tail);

const aliasesArb: fc.Arbitrary<ActionAlias[]> = fc
  .array(
    fc.record({
      formats: fc.array(formatArb, { minLength: 1, maxLength: 3 }),
      disabled: fc.boolean(),
      multiple: fc.boolean(),
    }),
    { minLength: 1, maxLength: 10 },
  )
  .map((list) =>
    list.map((a, i) => ({
      name: `a${i}`,
      pack: 'p',
      action_ref: `p.a${i}`,
      formats: a.multiple
        ? a.formats.map((f) => ({ representation: [f], match_multiple: true }))
        : a.formats,
      ...(a.disabled && i % 3 === 0 ? { enabled: false } : {}),
    })),
  );

const VALUES = ['web', 'x y', 'GET', 'Get', 'ST2', 'ſt2', 'K8S', 'get-1', '"q r"', 'pack'];

/** Commands made from the alias set's own pieces (so that many formats are close to them). */
function commandArb(aliases: readonly ActionAlias[]): fc.Arbitrary<string> {
  const formats = aliases.flatMap((a) =>
    a.formats.map((f) => (typeof f === 'string' ? f : ([f.representation ?? []].flat()[0] ?? ''))),
  );
  const fromFormat = fc
    .tuple(
      fc.constantFrom(...formats),
      fc.constantFrom(...VALUES),
      fc.constantFrom(' ', '  ', '\t'),
    )
    .map(([f, v, sep]) =>
      f
        .replace(/^\(\?i\)\^\\s\*|^\^|^\(\?:\\b\|\^\)|\\s\*\$$|\$$/g, '')
        .replace(/{{[^}]*}}/g, v)
        .replace(/\(get\|list\)/g, 'list')
        .replace(/\(\?:st2 \)\?/g, 'st2 ')
        .replace(/\\s[+*]/g, ' ')
        .replace(/\\w\+|\.\*/g, v)
        .split(' ')
        .join(sep),
    );
  const fromWords = fc
    .array(fc.constantFrom(...WORDS, ...VALUES), { maxLength: 5 })
    .map((w) => w.join(' '));
  return fc.oneof(fromFormat, fromWords);
}

describe('index versus full scan, formats sharing their words', () => {
  test('words in any position, groups, case-insensitive formats', () => {
    fc.assert(
      fc.property(
        aliasesArb.chain((aliases) =>
          fc.tuple(
            fc.constant(aliases),
            fc.array(commandArb(aliases), { minLength: 1, maxLength: 8 }),
          ),
        ),
        ([aliases, commands]) => {
          const index = new AliasIndex(aliases);
          for (const command of commands) sameAnswer(aliases, index, command);
        },
      ),
      { numRuns: 600 },
    );
  });

  test('an index updated step by step answers as one built from the same list', () => {
    const stepArb = fc.record({
      upsert: fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 3 }),
      remove: fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 2 }),
    });
    fc.assert(
      fc.property(
        aliasesArb.chain((pool) =>
          fc.tuple(
            fc.constant(pool),
            fc.array(stepArb, { minLength: 1, maxLength: 6 }),
            fc.array(commandArb(pool), { minLength: 1, maxLength: 6 }),
          ),
        ),
        ([pool, steps, commands]) => {
          const at = (i: number): ActionAlias => pool[i % pool.length] as ActionAlias;
          let index = new AliasIndex(pool.slice(0, Math.ceil(pool.length / 2)));
          for (const step of steps) {
            const upsert = step.upsert.map((i) => ({ ...at(i), name: `a${i % 7}` }));
            const remove = step.remove.map((i) => `p.a${i % 7}`);
            const before = index;
            const beforeList = [...before.all()];
            index = index.update({ upsert, remove });
            assert.deepEqual(before.all(), beforeList, 'the old index is left as it was');
            const fresh = new AliasIndex(index.all());
            const list = index.all();
            for (const command of commands) {
              assert.deepEqual(
                summary(list, () => index.match(command)),
                summary(list, () => fresh.match(command)),
                JSON.stringify(command),
              );
            }
            for (const a of list) assert.equal(index.get(`p.${a.name}`), fresh.get(`p.${a.name}`));
            assert.deepEqual(
              index.problems().map((p) => [list.indexOf(p.alias), p.representation]),
              fresh.problems().map((p) => [list.indexOf(p.alias), p.representation]),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('case folding of commands for case-insensitive formats', () => {
  test('every character pyre matches with an ASCII letter folds to that letter', () => {
    const bad: string[] = [];
    for (let c = 0; c <= 0x10ffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const lo = lowerOf(c);
      const up = upperOf(c);
      // Only a character whose lower or upper case is ASCII can match an ASCII one.
      if (c >= 0x80 && lo >= 0x80 && up >= 0x80) continue;
      for (let a = 0x21; a < 0x7f; a++) {
        // pyre's IGNORECASE literal test: equal lower cases or equal upper cases.
        if (c !== a && lo !== lowerOf(a) && up !== upperOf(a)) continue;
        const folded = c > 0xffff ? -1 : foldUnit(c);
        if (folded !== foldUnit(a)) bad.push(`U+${c.toString(16)} ~ ${String.fromCharCode(a)}`);
      }
    }
    assert.deepEqual(bad, [], 'characters folded apart from the ASCII character they match');
  });
});

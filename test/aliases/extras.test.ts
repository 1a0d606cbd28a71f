import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { splitExtraPairs } from '../../src/aliases/extras.js';

// st2's own regular expressions for §A.1, transliterated to JavaScript with Python's `\s` and `$`:
// a slow backtracking oracle for short inputs.
const WS =
  '[\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const NWS = WS.replace('[', '[^');
const VALUE = `""|''|"([\\s\\S]+?)"|'([\\s\\S]+?)'|(\\{[\\s\\S]+?\\})|(${NWS}+)`;
const PAIR = `(?:^|${WS}+)${WS}*(${NWS}+?)${WS}*=(${VALUE})`;
const TAIL = new RegExp(`^[\\s\\S]*?((?:${PAIR}${WS}*)*)(?=\\n?$)`);

function oracle(command: string): {
  stripped: string;
  pairs: [string, string][];
  tail: string;
} {
  const tail = TAIL.exec(command)?.[1] ?? '';
  if (tail === '') return { stripped: command, pairs: [], tail };
  const pairs = [...tail.matchAll(new RegExp(PAIR, 'g'))].map((m): [string, string] => [
    m[1] ?? '',
    (m[3] ?? '') + (m[4] ?? '') + (m[5] ?? '') + (m[6] ?? ''),
  ]);
  return { stripped: command.split(tail).join(''), pairs, tail };
}

const alphabet = [
  'a',
  'b',
  'k',
  '=',
  '=',
  ' ',
  ' ',
  '"',
  "'",
  '{',
  '}',
  '\n',
  '\x1c',
  '\ufeff',
  '\t',
];

describe('trailing key=value pairs (§A.1)', () => {
  test('examples from the specification', () => {
    assert.deepEqual(splitExtraPairs('echo x=1 and x=1'), {
      stripped: 'echo and',
      pairs: [['x', '1']],
      tail: ' x=1',
    });
    assert.deepEqual(splitExtraPairs('foo d={"a": {"b": 1}}').pairs, [['d', '{"a": {"b": 1}']]);
    assert.deepEqual(splitExtraPairs('a={x}} b=1').pairs, [
      ['a', '{x}'],
      ['b', '1'],
    ]);
    assert.deepEqual(splitExtraPairs('k="a"b"').pairs, [['k', 'a']]);
    assert.deepEqual(splitExtraPairs('a="foo "bar" baz"').pairs, [['a', 'foo ']]);
    assert.deepEqual(splitExtraPairs('run echo a=b c').pairs, []);
    assert.deepEqual(splitExtraPairs('x ==1').pairs, [['x', '=1']]);
    assert.deepEqual(splitExtraPairs("run 'a=1'").pairs, [["'a", "1'"]]);
  });

  test('agrees with st2 regular expressions on random short commands', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 14 }), (chars) => {
        const command = chars.join('');
        assert.deepEqual(splitExtraPairs(command), oracle(command));
      }),
      { numRuns: 3000 },
    );
  });

  test('agrees on word-like commands', () => {
    const token = fc.constantFrom(
      'run',
      'x=1',
      'k="a b"',
      "k='v'",
      'd={"a": 1}',
      'k=',
      '=v',
      'y =2',
      '""',
      'a==b',
    );
    fc.assert(
      fc.property(
        fc.array(token, { maxLength: 6 }),
        fc.constantFrom(' ', '  ', '\n'),
        (tokens, sep) => {
          const command = tokens.join(sep);
          assert.deepEqual(splitExtraPairs(command), oracle(command));
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('stays linear on a long adversarial tail', () => {
    const command = `run ${'a="x '.repeat(1000)}`;
    const t0 = performance.now();
    splitExtraPairs(command);
    assert.ok(performance.now() - t0 < 1000);
  });
});

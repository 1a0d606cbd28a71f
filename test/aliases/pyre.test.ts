import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { CodeText, PyRegex, PyRegexError } from '../../src/aliases/pyre/index.js';

function search(pattern: string, text: string, flags = {}): string[] | null {
  const m = PyRegex.compile(pattern, flags).search(new CodeText(text));
  if (!m) return null;
  const out = [m.group(0) ?? ''];
  for (let i = 1; i <= PyRegex.compile(pattern, flags).parsed.groups; i++)
    out.push(m.group(i) ?? '<null>');
  return out;
}

function errorOf(pattern: string): string {
  try {
    PyRegex.compile(pattern);
  } catch (e) {
    assert.ok(e instanceof PyRegexError);
    return e.message;
  }
  return 'compiled';
}

describe('Python regex engine: semantics', () => {
  test('leftmost match, lazy and greedy repetition', () => {
    assert.deepEqual(search('a+b', 'xxaab'), ['aab']);
    assert.deepEqual(search('(a+?)(a*)', 'aaa'), ['aaa', 'a', 'aa']);
    assert.deepEqual(search('(a|ab)(c|bcd)', 'abcd'), ['abcd', 'a', 'bcd']);
    assert.deepEqual(search('x{2,3}', 'xxxx'), ['xxx']);
    assert.deepEqual(search('x{,2}y', 'xxy'), ['xxy']);
    assert.deepEqual(search('x{2,3}?', 'xxxx'), ['xx']);
  });

  test('$ also matches before a final newline; \\Z does not', () => {
    assert.deepEqual(search('x$', 'x\n'), ['x']);
    assert.equal(search('x\\Z', 'x\n'), null);
    assert.equal(search('x$', 'x\n\n'), null);
    assert.deepEqual(search('(?m)x$', 'x\ny'), ['x']);
    assert.deepEqual(search('\\Ax', 'xy'), ['x']);
  });

  test('Unicode \\w, \\d, \\b and Python whitespace', () => {
    assert.deepEqual(search('caf\\w', 'café'), ['café']);
    assert.deepEqual(search('\\d+', 'x٣٤'), ['٣٤']);
    assert.deepEqual(search('\\bfoo\\b', 'é foo é'), ['foo']);
    assert.equal(search('\\bfoo', 'éfoo'), null);
    assert.deepEqual(search('a\\sb', 'a\x1cb'), ['a\x1cb']);
    assert.equal(search('a\\sb', 'a\ufeffb'), null);
    assert.deepEqual(search('(?a)\\w+', 'café'), ['caf']);
  });

  test('dot, DOTALL and case-insensitivity', () => {
    assert.equal(search('a.b', 'a\nb'), null);
    assert.deepEqual(search('a.b', 'a\nb', { dotAll: true }), ['a\nb']);
    assert.deepEqual(search('(?s)a.b', 'a\nb'), ['a\nb']);
    assert.deepEqual(search('(?i)hello', 'HeLLo'), ['HeLLo']);
    assert.deepEqual(search('(?i)[a-c]+', 'xABCx'), ['ABC']);
  });

  test('groups, back-references and conditionals', () => {
    assert.deepEqual(search('(?P<q>[\'"]).*?(?P=q)', 'say "hi" now'), ['"hi"', '"']);
    assert.equal(search('(a)?\\1b', 'b'), null);
    assert.deepEqual(search('(?P<a><)?x(?(a)>|!)', '<x>'), ['<x>', '<']);
    assert.deepEqual(search('(?P<a><)?x(?(a)>|!)', 'x!'), ['x!', '<null>']);
  });

  test('look-arounds, atomic groups and possessive repeats', () => {
    assert.deepEqual(search('(?<=ab)c', 'abc'), ['c']);
    assert.deepEqual(search('(?<!a)c', 'ac bc'), ['c']);
    assert.deepEqual(search('x(?=y)', 'xz xy'), ['x']);
    assert.deepEqual(search('(?=(\\w+))\\1:', 'abc:'), ['abc:', 'abc']);
    assert.equal(search('(?>a*)a', 'aaa'), null);
    assert.equal(search('a*+a', 'aaa'), null);
    assert.deepEqual(search('(?>a|ab)c', 'ac'), ['ac']);
  });

  test('verbose mode and comments', () => {
    assert.deepEqual(search('(?x) a b  # comment\n c', 'abc'), ['abc']);
    assert.deepEqual(search('a(?#note)b', 'ab'), ['ab']);
  });

  test('finditer follows Python 3.7+ rules for empty matches', () => {
    const spans = (p: string, s: string): number[][] =>
      PyRegex.compile(p)
        .finditer(new CodeText(s))
        .map((m) => [m.start, m.end]);
    assert.deepEqual(spans('x*', 'axx'), [
      [0, 0],
      [1, 3],
      [3, 3],
    ]);
    assert.deepEqual(spans('\\b', 'ab cd'), [
      [0, 0],
      [2, 2],
      [3, 3],
      [5, 5],
    ]);
  });

  test('astral characters are single characters', () => {
    assert.deepEqual(search('^(.)(.)$', '😀x'), ['😀x', '😀', 'x']);
  });
});

describe('Python regex engine: errors like Python 3.11', () => {
  const cases: [string, string][] = [
    ['foo[', 'unterminated character set at position 3'],
    ['(', 'missing ), unterminated subpattern at position 0'],
    ['a)', 'unbalanced parenthesis at position 1'],
    ['*a', 'nothing to repeat at position 0'],
    ['a**', 'multiple repeat at position 2'],
    ['\\q', 'bad escape \\q at position 0'],
    ['[z-a]', 'bad character range z-a at position 1'],
    ['(?P<1a>x)', "bad character in group name '1a' at position 4"],
    ['(?P<a>x)(?P<a>y)', "redefinition of group name 'a' as group 2; was group 1 at position 12"],
    ['(?P=b)', "unknown group name 'b' at position 4"],
    ['x(?i)', 'global flags not at the start of the expression at position 1'],
    ['(?<=a+)b', 'look-behind requires fixed-width pattern'],
    ['\\2(a)', 'invalid group reference 2 at position 1'],
    ['a{3,2}', 'min repeat greater than max repeat at position 2'],
    ['a\n(', 'missing ), unterminated subpattern at position 2 (line 2, column 1)'],
  ];
  for (const [pattern, message] of cases) {
    test(JSON.stringify(pattern), () => {
      assert.equal(errorOf(pattern), message);
    });
  }

  test('literal braces that do not form a repeat are accepted', () => {
    assert.deepEqual(search('{{a}}', '{{a}}'), ['{{a}}']);
    assert.deepEqual(search('a{,}', 'aaa'), ['aaa']);
  });

  test('unsupported constructs are refused clearly', () => {
    assert.throws(
      () => PyRegex.compile('(?i:a)'),
      (e: unknown) => e instanceof PyRegexError && e.unsupported,
    );
  });
});

describe('Python regex engine: one input buffer for every text', () => {
  test('a text is matched correctly after other texts were made or matched', () => {
    const words = PyRegex.compile(String.raw`(\w+) (\w+)`);
    const first = new CodeText('alpha beta');
    const second = new CodeText('gamma delta epsilon');
    assert.equal(words.search(first)?.group(2), 'beta');
    assert.equal(words.search(second)?.group(2), 'delta');
    const astral = new CodeText('x😀 y');
    assert.equal(words.search(first)?.group(1), 'alpha');
    assert.equal(PyRegex.compile('(.) (y)').search(astral)?.group(1), '😀');
    const long = new CodeText(`${'z'.repeat(5000)} w`);
    assert.equal(words.search(second)?.group(1), 'gamma');
    assert.equal(words.search(long)?.group(2), 'w');
    assert.equal(words.search(first)?.group(2), 'beta');
    assert.equal(first.cps.length, 10);
    assert.equal(astral.cps.length, 4);
  });

  test('any order of making and matching texts gives the answers of fresh texts', () => {
    const re = PyRegex.compile(String.raw`(?P<a>\S+)\s+(?P<b>.+?)\s*$`);
    const textArb = fc
      .array(fc.constantFrom('a', 'b', 'c', '😀', 'é', ' ', '\t'), { maxLength: 12 })
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(
        fc.array(textArb, { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat()),
        (strs, order) => {
          const texts = strs.map((s) => new CodeText(s));
          const picks = order.length > 0 ? order.map((i) => i % texts.length) : [0];
          for (const i of picks) {
            const text = texts[i];
            if (!text) continue;
            const got = re.search(text);
            const want = re.search(new CodeText(text.str));
            assert.deepEqual(got && [...got.slots], want && [...want.slots]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

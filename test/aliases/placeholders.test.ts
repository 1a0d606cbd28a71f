import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  findNative,
  findPlaceholders,
  NATIVE_PLACEHOLDERS,
  PYTHON_PLACEHOLDERS,
} from '../../src/aliases/placeholders.js';
import { CodeText, PyRegex } from '../../src/aliases/pyre/index.js';

const PIECES = [
  '{{',
  '}}',
  '{',
  '}',
  '=',
  '"',
  "'",
  '""',
  "''",
  ' ',
  '  ',
  '\t',
  '\n',
  '\x1c',
  '\x85',
  '\ufeff',
  '\u3000',
  'name',
  'x',
  'a b',
  '😀',
  'é',
  '{{ name }}',
  '{{name=1}}',
  '{{ v = "a b" }}',
  "{{v=''}}",
  '{{ j = {"k": 1} }}',
];

const textArb = fc.array(fc.constantFrom(...PIECES), { maxLength: 10 }).map((p) => p.join(''));

/** Every match as text: the whole match and groups 1–6 ('' when unset). */
function viaPython(name: keyof typeof PYTHON_PLACEHOLDERS, text: string): string[][] {
  const p = PYTHON_PLACEHOLDERS[name];
  const re = PyRegex.compile(p.source, { dotAll: p.dotAll });
  const t = new CodeText(text);
  return re
    .finditer(t)
    .map((m) => [t.slice(0, m.start), ...[0, 1, 2, 3, 4, 5, 6].map((i) => m.group(i) ?? '')]);
}

function viaNative(name: keyof typeof NATIVE_PLACEHOLDERS, text: string): string[][] {
  return findNative(NATIVE_PLACEHOLDERS[name], text).map((m) => [
    text.slice(0, m.start),
    text.slice(m.start, m.end),
    ...[1, 2, 3, 4, 5, 6].map((i) => m.group(i)),
  ]);
}

describe('placeholder expressions: native and Python find the same matches', () => {
  for (const name of ['optionalSub', 'requiredSub', 'optionalFind'] as const) {
    test(name, () => {
      fc.assert(
        fc.property(textArb, (text) => {
          assert.deepEqual(viaNative(name, text), viaPython(name, text), JSON.stringify(text));
        }),
        { numRuns: 1500 },
      );
    });
  }

  test('long text is searched with pyre, in bounded time, with the same results', () => {
    const hostile = `{{a =${' '.repeat(4000)}`;
    const t0 = performance.now();
    assert.deepEqual(findPlaceholders('optionalSub', hostile), []);
    assert.ok(performance.now() - t0 < 5000, 'pyre stops a cubic search');
    const long = `deploy {{ app }} to {{env=prod}} ${'x'.repeat(200)}`;
    const spans = (ms: ReturnType<typeof findPlaceholders>): unknown =>
      ms.map((m) => [m.start, m.end, m.group(1), m.group(2)]);
    assert.deepEqual(
      spans(findPlaceholders('requiredSub', long)),
      spans(findNative(NATIVE_PLACEHOLDERS.requiredSub, long)),
    );
  });

  test('the usual placeholders are found', () => {
    const found = viaNative('requiredSub', 'deploy {{ app }} to {{env}}');
    assert.deepEqual(
      found.map((m) => m[3]),
      ['app', 'env'],
    );
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { measureIn, splitText, utf8Length } from '../../src/core/split.js';

test('short text is one part', () => {
  assert.deepEqual(splitText('hello', 10), ['hello']);
});

test('splits at line breaks first', () => {
  assert.deepEqual(splitText('aaaa\nbbbb\ncccc', 10), ['aaaa\nbbbb', 'cccc']);
});

test('splits at spaces when a line is too long', () => {
  assert.deepEqual(splitText('one two three four', 9), ['one two', 'three', 'four']);
});

test('hard-cuts a word longer than the limit without dropping characters', () => {
  const parts = splitText('x'.repeat(25), 10);
  assert.deepEqual(parts, ['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
});

test('never splits a surrogate pair', () => {
  const parts = splitText('😀😀😀', 3);
  assert.equal(parts.join(''), '😀😀😀');
  for (const p of parts) assert.doesNotMatch(p, /[\uD800-\uDBFF]$/);
});

test('measures UTF-8 bytes when asked', () => {
  const parts = splitText('é'.repeat(10), 8, utf8Length);
  for (const p of parts) assert.ok(utf8Length(p) <= 8);
  assert.equal(parts.join(''), 'é'.repeat(10));
});

test('measures in the unit a back-end declares', () => {
  assert.equal(measureIn('bytes')('é€😀'), 2 + 3 + 4);
  assert.equal(measureIn('chars')('é€😀'), 1 + 1 + 2);
});

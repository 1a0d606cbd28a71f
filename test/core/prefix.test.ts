import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commandText, splitCommand } from '../../src/core/prefix.js';

const opts = { prefix: '!', names: ['stormbot'], prefixOptionalInDirect: true };

test('prefix is stripped', () => {
  assert.equal(commandText({ text: '!st2 greet Hi', direct: false }, opts), 'st2 greet Hi');
});
test('a bare prefix is not a command', () => {
  assert.equal(commandText({ text: '!', direct: false }, opts), undefined);
});
test('empty prefix never makes every room message a command', () => {
  const o = { ...opts, prefix: '' };
  assert.equal(commandText({ text: 'hello', direct: false }, o), undefined);
  assert.equal(commandText({ text: 'stormbot: hello', direct: false }, o), 'hello');
});
test('prefix optional in DMs can be switched off', () => {
  assert.equal(
    commandText({ text: 'help', direct: true }, { ...opts, prefixOptionalInDirect: false }),
    undefined,
  );
});
test('splitCommand lower-cases the word and keeps argument lines', () => {
  assert.deepEqual(splitCommand('ST2 run\n x'), { name: 'st2', args: 'run\n x' });
  assert.deepEqual(splitCommand('help'), { name: 'help', args: '' });
});

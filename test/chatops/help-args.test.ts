import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHelpArgs } from '../../src/chatops/help-command.js';
import { CommandError } from '../../src/core/errors.js';

test('pack, keyword and paging flags', () => {
  assert.deepEqual(parseHelpArgs('examples deploy --limit 5 --offset=10'), {
    words: ['examples', 'deploy'],
    limit: 5,
    offset: 10,
  });
  assert.deepEqual(parseHelpArgs(''), { words: [], limit: 50, offset: 0 });
});

test('bad paging values are explained', () => {
  assert.throws(() => parseHelpArgs('--limit 0'), CommandError);
  assert.throws(() => parseHelpArgs('--offset x'), /--offset needs a whole number/);
  assert.throws(() => parseHelpArgs('--limit'), /--limit needs a whole number of at least 1/);
});

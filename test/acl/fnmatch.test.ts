import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fnmatch } from '../../src/acl/index.js';

/** Vectors computed by CPython's `fnmatch.fnmatchcase` (see the fixture). */
const vectors = JSON.parse(
  readFileSync(new URL('../fixtures/fnmatch-vectors.json', import.meta.url), 'utf8'),
) as { name: string; pattern: string; expected: boolean }[];

describe('fnmatch agrees with Python fnmatch.fnmatchcase', () => {
  for (const v of vectors) {
    test(`${JSON.stringify(v.name)} ~ ${JSON.stringify(v.pattern)} → ${v.expected}`, () => {
      assert.equal(fnmatch(v.name, v.pattern), v.expected);
    });
  }
});

test('ignoreCase matches regardless of case', () => {
  assert.equal(fnmatch('ST2:Core.Local', 'st2:core.*', true), true);
  assert.equal(fnmatch('ST2:Core.Local', 'st2:core.*'), false);
});

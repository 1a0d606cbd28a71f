import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatSt2Time, parseSt2Time } from '../../../src/stackstorm/model.js';

describe('time', () => {
  test('st2 timestamps in every accepted form parse to the same instant', () => {
    const expected = Date.UTC(2016, 4, 28, 12, 39, 28, 650);
    for (const s of [
      '2016-05-28T12:39:28.650231Z',
      '2016-05-28 12:39:28.650Z',
      '2016-05-28T12:39:28.650231+00',
      '2016-05-28T12:39:28.650231+0000',
      '2016-05-28T12:39:28.650231+00:00',
    ]) {
      assert.equal(parseSt2Time(s), expected, s);
    }
    assert.equal(parseSt2Time('2016-05-28T12:39:28Z'), Date.UTC(2016, 4, 28, 12, 39, 28));
  });

  test('other offsets and garbage are refused', () => {
    for (const s of ['2016-05-28T12:39:28+02:00', 'tomorrow', '', '2016-05-28T12:39:28.65Z']) {
      assert.equal(parseSt2Time(s), undefined, s);
    }
  });

  test('formatting matches st2 (microseconds, Z)', () => {
    assert.equal(formatSt2Time(Date.UTC(2026, 0, 2, 3, 4, 5, 67)), '2026-01-02T03:04:05.067000Z');
  });
});

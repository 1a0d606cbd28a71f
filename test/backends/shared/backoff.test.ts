import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Backoff } from '../../../src/backends/shared/backoff.js';

describe('reconnect backoff', () => {
  test('grows exponentially within jitter bounds up to the cap, and resets', () => {
    const low = new Backoff({ initialMs: 1000, maxMs: 8000, random: () => 0 });
    assert.deepEqual(
      Array.from({ length: 6 }, () => low.next()),
      [500, 1000, 2000, 4000, 4000, 4000],
    );
    const high = new Backoff({ initialMs: 1000, maxMs: 8000, random: () => 0.999999 });
    assert.deepEqual(
      Array.from({ length: 5 }, () => high.next()),
      [1000, 2000, 4000, 8000, 8000],
    );
    high.reset();
    assert.equal(high.next(), 1000);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_BACKOFF, backoffDelay } from '../../src/lib/backoff.js';

test('backoff grows exponentially and stops at the cap', () => {
  const noJitter = { ...DEFAULT_BACKOFF, jitter: 0 };
  const schedule = Array.from({ length: 10 }, (_, i) => backoffDelay(i, noJitter, () => 0.5));
  assert.deepEqual(schedule, [1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000, 60000]);
});

test('jitter keeps every delay within [base/2, base] and under the cap', () => {
  for (const r of [0, 0.25, 0.5, 0.999999]) {
    for (let attempt = 0; attempt < 200; attempt++) {
      const delay = backoffDelay(attempt, DEFAULT_BACKOFF, () => r);
      const base = Math.min(DEFAULT_BACKOFF.maxMs, 1000 * 2 ** attempt);
      assert.ok(delay <= base && delay >= base / 2, `attempt ${attempt} r=${r}: ${delay}`);
      assert.ok(delay <= DEFAULT_BACKOFF.maxMs);
    }
  }
  assert.equal(
    backoffDelay(0, DEFAULT_BACKOFF, () => 0),
    1000,
  );
  assert.equal(
    backoffDelay(0, DEFAULT_BACKOFF, () => 0.5),
    750,
  );
  assert.equal(
    backoffDelay(3, DEFAULT_BACKOFF, () => 0.999999),
    4000,
  );
});

test('random values outside [0,1) and huge attempts stay bounded', () => {
  assert.equal(
    backoffDelay(5000, DEFAULT_BACKOFF, () => 7),
    30000,
  );
  assert.equal(
    backoffDelay(-3, DEFAULT_BACKOFF, () => -1),
    1000,
  );
  assert.equal(backoffDelay(Number.MAX_SAFE_INTEGER, { ...DEFAULT_BACKOFF, jitter: 0 }), 60000);
});

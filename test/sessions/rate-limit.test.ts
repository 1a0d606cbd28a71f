import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../support/clock.js';
import { TokenBucketLimiter } from '../../src/sessions/rate-limit.js';

test('a bucket allows its burst, then one per refill period', async () => {
  const clock = new ManualClock();
  const limiter = new TokenBucketLimiter(clock, { burst: 2, refillEveryMs: 1000 });
  assert.deepEqual([limiter.take('a'), limiter.take('a'), limiter.take('a')], [true, true, false]);
  assert.equal(limiter.retryAfterMs('a'), 1000);
  await clock.advance(500);
  assert.equal(limiter.take('a'), false);
  assert.equal(limiter.retryAfterMs('a'), 500);
  await clock.advance(500);
  assert.equal(limiter.take('a'), true);
  assert.equal(limiter.take('a'), false);
  // A long pause refills only up to the burst.
  await clock.advance(60_000);
  assert.deepEqual([limiter.take('a'), limiter.take('a'), limiter.take('a')], [true, true, false]);
});

test('keys are independent, and the oldest are forgotten beyond maxKeys', () => {
  const clock = new ManualClock();
  const limiter = new TokenBucketLimiter(clock, { burst: 1, refillEveryMs: 1000, maxKeys: 2 });
  assert.equal(limiter.take('a'), true);
  assert.equal(limiter.take('b'), true);
  assert.equal(limiter.take('a'), false);
  assert.equal(limiter.take('c'), true); // evicts b (a was used more recently)
  assert.equal(limiter.take('b'), true);
});

test('bad settings are refused', () => {
  assert.throws(
    () => new TokenBucketLimiter(new ManualClock(), { burst: 0, refillEveryMs: 1 }),
    RangeError,
  );
  assert.throws(
    () => new TokenBucketLimiter(new ManualClock(), { burst: 1, refillEveryMs: 0 }),
    RangeError,
  );
});

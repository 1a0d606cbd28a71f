import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RecentKeys, TtlCache } from '../../../src/backends/shared/cache.js';
import { ManualClock } from '../../support/clock.js';

describe('TtlCache and RecentKeys', () => {
  test('entries expire after their time to live', async () => {
    const clock = new ManualClock();
    const cache = new TtlCache<string, number>(clock, 1000);
    cache.set('a', 1);
    await clock.advance(999);
    assert.equal(cache.get('a'), 1);
    await clock.advance(1);
    assert.equal(cache.get('a'), undefined);
  });

  test('the oldest entries go first when full', () => {
    const cache = new TtlCache<string, number>(new ManualClock(), 1000, 2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    assert.deepEqual([cache.get('a'), cache.get('b'), cache.get('c')], [undefined, 2, 3]);
  });

  test('RecentKeys reports duplicates within its bound', () => {
    const keys = new RecentKeys(2);
    assert.equal(keys.seen('x'), false);
    assert.equal(keys.seen('x'), true);
    keys.seen('y');
    keys.seen('z');
    assert.equal(keys.seen('x'), false, 'forgotten once pushed out');
  });
});

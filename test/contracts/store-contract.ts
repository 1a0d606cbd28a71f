/**
 * The shared key/value store contract suite. Every driver runs it through `runStoreContract`
 * with a factory that opens a fresh, empty store whose expiry follows the given `ManualClock`.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualClock } from '../support/clock.js';
import { StoreClosedError } from '../../src/store/errors.js';
import type { KeyValueStore } from '../../src/store/types.js';

/** How a driver's test opens stores for the contract. */
export type MakeStore = (clock: ManualClock) => Promise<KeyValueStore>;

/** Optional parts of the contract. */
export interface StoreContractOptions {
  /** Skip the whole suite, with this reason. */
  readonly skip?: string | undefined;
  /**
   * For shared drivers: open a second handle on the same data as `store`, as another process
   * would. The suite then checks that writes are seen and `setIfAbsent` is atomic across handles.
   */
  readonly openPeer?:
    ((store: KeyValueStore, clock: ManualClock) => Promise<KeyValueStore>) | undefined;
}

const sorted = (keys: string[]) => [...keys].sort();

/** Run the contract suite for one driver. */
export function runStoreContract(
  name: string,
  makeStore: MakeStore,
  options: StoreContractOptions = {},
): void {
  const withStore = async (fn: (store: KeyValueStore, clock: ManualClock) => Promise<void>) => {
    const clock = new ManualClock();
    const store = await makeStore(clock);
    try {
      await fn(store, clock);
    } finally {
      await store.close();
    }
  };

  void describe(`store contract: ${name}`, { skip: options.skip ?? false }, () => {
    test('get, set, replace and delete', () =>
      withStore(async (store) => {
        const ns = store.namespace('things');
        assert.equal(await ns.get('a'), undefined);
        await ns.set('a', 'one');
        assert.equal(await ns.get('a'), 'one');
        await ns.set('a', 'two');
        assert.equal(await ns.get('a'), 'two');
        assert.equal(await ns.delete('a'), true);
        assert.equal(await ns.get('a'), undefined);
        assert.equal(await ns.delete('a'), false);
        assert.equal(await ns.delete('never'), false);
      }));

    test('an empty string is a value, not an absence', () =>
      withStore(async (store) => {
        const ns = store.namespace('things');
        await ns.set('empty', '');
        assert.equal(await ns.get('empty'), '');
        assert.equal(await ns.setIfAbsent('empty', 'x'), false);
        assert.deepEqual(await ns.keys(), ['empty']);
      }));

    test('keys lists the live keys of the namespace', () =>
      withStore(async (store) => {
        const ns = store.namespace('things');
        assert.deepEqual(await ns.keys(), []);
        await ns.set('a', '1');
        await ns.set('b', '2');
        await ns.set('c', '3');
        await ns.delete('b');
        assert.deepEqual(sorted(await ns.keys()), ['a', 'c']);
      }));

    test('keys lists many keys (more than one batch)', () =>
      withStore(async (store) => {
        const ns = store.namespace('many');
        const want = Array.from({ length: 1234 }, (_, i) => `k${i}`);
        await Promise.all(want.map((k) => ns.set(k, k)));
        assert.deepEqual(sorted(await ns.keys()), sorted(want));
      }));

    test('namespaces are isolated, including one whose name prefixes another', () =>
      withStore(async (store) => {
        const a = store.namespace('a');
        const ab = store.namespace('ab');
        const other = store.namespace('a.b');
        await a.set('k', 'in a');
        await ab.set('k', 'in ab');
        await ab.set('b:k', 'colon key in ab');
        assert.equal(await a.get('k'), 'in a');
        assert.equal(await ab.get('k'), 'in ab');
        assert.equal(await other.get('k'), undefined);
        assert.equal(await a.get('b:k'), undefined);
        assert.deepEqual(await a.keys(), ['k']);
        assert.deepEqual(sorted(await ab.keys()), ['b:k', 'k']);
        assert.equal(await a.setIfAbsent('b:k', 'x'), true);
        assert.equal(await a.delete('k'), true);
        assert.equal(await ab.get('k'), 'in ab');
        assert.equal(await ab.get('b:k'), 'colon key in ab');
        // A namespace view is only a view: two views of one name see the same data.
        assert.equal(await store.namespace('a').get('b:k'), 'x');
      }));

    test('a TTL expires by the injected clock, to the millisecond', () =>
      withStore(async (store, clock) => {
        const ns = store.namespace('ttl');
        await ns.set('short', 'v', { ttlMs: 1000 });
        await ns.set('forever', 'v');
        await clock.advance(999);
        assert.equal(await ns.get('short'), 'v');
        assert.deepEqual(sorted(await ns.keys()), ['forever', 'short']);
        await clock.advance(1);
        assert.equal(await ns.get('short'), undefined);
        assert.deepEqual(await ns.keys(), ['forever']);
        assert.equal(await ns.delete('short'), false, 'an expired key does not count as existing');
        await clock.advance(365 * 24 * 3600 * 1000);
        assert.equal(await ns.get('forever'), 'v');
      }));

    test('set replaces the TTL along with the value', () =>
      withStore(async (store, clock) => {
        const ns = store.namespace('ttl');
        await ns.set('k', 'with ttl', { ttlMs: 100 });
        await ns.set('k', 'no ttl');
        await clock.advance(1000);
        assert.equal(await ns.get('k'), 'no ttl');
        await ns.set('k', 'ttl again', { ttlMs: 50 });
        await clock.advance(49);
        assert.equal(await ns.get('k'), 'ttl again');
        await clock.advance(1);
        assert.equal(await ns.get('k'), undefined);
      }));

    test('setIfAbsent writes only when the key is absent or expired', () =>
      withStore(async (store, clock) => {
        const ns = store.namespace('lock');
        assert.equal(await ns.setIfAbsent('k', 'first', { ttlMs: 500 }), true);
        assert.equal(await ns.setIfAbsent('k', 'second'), false);
        assert.equal(await ns.get('k'), 'first');
        await clock.advance(500);
        assert.equal(await ns.setIfAbsent('k', 'third', { ttlMs: 200 }), true);
        assert.equal(await ns.get('k'), 'third');
        await clock.advance(199);
        assert.equal(await ns.setIfAbsent('k', 'fourth'), false);
        await clock.advance(1);
        assert.equal(await ns.get('k'), undefined);
        await ns.set('k', 'plain');
        assert.equal(await ns.delete('k'), true);
        assert.equal(await ns.setIfAbsent('k', 'after delete'), true);
        assert.equal(await ns.get('k'), 'after delete');
      }));

    test('concurrent setIfAbsent: exactly one wins and its value is kept', () =>
      withStore(async (store) => {
        const ns = store.namespace('race');
        for (const contenders of [2, 16]) {
          const key = `k${contenders}`;
          const values = Array.from({ length: contenders }, (_, i) => `v${i}`);
          const results = await Promise.all(values.map((v) => ns.setIfAbsent(key, v)));
          assert.equal(results.filter(Boolean).length, 1, `${contenders} contenders`);
          assert.equal(await ns.get(key), values[results.indexOf(true)]);
        }
      }));

    test('concurrent setIfAbsent on an expired key: exactly one wins', () =>
      withStore(async (store, clock) => {
        const ns = store.namespace('race');
        await ns.set('k', 'old', { ttlMs: 10 });
        await clock.advance(10);
        const results = await Promise.all(['a', 'b', 'c'].map((v) => ns.setIfAbsent('k', v)));
        assert.equal(results.filter(Boolean).length, 1);
      }));

    if (options.openPeer) {
      const openPeer = options.openPeer;
      test('a second handle sees writes, and setIfAbsent is atomic across handles', () =>
        withStore(async (store, clock) => {
          const peer = await openPeer(store, clock);
          try {
            const mine = store.namespace('shared');
            const theirs = peer.namespace('shared');
            await mine.set('k', 'from one');
            assert.equal(await theirs.get('k'), 'from one');
            assert.equal(await theirs.delete('k'), true);
            assert.equal(await mine.get('k'), undefined);
            for (let round = 0; round < 10; round++) {
              const key = `lock${round}`;
              const [a, b] = await Promise.all([
                mine.setIfAbsent(key, 'one'),
                theirs.setIfAbsent(key, 'two'),
              ]);
              assert.equal(Number(a) + Number(b), 1, `round ${round}`);
              assert.equal(await theirs.get(key), a ? 'one' : 'two');
            }
          } finally {
            await peer.close();
          }
        }));
    }

    test('unicode keys and values, and a large value, round-trip exactly', () =>
      withStore(async (store) => {
        const ns = store.namespace('unicode');
        const values = [
          'héllo wörld',
          '日本語のテキスト',
          '👩‍👩‍👧‍👦 🏳️‍🌈 🇫🇷',
          'שלום עולם',
          'e\u0301 combining',
          'line one\nline two\r\n\ttab',
          'colons: a:b:c and \\ backslash',
          'nul \u0000 inside',
        ];
        const keys = ['ключ', 'user:U123', 'glob*?[x]\\', '🔑', 'with space'];
        for (const [i, key] of keys.entries()) await ns.set(key, values[i % values.length]!);
        for (const [i, key] of keys.entries()) {
          assert.equal(await ns.get(key), values[i % values.length]);
        }
        assert.deepEqual(sorted(await ns.keys()), sorted(keys));
        for (const [i, v] of values.entries()) {
          await ns.set(`v${i}`, v);
          assert.equal(await ns.get(`v${i}`), v);
        }
        const chunk = 'abcdefghij€😀\n';
        const large = chunk.repeat(Math.ceil((2 * 1024 * 1024) / chunk.length));
        await ns.set('large', large);
        assert.equal(await ns.get('large'), large);
      }));

    test('bad arguments are refused with a RangeError', () =>
      withStore(async (store) => {
        for (const bad of ['', 'a:b', 'has space', '-lead', 'x'.repeat(65), 'ü']) {
          assert.throws(() => store.namespace(bad), RangeError, JSON.stringify(bad));
        }
        const ns = store.namespace('ok_name-1.2');
        await assert.rejects(ns.get(''), RangeError);
        await assert.rejects(ns.set('', 'v'), RangeError);
        for (const ttlMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
          await assert.rejects(ns.set('k', 'v', { ttlMs }), RangeError, String(ttlMs));
          await assert.rejects(ns.setIfAbsent('k', 'v', { ttlMs }), RangeError, String(ttlMs));
        }
        assert.equal(await ns.get('k'), undefined, 'a refused write leaves nothing behind');
      }));

    test('close is idempotent and later calls reject with StoreClosedError', async () => {
      const store = await makeStore(new ManualClock());
      const ns = store.namespace('closing');
      await ns.set('k', 'v');
      await store.close();
      await store.close();
      await Promise.all([store.close(), store.close()]);
      await assert.rejects(ns.get('k'), StoreClosedError);
      await assert.rejects(ns.set('k', 'v'), StoreClosedError);
      await assert.rejects(ns.setIfAbsent('k', 'v'), StoreClosedError);
      await assert.rejects(ns.delete('k'), StoreClosedError);
      await assert.rejects(ns.keys(), StoreClosedError);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createClient } from 'redis';
import { ManualClock } from '../support/clock.js';
import { StartupError } from '../../src/core/errors.js';
import { createStore } from '../../src/store/create.js';
import { RedisStore } from '../../src/store/redis.js';
import type { KeyValueStore } from '../../src/store/types.js';
import { capturingLogger } from '../support/logs.js';
import { redisSkipReason, startRedisServer, type RedisServer } from '../support/redis-server.js';
import { runStoreContract } from '../contracts/store-contract.js';

const skip = redisSkipReason();
let server: RedisServer | undefined;
let raw: ReturnType<typeof createClient> | undefined;

before(async () => {
  if (skip) return;
  server = await startRedisServer();
  raw = createClient({ url: server.url });
  await raw.connect();
});
after(async () => {
  await raw?.close();
  await server?.stop();
});

const url = () => server!.url;
let n = 0;
const freshPrefix = () => `test${++n}:`;

runStoreContract(
  'redis',
  (clock) => RedisStore.open({ url: url(), keyPrefix: freshPrefix(), clock }),
  {
    skip,
    openPeer: (store: KeyValueStore, clock) => {
      assert.ok(store instanceof RedisStore);
      return RedisStore.open({ url: url(), keyPrefix: store.keyPrefix, clock });
    },
  },
);

describe('redis store', { skip: skip ?? false }, () => {
  test('keys are <prefix><namespace>:<key> and a TTL also sets a real PX expiry', async () => {
    const store = await createStore({
      driver: 'redis',
      redisUrl: url(),
      keyPrefix: 'layout:',
      clock: new ManualClock(),
    });
    try {
      await store.namespace('sessions').set('U1', 'v');
      await store.namespace('sessions').set('U2', 'v', { ttlMs: 5000 });
      const keys = await raw!.keys('layout:*');
      assert.deepEqual(keys.sort(), ['layout:sessions:U1', 'layout:sessions:U2']);
      assert.equal(await raw!.pTTL('layout:sessions:U1'), -1);
      const pttl = await raw!.pTTL('layout:sessions:U2');
      assert.ok(pttl > 5000 && pttl <= 65_000, `PTTL ${pttl}`);
    } finally {
      await store.close();
    }
  });

  test('a value written by someone else is logged and skipped, without its content', async () => {
    const logs = capturingLogger();
    const store = await RedisStore.open({
      url: url(),
      keyPrefix: 'foreign:',
      logger: logs.logger,
    });
    try {
      await raw!.set('foreign:ns:k', 'not-our-format-secret');
      assert.equal(await store.namespace('ns').get('k'), undefined);
      assert.deepEqual(await store.namespace('ns').keys(), []);
      assert.ok(logs.lines.some((l) => l.msg === 'skipping a malformed value'));
      assert.doesNotMatch(logs.text(), /not-our-format-secret/);
    } finally {
      await store.close();
    }
  });

  test('a prefix with glob characters only matches itself', async () => {
    const clock = new ManualClock();
    const star = await RedisStore.open({ url: url(), keyPrefix: 'g*:', clock });
    const plain = await RedisStore.open({ url: url(), keyPrefix: 'gx:', clock });
    try {
      await plain.namespace('ns').set('k', 'v');
      assert.deepEqual(await star.namespace('ns').keys(), []);
    } finally {
      await star.close();
      await plain.close();
    }
  });

  test('an unreachable server is a clear start-up error without the password', async () => {
    const closed = `redis://user:hunter2@127.0.0.1:${server!.port + 1}`;
    const logs = capturingLogger();
    await assert.rejects(
      createStore({ driver: 'redis', redisUrl: closed, logger: logs.logger }),
      (err: Error) => {
        assert.ok(err instanceof StartupError);
        assert.match(
          err.message,
          /^store\.redis_url: cannot connect to redis at redis:\/\/127\.0\.0\.1:\d+ \(keys stormbot:\*\)/,
        );
        assert.doesNotMatch(err.message, /hunter2/);
        return true;
      },
    );
    assert.doesNotMatch(logs.text(), /hunter2/);
  });

  test('location names the server and the key prefix', async () => {
    const store = await RedisStore.open({ url: url(), keyPrefix: 'loc:' });
    try {
      assert.equal(store.location, `${url()} (keys loc:*)`);
    } finally {
      await store.close();
    }
  });
});

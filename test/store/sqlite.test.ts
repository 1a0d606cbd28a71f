import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { ManualClock } from '../support/clock.js';
import { StartupError } from '../../src/core/errors.js';
import { createStore } from '../../src/store/create.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { KeyValueStore } from '../../src/store/types.js';
import { runStoreContract } from '../contracts/store-contract.js';

const root = mkdtempSync(join(tmpdir(), 'stormbot-sqlite-'));
after(() => {
  rmSync(root, { recursive: true, force: true });
});
let n = 0;
const freshPath = () => join(root, `db${++n}`, 'store.db');

runStoreContract('sqlite', (clock) => SqliteStore.open({ path: freshPath(), clock }), {
  openPeer: (store: KeyValueStore, clock) => SqliteStore.open({ path: store.location!, clock }),
});

describe('sqlite store', () => {
  test('values and TTLs survive closing and reopening the file', async () => {
    const path = freshPath();
    const clock = new ManualClock();
    const first = await createStore({ driver: 'sqlite', path, clock });
    assert.equal(first.driver, 'sqlite');
    await first.namespace('sessions').set('U1', 'token-1');
    await first.namespace('sessions').set('U2', 'token-2', { ttlMs: 1000 });
    await first.namespace('other').set('U1', 'elsewhere');
    await first.close();

    const second = await createStore({ driver: 'sqlite', path, clock });
    try {
      const sessions = second.namespace('sessions');
      assert.equal(await sessions.get('U1'), 'token-1');
      assert.equal(await sessions.get('U2'), 'token-2');
      assert.equal(await second.namespace('other').get('U1'), 'elsewhere');
      await clock.advance(1000);
      assert.equal(await sessions.get('U2'), undefined);
    } finally {
      await second.close();
    }
  });

  test('one private file in WAL mode, with a table (namespace, key, value, expires_at)', async () => {
    const path = freshPath();
    const store = await SqliteStore.open({ path, clock: new ManualClock(1000) });
    await store.namespace('ns').set('k', 'v', { ttlMs: 5 });
    const peek = new Database(path, { readonly: true });
    try {
      assert.equal(peek.pragma('journal_mode', { simple: true }), 'wal');
      assert.deepEqual(peek.prepare('SELECT namespace, key, value, expires_at FROM kv').all(), [
        { namespace: 'ns', key: 'k', value: 'v', expires_at: 1005 },
      ]);
    } finally {
      peek.close();
      await store.close();
    }
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(join(path, '..')).mode & 0o777, 0o700);
  });

  test('expired rows are removed from the file when it is opened', async () => {
    const path = freshPath();
    const clock = new ManualClock();
    const store = await SqliteStore.open({ path, clock });
    await store.namespace('ns').set('gone', 'v', { ttlMs: 10 });
    await store.namespace('ns').set('kept', 'v');
    await store.close();
    await clock.advance(10);
    await (await SqliteStore.open({ path, clock })).close();
    const peek = new Database(path, { readonly: true });
    try {
      assert.deepEqual(peek.prepare('SELECT key FROM kv').pluck().all(), ['kept']);
    } finally {
      peek.close();
    }
  });

  test('a file that is not a database gives a clear error', async () => {
    const path = freshPath();
    await (await SqliteStore.open({ path })).close();
    writeFileSync(path, 'this is not sqlite '.repeat(100));
    await assert.rejects(SqliteStore.open({ path }), (err: Error) => {
      assert.match(
        err.message,
        /cannot use .*store\.db as the sqlite store: file is not a database/,
      );
      return true;
    });
  });

  test('a directory as the path is a StartupError naming store.path', async () => {
    const path = freshPath();
    mkdirSync(path, { recursive: true });
    await assert.rejects(createStore({ driver: 'sqlite', path }), (err: Error) => {
      assert.ok(err instanceof StartupError);
      assert.match(err.message, /^store\.path: /);
      assert.ok(!err.message.includes('\n'), 'one line');
      return true;
    });
  });
});

describe('sqlite store across threads', () => {
  test('setIfAbsent is atomic between connections writing at the same time', async () => {
    const path = freshPath();
    await (await SqliteStore.open({ path })).close();
    const keys = 1000;
    const names = ['w1', 'w2', 'w3'];
    const workers = names.map((name) => {
      // Workers do not inherit tsx's loader: load it inside the worker first.
      const script = new URL('./sqlite-race-worker.ts', import.meta.url).href;
      const boot = `import('tsx/esm/api').then((tsx) => tsx.tsImport(${JSON.stringify(script)}, ${JSON.stringify(import.meta.url)}))`;
      return new Worker(boot, { eval: true, workerData: { path, keys, name } });
    });
    const next = (w: Worker) =>
      new Promise<unknown>((resolve, reject) => {
        w.once('message', resolve);
        w.once('error', reject);
      });
    // Start them together so their claims overlap.
    await Promise.all(workers.map(next));
    const done = workers.map(next);
    for (const w of workers) w.postMessage('go');
    const results = (await Promise.all(done)) as string[][];
    const winners = results.flat();
    assert.equal(winners.length, keys, 'every key won exactly once in total');
    assert.equal(new Set(winners).size, keys);
    const store = await SqliteStore.open({ path });
    try {
      const ns = store.namespace('race');
      for (const [i, name] of names.entries()) {
        for (const k of results[i]!) assert.equal(await ns.get(k), name);
      }
    } finally {
      await store.close();
    }
  });
});

/**
 * A worker for the cross-thread setIfAbsent test: opens its own connection to the database,
 * says it is ready, and on `go` claims keys, reporting which ones it won.
 */
import { once } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteStore } from '../../src/store/sqlite.js';

const port = parentPort!;
const { path, keys, name } = workerData as { path: string; keys: number; name: string };
const store = await SqliteStore.open({ path });
const ns = store.namespace('race');
const go = once(port, 'message');
port.postMessage('ready');
await go;
const won: string[] = [];
for (let i = 0; i < keys; i++) {
  if (await ns.setIfAbsent(`k${i}`, name)) won.push(`k${i}`);
}
await store.close();
port.postMessage(won);

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ManualClock } from '../support/clock.js';
import { createStore } from '../../src/store/create.js';
import { StartupError } from '../../src/core/errors.js';
import { SecretDecryptError } from '../../src/store/errors.js';
import { MemoryStore } from '../../src/store/memory.js';
import { SecretBox } from '../../src/store/secret-box.js';
import { loadSecretKey } from '../../src/store/secret-key.js';
import {
  encryptedNamespace,
  keyCheckValue,
  META_NAMESPACE,
  openSecretStore,
} from '../../src/store/secret-store.js';
import { capturingLogger } from '../support/logs.js';
import { runStoreContract } from '../contracts/store-contract.js';

const root = mkdtempSync(join(tmpdir(), 'stormbot-secrets-'));
after(() => {
  rmSync(root, { recursive: true, force: true });
});
let n = 0;
const freshDir = () => join(root, `d${++n}`);

/** Every byte of every file in `dir` (the database, and its -wal/-shm files if any remain). */
const allBytes = (dir: string) =>
  Buffer.concat(readdirSync(dir).map((f) => readFileSync(join(dir, f))));

// An encrypted namespace is itself a StoreNamespace: it must keep the whole contract.
runStoreContract('memory, encrypted', async (clock) => {
  const inner = new MemoryStore({ clock });
  const secrets = await openSecretStore(inner, randomBytes(32));
  return {
    driver: 'memory+secret',
    namespace: (name: string) => secrets.namespace(name),
    close: () => inner.close(),
  };
});

describe('encrypted secret store', () => {
  test('sqlite: secrets survive a restart and the files hold no plaintext', async () => {
    const dir = freshDir();
    const path = join(dir, 'store.db');
    const logs = capturingLogger();
    const keyFile = join(`${dir}-key`, 'secret.key');
    const key = await loadSecretKey({ env: {}, keyFile, logger: logs.logger });
    const token = `st2-token-${randomBytes(12).toString('hex')}`;
    const apiKey = `ZjQ3${randomBytes(16).toString('hex')}`;

    const first = await createStore({
      driver: 'sqlite',
      path,
      clock: new ManualClock(),
      logger: logs.logger,
    });
    const secrets = await openSecretStore(first, key);
    await secrets.namespace('sessions').set('U1', token);
    await secrets.namespace('sessions').set('U2', apiKey, { ttlMs: 3600_000 });
    // While open, the newest pages sit in the WAL: check those bytes too.
    const whileOpen = allBytes(dir);
    assert.ok(whileOpen.includes('U2'), 'sanity: the raw read sees the newest row');
    assert.ok(!whileOpen.includes(token) && !whileOpen.includes(apiKey), 'plaintext while open');
    await first.close();

    const bytes = allBytes(dir);
    assert.ok(bytes.includes('U1'), 'sanity: the raw read does see the row');
    assert.ok(!bytes.includes(token));
    assert.ok(!bytes.includes(apiKey));
    assert.ok(!bytes.includes(key), 'the key is not in the database');

    const again = await createStore({ driver: 'sqlite', path, clock: new ManualClock() });
    try {
      const reopened = await openSecretStore(again, key);
      assert.equal(await reopened.namespace('sessions').get('U1'), token);
      assert.equal(await reopened.namespace('sessions').get('U2'), apiKey);
    } finally {
      await again.close();
    }
    assert.ok(!logs.text().includes(token) && !logs.text().includes(key.toString('base64')));
  });

  test('a different key is a StartupError telling what to do', async () => {
    const dir = freshDir();
    const path = join(dir, 'store.db');
    const store = await createStore({ driver: 'sqlite', path });
    try {
      await (await openSecretStore(store, randomBytes(32))).namespace('sessions').set('U1', 'tok');
      await assert.rejects(openSecretStore(store, randomBytes(32)), (err: Error) => {
        assert.ok(err instanceof StartupError);
        assert.equal(
          err.message,
          'the stored secrets were encrypted with a different key; set STORMBOT_SECRET_KEY to ' +
            `the original key or remove ${path} to start over`,
        );
        return true;
      });
    } finally {
      await store.close();
    }
  });

  test('the key check value is recorded once and reveals nothing of the key', async () => {
    const store = new MemoryStore();
    const key = randomBytes(32);
    await openSecretStore(store, key);
    const stored = await store.namespace(META_NAMESPACE).get('secret-key-check');
    assert.equal(stored, keyCheckValue(key));
    assert.match(stored, /^v1:[A-Za-z0-9_-]{43}$/);
    assert.ok(!stored.includes(key.toString('base64url')));
    assert.notEqual(keyCheckValue(randomBytes(32)), stored);
    // Several replicas opening a fresh store at once all succeed.
    const fresh = new MemoryStore();
    await Promise.all(Array.from({ length: 5 }, () => openSecretStore(fresh, key)));
  });

  test('a value copied to another key or namespace does not open', async () => {
    const store = new MemoryStore();
    const secrets = await openSecretStore(store, randomBytes(32));
    await secrets.namespace('sessions').set('alice', 'alice-token');
    const sealed = (await store.namespace('sessions').get('alice'))!;
    assert.ok(sealed.startsWith('v1:'));
    await store.namespace('sessions').set('mallory', sealed);
    await store.namespace('other').set('alice', sealed);
    await assert.rejects(secrets.namespace('sessions').get('mallory'), SecretDecryptError);
    await assert.rejects(secrets.namespace('other').get('alice'), SecretDecryptError);
    assert.equal(await secrets.namespace('sessions').get('alice'), 'alice-token');
  });

  test('a value altered in the database is a clear error, not garbage', async () => {
    const store = new MemoryStore();
    const secrets = await openSecretStore(store, randomBytes(32));
    await secrets.namespace('sessions').set('U1', 'the-token');
    const sealed = (await store.namespace('sessions').get('U1'))!;
    const parts = sealed.split(':');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[body.length - 1]! ^= 0x80;
    parts[3] = body.toString('base64url');
    await store.namespace('sessions').set('U1', parts.join(':'));
    await assert.rejects(secrets.namespace('sessions').get('U1'), (err: Error) => {
      assert.ok(err instanceof SecretDecryptError);
      assert.match(err.message, /^a stored secret could not be decrypted: it was altered/);
      assert.ok(!err.message.includes('the-token'));
      return true;
    });
    await store.namespace('sessions').set('U1', 'plaintext left by an old version');
    await assert.rejects(secrets.namespace('sessions').get('U1'), /not in the v1 sealed format/);
  });

  test('encryptedNamespace works over any namespace; meta is reserved', async () => {
    const store = new MemoryStore();
    const box = new SecretBox(randomBytes(32));
    const ns = encryptedNamespace(store.namespace('x'), box, 'x');
    assert.equal(await ns.setIfAbsent('k', 'v'), true);
    assert.equal(await ns.setIfAbsent('k', 'w'), false);
    assert.equal(await ns.get('k'), 'v');
    assert.notEqual(await store.namespace('x').get('k'), 'v');
    const secrets = await openSecretStore(store, randomBytes(32));
    assert.throws(() => secrets.namespace(META_NAMESPACE), /reserved/);
  });
});

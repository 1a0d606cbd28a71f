import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { StartupError } from '../../src/core/errors.js';
import { loadSecretKey } from '../../src/store/secret-key.js';
import { capturingLogger } from '../support/logs.js';

const root = mkdtempSync(join(tmpdir(), 'stormbot-key-'));
after(() => {
  rmSync(root, { recursive: true, force: true });
});
let n = 0;
const freshFile = () => join(root, `d${++n}`, 'secret.key');

describe('loadSecretKey', () => {
  test('STORMBOT_SECRET_KEY as hex, base64 or base64url wins over the key file', async () => {
    const key = randomBytes(32);
    const keyFile = freshFile();
    const logs = capturingLogger();
    for (const text of [
      key.toString('hex'),
      key.toString('hex').toUpperCase(),
      key.toString('base64'),
      key.toString('base64url'),
      `  ${key.toString('base64')}\n`,
    ]) {
      const got = await loadSecretKey({
        env: { STORMBOT_SECRET_KEY: text },
        keyFile,
        logger: logs.logger,
      });
      assert.deepEqual(got, key, text);
    }
    assert.equal(existsSync(keyFile), false, 'no key file is created when the variable is set');
    assert.ok(!logs.text().includes(key.toString('base64')));
    assert.ok(!logs.text().includes(key.toString('hex')));
  });

  test('a malformed STORMBOT_SECRET_KEY is a StartupError naming it, never echoing it', async () => {
    const logger = capturingLogger().logger;
    for (const bad of [
      'too-short',
      randomBytes(16).toString('base64'),
      randomBytes(33).toString('base64'),
      randomBytes(31).toString('hex') + 'zz',
      'not base64 at all!!!!!!!!!!!!!!!!!!!!!!!!!!',
    ]) {
      await assert.rejects(
        loadSecretKey({ env: { STORMBOT_SECRET_KEY: bad }, keyFile: freshFile(), logger }),
        (err: Error) => {
          assert.ok(err instanceof StartupError);
          assert.match(
            err.message,
            /^STORMBOT_SECRET_KEY: must be 32 bytes written as base64 or as 64 hex digits/,
          );
          assert.ok(!err.message.includes(bad));
          return true;
        },
      );
    }
  });

  test('without the variable, a key file is created with mode 0600 and reused', async () => {
    const keyFile = freshFile();
    const logs = capturingLogger();
    const first = await loadSecretKey({ env: {}, keyFile, logger: logs.logger });
    assert.equal(first.length, 32);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.equal(statSync(join(keyFile, '..')).mode & 0o777, 0o700);
    assert.deepEqual(readdirSync(join(keyFile, '..')), ['secret.key'], 'no temporary file left');
    assert.ok(logs.lines.some((l) => String(l.msg).startsWith('created a new secret key file')));
    const again = await loadSecretKey({
      env: { STORMBOT_SECRET_KEY: '' },
      keyFile,
      logger: logs.logger,
    });
    assert.deepEqual(again, first);
    assert.ok(!logs.text().includes(first.toString('base64')));
  });

  test('two processes starting at once agree on one key', async () => {
    const keyFile = freshFile();
    const logger = capturingLogger().logger;
    const keys = await Promise.all(
      Array.from({ length: 8 }, () => loadSecretKey({ env: {}, keyFile, logger })),
    );
    for (const k of keys) assert.deepEqual(k, keys[0]);
    assert.deepEqual(readdirSync(join(keyFile, '..')), ['secret.key']);
  });

  test('a key file group or others can read is refused with the chmod to run', async () => {
    const keyFile = freshFile();
    const logger = capturingLogger().logger;
    await loadSecretKey({ env: {}, keyFile, logger });
    for (const mode of [0o640, 0o604, 0o660]) {
      chmodSync(keyFile, mode);
      await assert.rejects(loadSecretKey({ env: {}, keyFile, logger }), (err: Error) => {
        assert.ok(err instanceof StartupError);
        const m = mode.toString(8);
        assert.equal(
          err.message,
          `secrets.key_file: secret key file ${keyFile} can be accessed by group or others (mode 0${m}); run: chmod 600 ${keyFile}`,
        );
        return true;
      });
    }
  });

  test('a key file with something else than a key is refused', async () => {
    const keyFile = freshFile();
    await loadSecretKey({ env: {}, keyFile, logger: capturingLogger().logger });
    writeFileSync(keyFile, 'hello\n', { mode: 0o600 });
    await assert.rejects(
      loadSecretKey({ env: {}, keyFile, logger: capturingLogger().logger }),
      /secret key file .* must hold 32 bytes as base64 or as 64 hex digits/,
    );
  });

  test('a key file can hold the key as hex too', async () => {
    const keyFile = freshFile();
    await loadSecretKey({ env: {}, keyFile, logger: capturingLogger().logger });
    const key = randomBytes(32);
    writeFileSync(keyFile, `${key.toString('hex')}\n`);
    assert.deepEqual(
      await loadSecretKey({ env: {}, keyFile, logger: capturingLogger().logger }),
      key,
    );
  });
});

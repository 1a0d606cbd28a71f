import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, mock, test } from 'node:test';
import {
  DEFAULT_SCRYPT,
  hashSecretWord,
  verifySecretWord,
} from '../../src/sessions/secret-word.js';

const FAST = { N: 1024, r: 8, p: 1 };

describe('secret word hashing', () => {
  test('a salted scrypt hash: same word, different hashes, both verify', async () => {
    const a = await hashSecretWord('blue pelican', FAST);
    const b = await hashSecretWord('blue pelican', FAST);
    assert.notEqual(a, b);
    assert.ok(!a.includes('pelican'));
    assert.equal(await verifySecretWord('blue pelican', a), true);
    assert.equal(await verifySecretWord('blue pelican', b), true);
    assert.equal(await verifySecretWord('blue pelicans', a), false);
  });

  test('the default cost is scrypt N=16384 and still verifies', async () => {
    const stored = await hashSecretWord('word');
    assert.match(stored, new RegExp(`^scrypt:${DEFAULT_SCRYPT.N}:8:1:`));
    assert.equal(await verifySecretWord('word', stored), true);
  });

  test('the comparison is crypto.timingSafeEqual over equal-length buffers', async () => {
    const stored = await hashSecretWord('blue pelican', FAST);
    const spy = mock.method(crypto, 'timingSafeEqual');
    try {
      // Mismatches of every length (shorter, same, longer) reach the constant-time compare with
      // two buffers of the stored hash's length: no early exit on length or content.
      for (const guess of ['b', 'blue pelicaN', 'blue pelican and more words']) {
        assert.equal(await verifySecretWord(guess, stored), false);
      }
      assert.equal(await verifySecretWord('blue pelican', stored), true);
      assert.equal(spy.mock.callCount(), 4);
      for (const call of spy.mock.calls) {
        const [x, y] = call.arguments as [Buffer, Buffer];
        assert.equal(x.length, 32);
        assert.equal(y.length, 32);
      }
      assert.deepEqual(
        spy.mock.calls.map((c) => c.result),
        [false, false, false, true],
      );
    } finally {
      spy.mock.restore();
    }
  });

  test('a malformed stored hash is an error, never a match', async () => {
    for (const bad of [
      '',
      'plain',
      'scrypt:1024:8:1:salt',
      'sha256:1:1:1:c2FsdA:aGFzaA',
      'scrypt:x:8:1:c2FsdA:aGFzaA',
    ]) {
      await assert.rejects(verifySecretWord('word', bad), /malformed/);
    }
  });
});

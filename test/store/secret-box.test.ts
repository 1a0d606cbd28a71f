import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { SecretDecryptError } from '../../src/store/errors.js';
import { SecretBox } from '../../src/store/secret-box.js';

const key = randomBytes(32);
const box = new SecretBox(key);
const secret = 'st2-token-0123456789abcdef';

/** Flip one bit of the decoded bytes of part `index` of a sealed value. */
function flip(sealed: string, index: number): string {
  const parts = sealed.split(':');
  const bytes = Buffer.from(parts[index]!, 'base64url');
  bytes[0]! ^= 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join(':');
}

const refused = (fn: () => unknown, pattern: RegExp) => {
  assert.throws(fn, (err: Error) => {
    assert.ok(err instanceof SecretDecryptError, err.name);
    assert.match(err.message, pattern);
    assert.doesNotMatch(err.message, new RegExp(secret));
    return true;
  });
};

describe('SecretBox', () => {
  test('seals to v1:<iv>:<tag>:<ciphertext> in base64url and opens again', () => {
    const sealed = box.seal(secret, 'sessions:U1');
    assert.match(sealed, /^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    assert.ok(!sealed.includes(secret));
    assert.equal(box.open(sealed, 'sessions:U1'), secret);
  });

  test('a fresh IV per value: the same plaintext seals differently every time', () => {
    const seen = new Set(Array.from({ length: 50 }, () => box.seal(secret)));
    assert.equal(seen.size, 50);
    const ivs = new Set([...seen].map((s) => s.split(':')[1]));
    assert.equal(ivs.size, 50);
  });

  test('any string round-trips, with and without aad', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.option(fc.string()),
        (text, aad) => {
          const a = aad ?? undefined;
          assert.equal(box.open(box.seal(text, a), a), text);
        },
      ),
    );
    assert.equal(box.open(box.seal('')), '');
  });

  test('tampered ciphertext, tag or IV is refused with a clear error', () => {
    const sealed = box.seal(secret, 'aad');
    for (const part of [1, 2, 3]) refused(() => box.open(flip(sealed, part), 'aad'), /altered/);
  });

  test('a value opened with another aad (moved to another key) is refused', () => {
    const sealed = box.seal(secret, 'stormbot:sessions:U1');
    refused(() => box.open(sealed, 'stormbot:sessions:U2'), /moved to another key/);
    refused(() => box.open(sealed), /altered/);
    refused(() => box.open(box.seal(secret), 'stormbot:sessions:U1'), /altered/);
  });

  test('another key cannot open the value and never yields garbage', () => {
    const sealed = box.seal(secret);
    refused(() => new SecretBox(randomBytes(32)).open(sealed), /different secret key/);
  });

  test('malformed values are refused as not in the v1 format', () => {
    const sealed = box.seal(secret);
    const [, iv, tag, body] = sealed.split(':');
    for (const bad of [
      '',
      secret,
      `v2:${iv}:${tag}:${body}`,
      `v1:${iv}:${tag}`,
      `v1:${iv}:${tag}:${body}:extra`,
      `v1:${iv}==:${tag}:${body}`,
      `v1:${iv!.slice(2)}:${tag}:${body}`,
      `v1:${iv}:${tag!.slice(2)}:${body}`,
    ]) {
      refused(() => box.open(bad), /not in the v1 sealed format/);
    }
  });

  test('the key must be 32 bytes and is not exposed by the object', () => {
    assert.throws(() => new SecretBox(randomBytes(16)), RangeError);
    assert.equal(JSON.stringify(box), '{}');
    assert.deepEqual(Object.keys(box), []);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createBackend } from '../../../src/backends/xmpp/index.js';
import { silentLogger } from '../../../src/log.js';
import { backendSettings } from '../../../src/config/index.js';
import { settingsError } from '../settings-error.js';

const minimal = { jid: 'StormBot@Example.org', password: 'hunter2' };

describe('XMPP settings', () => {
  test('fills defaults from the JID', () => {
    const s = backendSettings('xmpp', minimal);
    assert.equal(s.jid, 'stormbot@example.org');
    assert.equal(s.nick, 'StormBot');
    assert.equal(s.service, 'xmpp://Example.org:5222');
    assert.equal(s.resource, 'stormbot');
    assert.deepEqual(s.rooms, []);
    assert.equal(s.allowPlainOnLoopback, false);
    assert.equal(s.keepaliveSeconds, 60);
    assert.deepEqual(s.reconnect, { initialMs: 1000, maxMs: 60_000 });
  });

  test('keeps explicit values and lower-cases room JIDs', () => {
    const s = backendSettings('xmpp', {
      ...minimal,
      rooms: ['Ops@Conference.example.org', 'ops@conference.example.org'],
      nick: 'st2',
      service: 'xmpps://chat.example.org:5223',
      resource: 'bot1',
      allow_plain_on_loopback: true,
      reconnect: { initial_seconds: 2, max_seconds: 30 },
    });
    assert.deepEqual(s.rooms, ['ops@conference.example.org']);
    assert.equal(s.nick, 'st2');
    assert.equal(s.service, 'xmpps://chat.example.org:5223');
    assert.equal(s.allowPlainOnLoopback, true);
    assert.deepEqual(s.reconnect, { initialMs: 2000, maxMs: 30_000 });
  });

  test('names the key of a missing password', () => {
    const e = settingsError('xmpp', { jid: 'bot@example.org' });
    assert.equal(e.key, 'backends.xmpp.password');
    assert.match(e.reason, /required/);
  });

  test('rejects a JID that is not bare', () => {
    assert.equal(
      settingsError('xmpp', { ...minimal, jid: 'bot@example.org/res' }).key,
      'backends.xmpp.jid',
    );
    assert.equal(
      settingsError('xmpp', { ...minimal, rooms: ['ops'] }).key,
      'backends.xmpp.rooms.0',
    );
  });

  test('rejects a service that is not an xmpp:// or xmpps:// URL', () => {
    for (const service of ['http://example.org', 'wss://example.org/ws', 'example.org:5222']) {
      assert.equal(settingsError('xmpp', { ...minimal, service }).key, 'backends.xmpp.service');
    }
  });

  test('rejects unknown keys with a suggestion', () => {
    const e = settingsError('xmpp', { ...minimal, room: [] });
    assert.equal(e.key, 'backends.xmpp.room');
    assert.match(e.reason, /did you mean "rooms"/);
  });

  test('rejects a reconnect cap below the first delay', () => {
    const e = settingsError('xmpp', {
      ...minimal,
      reconnect: { initial_seconds: 10, max_seconds: 5 },
    });
    assert.equal(e.key, 'backends.xmpp.reconnect.max_seconds');
  });

  test('never echoes the password in errors', () => {
    const e = settingsError('xmpp', { ...minimal, password: 12345678 });
    assert.equal(e.key, 'backends.xmpp.password');
    assert.doesNotMatch(e.message, /12345678/);
  });

  test('createBackend validates and declares the caps', () => {
    const backend = createBackend(backendSettings('xmpp', minimal), { logger: silentLogger() });
    assert.equal(backend.name, 'xmpp');
    assert.deepEqual(backend.caps, {
      length: { max: 10_000, unit: 'chars' },
      threads: false,
      rich: false,
      directMessages: true,
    });
    assert.deepEqual(backend.status(), { connected: false, detail: 'not started' });
  });
});

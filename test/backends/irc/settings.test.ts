import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createBackend } from '../../../src/backends/irc/index.js';
import { silentLogger } from '../../../src/log.js';
import { backendSettings } from '../../../src/config/index.js';
import { settingsError } from '../settings-error.js';

const minimal = { server: 'irc.example.org', nick: 'stormbot' };

describe('IRC settings', () => {
  test('fills defaults', () => {
    const s = backendSettings('irc', minimal);
    assert.equal(s.port, 6667);
    assert.equal(s.tls, false);
    assert.equal(s.tlsVerify, true);
    assert.equal(s.username, 'stormbot');
    assert.equal(s.realname, 'StackStorm ChatOps bot');
    assert.equal(s.password, undefined);
    assert.equal(s.sasl, undefined);
    assert.deepEqual(s.channels, []);
    assert.deepEqual(s.flood, { messages: 5, perSeconds: 5 });
    assert.deepEqual(s.reconnect, { initialMs: 1000, maxMs: 60_000 });
  });

  test('TLS defaults to port 6697; channels may carry keys', () => {
    const s = backendSettings('irc', {
      ...minimal,
      tls: true,
      channels: ['#ops', { name: '#secret', key: 'k3y' }],
      sasl: { account: 'stormbot', password: 'pw' },
      flood: { messages: 3, per_seconds: 2 },
    });
    assert.equal(s.port, 6697);
    assert.deepEqual(s.channels, [{ name: '#ops' }, { name: '#secret', key: 'k3y' }]);
    assert.deepEqual(s.sasl, { account: 'stormbot', password: 'pw' });
    assert.deepEqual(s.flood, { messages: 3, perSeconds: 2 });
  });

  test('names the offending key', () => {
    assert.equal(settingsError('irc', { nick: 'x' }).key, 'backends.irc.server');
    assert.equal(settingsError('irc', { ...minimal, nick: '1abc' }).key, 'backends.irc.nick');
    assert.equal(
      settingsError('irc', { ...minimal, server: 'irc.example.org:6667' }).key,
      'backends.irc.server',
    );
    assert.equal(
      settingsError('irc', { ...minimal, channels: ['ops'] }).key,
      'backends.irc.channels.0',
    );
    assert.equal(settingsError('irc', { ...minimal, port: 70000 }).key, 'backends.irc.port');
    assert.equal(
      settingsError('irc', { ...minimal, flood: { messages: 0 } }).key,
      'backends.irc.flood.messages',
    );
    assert.equal(
      settingsError('irc', { ...minimal, sasl: { account: 'a' } }).key,
      'backends.irc.sasl.password',
    );
  });

  test('rejects unknown keys with a suggestion', () => {
    const e = settingsError('irc', { ...minimal, chanels: ['#ops'] });
    assert.equal(e.key, 'backends.irc.chanels');
    assert.match(e.reason, /did you mean "channels"/);
  });

  test('never echoes a password in errors', () => {
    const e = settingsError('irc', { ...minimal, password: 987654321 });
    assert.equal(e.key, 'backends.irc.password');
    assert.doesNotMatch(e.message, /987654321/);
  });

  test('createBackend validates and declares byte-sized caps', () => {
    const backend = createBackend(backendSettings('irc', minimal), { logger: silentLogger() });
    assert.equal(backend.name, 'irc');
    assert.deepEqual(backend.caps, {
      length: { max: 400, unit: 'bytes' },
      threads: false,
      rich: false,
      directMessages: true,
    });
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createBackend, readPosted } from '../../../src/backends/mattermost/index.js';
import { silentLogger } from '../../../src/log.js';
import { backendSettings } from '../../../src/config/index.js';
import { settingsError } from '../settings-error.js';

const good = { url: 'https://chat.example.com', token: 'secret-token', team: 'ops' };

describe('Mattermost settings', () => {
  test('defaults', () => {
    assert.deepEqual(backendSettings('mattermost', good), { ...good, thread_replies: false });
  });

  test('errors name the key', () => {
    assert.equal(
      settingsError('mattermost', { ...good, token: undefined }).key,
      'backends.mattermost.token',
    );
    assert.equal(
      settingsError('mattermost', { ...good, token: undefined }).reason,
      'is required (or MATTERMOST_ACCESS_TOKEN)',
    );
    assert.equal(settingsError('mattermost', { ...good, token: '' }).reason, 'must not be empty');
    assert.equal(
      settingsError('mattermost', { ...good, url: 'chat.example.com' }).key,
      'backends.mattermost.url',
    );
    assert.equal(
      settingsError('mattermost', { ...good, teams: 'x' }).key,
      'backends.mattermost.teams',
    );
    assert.doesNotMatch(settingsError('mattermost', { ...good, token: 42 }).message, /42/);
  });

  test('createBackend validates and declares its caps (buttons only once the web server is known)', () => {
    const backend = createBackend(backendSettings('mattermost', good), { logger: silentLogger() });
    assert.equal(backend.name, 'mattermost');
    assert.deepEqual(backend.caps, {
      length: { max: 16_383, unit: 'chars' },
      threads: true,
      rich: true,
      directMessages: true,
      buttons: false,
    });
  });
});

describe('readPosted', () => {
  const self = { id: 'b'.repeat(26), username: 'stormbot' };
  const post = {
    id: 'p'.repeat(26),
    user_id: 'a'.repeat(26),
    channel_id: 'c'.repeat(26),
    message: 'hi',
    type: '',
    root_id: '',
  };
  const data = (p: Record<string, unknown>, channelType = 'O') => ({
    channel_type: channelType,
    channel_name: 'ops',
    post: JSON.stringify(p),
  });

  test('a room post and a direct reply in a thread', () => {
    assert.deepEqual(readPosted(data(post), self), {
      postId: post.id,
      userId: post.user_id,
      channelId: post.channel_id,
      direct: false,
      channelName: 'ops',
      text: 'hi',
      mentionsBot: false,
      rootId: undefined,
    });
    const reply = readPosted(data({ ...post, root_id: 'r'.repeat(26) }, 'D'), self);
    assert.ok(reply);
    assert.equal(reply.direct, true);
    assert.equal(reply.rootId, 'r'.repeat(26));
  });

  test('own posts, system posts and malformed data are ignored', () => {
    assert.equal(readPosted(data({ ...post, user_id: self.id }), self), undefined);
    assert.equal(readPosted(data({ ...post, type: 'system_join_channel' }), self), undefined);
    assert.equal(readPosted({ post: '{not json' }, self), undefined);
    assert.equal(readPosted({ post: JSON.stringify({ ...post, message: 5 }) }, self), undefined);
    assert.equal(readPosted('nope', self), undefined);
  });
});

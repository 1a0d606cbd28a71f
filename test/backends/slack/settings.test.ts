import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createBackend } from '../../../src/backends/slack/index.js';
import { silentLogger } from '../../../src/log.js';
import { backendSettings } from '../../../src/config/index.js';
import { settingsError } from '../settings-error.js';

const good = { app_token: 'xapp-1-secret-app', bot_token: 'xoxb-secret-bot' };

describe('Slack settings', () => {
  test('defaults', () => {
    assert.deepEqual(backendSettings('slack', good), {
      ...good,
      api_url: 'https://slack.com/api/',
      thread_replies: false,
      file_upload_threshold: 12_000,
    });
  });

  test('a missing token names the key', () => {
    const e = settingsError('slack', { app_token: good.app_token });
    assert.equal(e.key, 'backends.slack.bot_token');
    assert.equal(e.reason, 'is required (or HUBOT_SLACK_BOT_TOKEN)');
  });

  test('tokens of the wrong kind are refused without echoing them', () => {
    const e = settingsError('slack', {
      app_token: 'xoxb-swapped-secret',
      bot_token: good.bot_token,
    });
    assert.equal(e.key, 'backends.slack.app_token');
    assert.match(e.reason, /xapp-/);
    assert.doesNotMatch(e.message, /swapped-secret/);
  });

  test('unknown keys, bad URLs and bad numbers are refused', () => {
    assert.equal(
      settingsError('slack', { ...good, channel: '#ops' }).key,
      'backends.slack.channel',
    );
    assert.equal(settingsError('slack', { ...good, channel: '#ops' }).reason, 'unknown key');
    assert.equal(
      settingsError('slack', { ...good, api_url: 'ftp://x' }).key,
      'backends.slack.api_url',
    );
    assert.equal(
      settingsError('slack', { ...good, file_upload_threshold: -1 }).key,
      'backends.slack.file_upload_threshold',
    );
    assert.equal(settingsError('slack', null).key, 'backends.slack.app_token');
  });

  test('createBackend validates', () => {
    const backend = createBackend(backendSettings('slack', good), { logger: silentLogger() });
    assert.equal(backend.name, 'slack');
    assert.deepEqual(backend.caps, {
      length: { max: 3500, unit: 'chars', attachAbove: 12_000 },
      threads: true,
      rich: true,
      directMessages: true,
      buttons: true,
    });
    assert.deepEqual(backend.status(), { connected: false, detail: 'not started' });
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.js';

describe('the app with per-user sign-in off (standalone)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => {
    await t.close();
  });

  test('a session command says sign-in is off and how to turn it on', async () => {
    const [reply] = await t.backend.say('!st2session_start my word', { user: 'alice' });
    assert.match(reply?.message.text ?? '', /^Per-user sign-in is off: .*STORMBOT_LOGIN_URL/);
  });
});

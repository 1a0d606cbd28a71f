import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runCli } from '../support/cli.js';

describe('stormbot check against the sandbox', () => {
  let sandbox: Sandbox;
  const env = () => ({
    ST2_API_URL: sandbox.apiUrl,
    ST2_AUTH_URL: sandbox.authUrl,
    ST2_STREAM_URL: sandbox.streamUrl,
    ST2_API_KEY: 'check-key',
  });
  before(async () => {
    sandbox = await startSandbox({ apiKeys: ['check-key'] });
  });
  after(async () => {
    await sandbox.close();
  });

  test('everything fine: exit 0 and a line per check', async () => {
    const r = await runCli(['check'], env());
    assert.equal(r.code, 0, r.out);
    for (const name of ['configuration', 'StackStorm API', 'aliases', 'stream', 'route']) {
      assert.match(r.out, new RegExp(`^ok   ${name}: `, 'm'), name);
    }
  });

  test('a rejected key: fail with what to fix', async () => {
    const r = await runCli(['check'], { ...env(), ST2_API_KEY: 'wrong-key' });
    assert.equal(r.code, 1);
    assert.match(r.out, /^FAIL StackStorm API: /m);
    assert.match(r.out, /→ check stackstorm\.api_auth/);
    assert.doesNotMatch(r.out, /wrong-key/);
  });

  test('a route nobody announces: fail with the fix', async () => {
    const r = await runCli(['check'], { ...env(), ST2_ROUTE: 'nobody' });
    assert.equal(r.code, 1);
    assert.match(r.out, /^FAIL route: no enabled rule handles notification route "nobody"/m);
  });

  test('StackStorm unreachable: fail naming the URL', async () => {
    const r = await runCli(['check'], {
      ST2_API_URL: 'http://127.0.0.1:9/api/v1',
      ST2_API_KEY: 'k',
    });
    assert.equal(r.code, 1);
    assert.match(r.out, /^FAIL StackStorm API: http:\/\/127\.0\.0\.1:9\/api\/v1/m);
  });
});

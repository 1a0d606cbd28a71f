import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PASSWORD, basic, faultOf, settle, startTestSandbox, type TestSandbox } from './helpers.js';

describe('fault injection', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startTestSandbox();
  });
  after(() => t.close());

  test('failNext answers the next requests with the status and faultstring, then recovers', async () => {
    t.sandbox.faults.failNext(2, 503);
    const first = await t.api('/api/v1/actionalias');
    assert.equal(first.status, 503);
    assert.equal(await faultOf(first), 'Service Unavailable');
    const second = await fetch(`${t.sandbox.authUrl}/tokens`, {
      method: 'POST',
      headers: { authorization: basic('st2admin', PASSWORD) },
    });
    assert.equal(second.status, 503);
    assert.equal((await t.api('/api/v1/actionalias')).status, 200);
    t.sandbox.faults.failNext(1, 500, 'boom');
    const custom = await t.api('/api/v1/actionalias');
    assert.equal(custom.status, 500);
    assert.equal(await faultOf(custom), 'boom');
    t.sandbox.faults.failNext(1, 500);
    assert.equal(await faultOf(await t.api('/api/v1/actionalias')), 'Internal Server Error');
  });

  test('latencyMs holds every response until the sandbox clock has moved', async () => {
    t.sandbox.faults.latencyMs = 5000;
    try {
      let done = false;
      const pending = t.api('/api/v1/actionalias').then((res) => {
        done = true;
        return res;
      });
      await settle(() => t.clock.pending > 0);
      await t.clock.advance(4999);
      assert.equal(done, false);
      await t.clock.advance(1);
      assert.equal((await pending).status, 200);
    } finally {
      t.sandbox.faults.latencyMs = 0;
    }
  });

  test('expireAllTokens expires existing tokens; logging in again works', async () => {
    t.sandbox.faults.expireAllTokens();
    const res = await t.api('/api/v1/actionalias');
    assert.equal(res.status, 401);
    assert.equal(await faultOf(res), 'Unauthorized - Token has expired.');
    const login = await fetch(`${t.sandbox.authUrl}/tokens`, {
      method: 'POST',
      headers: { authorization: basic('st2admin', PASSWORD) },
    });
    const { token } = (await login.json()) as { token: string };
    assert.equal(
      (await t.api('/api/v1/actionalias', { headers: { 'x-auth-token': token } })).status,
      200,
    );
  });

  test('requests are recorded with method, path, query, headers and parsed body', async () => {
    const before = t.sandbox.requests.length;
    await t.api('/api/v1/actionalias/match?x=1', { method: 'POST', json: { command: 'nothing' } });
    const recorded = t.sandbox.requests[before];
    assert.ok(recorded);
    assert.equal(recorded.method, 'POST');
    assert.equal(recorded.path, '/api/v1/actionalias/match');
    assert.deepEqual(recorded.query, { x: '1' });
    assert.equal(recorded.headers['content-type'], 'application/json');
    assert.deepEqual(recorded.body, { command: 'nothing' });
  });
});

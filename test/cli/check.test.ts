import assert from 'node:assert/strict';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runCli } from '../support/cli.js';

/**
 * StackStorm with authentication off, as the bot sees it: a proxy in front of the sandbox that
 * adds the sandbox's key to every request. It keeps the headers the bot sent.
 */
async function authOff(sandbox: Sandbox, seen: IncomingHttpHeaders[]): Promise<Server> {
  const target = new URL(sandbox.url);
  const server = createServer((req, res) => {
    seen.push(req.headers);
    const forward = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host, 'st2-api-key': sandbox.apiKey },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

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

  test('the shipped stormbot.example.yaml passes, pointed at a StackStorm', async () => {
    const example = fileURLToPath(new URL('../../stormbot.example.yaml', import.meta.url));
    const r = await runCli(['check', '--config', example], env());
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /^ok {3}configuration: .*stormbot\.example\.yaml, back-end terminal$/m);
    assert.doesNotMatch(r.out, /^(warn|FAIL) /m);
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

  test('no credentials and StackStorm asks for them: fail saying which keys to set', async () => {
    const { ST2_API_KEY: _key, ...noCredentials } = env();
    const r = await runCli(['check'], noCredentials);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /^warn configuration: no StackStorm credentials/m);
    assert.match(r.out, /^FAIL StackStorm API: StackStorm asks for credentials/m);
    assert.match(r.out, /→ set stackstorm\.api_auth \(ST2_API_KEY, ST2_AUTH_TOKEN, or /);
  });

  test('no credentials and StackStorm with authentication off: ok, and none sent', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const proxy = await authOff(sandbox, seen);
    try {
      const base = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const r = await runCli(['check'], {
        ST2_API_URL: `${base}/api/v1`,
        ST2_STREAM_URL: `${base}/stream/v1`,
      });
      assert.equal(r.code, 0, r.out);
      assert.match(r.out, /^ok {3}StackStorm API: .* reachable without credentials/m);
      for (const name of ['aliases', 'stream', 'route']) {
        assert.match(r.out, new RegExp(`^ok   ${name}: `, 'm'), name);
      }
      assert.ok(seen.length >= 3, `requests seen: ${seen.length}`);
      for (const headers of seen) {
        assert.equal(headers['st2-api-key'], undefined);
        assert.equal(headers['x-auth-token'], undefined);
        assert.equal(headers.authorization, undefined);
      }
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  test('no StackStorm: ok, naming the packs the sandbox will serve', async () => {
    const packs = fileURLToPath(new URL('../fixtures', import.meta.url));
    const r = await runCli(['check'], { STORMBOT_SANDBOX_PACKS: packs });
    assert.equal(r.code, 0, r.out + r.err);
    assert.ok(r.out.includes(`uses the built-in sandbox with ${packs}\n`), r.out);
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

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isLoopbackHost } from '../../src/cli/sandbox.js';
import { basic } from '../sandbox/helpers.js';
import { runCli, startCli } from '../support/cli.js';

describe('stormbot sandbox (CLI)', () => {
  test('prints the URLs, the dev login and an API key, serves them, and stops on request', async () => {
    const cli = startCli(['sandbox', '--port', '0', '--no-watch']);
    const text = await cli.until(/Press Ctrl\+C/);
    const auth = /auth: +(http:\/\/127\.0\.0\.1:\d+\/auth\/v1)/.exec(text)?.[1];
    assert.ok(auth, text);
    assert.match(text, /api: +http:\/\/127\.0\.0\.1:\d+\/api\/v1/);
    assert.match(text, /stream: +http:\/\/127\.0\.0\.1:\d+\/stream\/v1/);
    assert.match(text, /login: +st2admin \/ Ch@ngeMe/);
    const key = /API key: +(\S+)/.exec(text)?.[1];
    assert.ok(key);
    const login = await fetch(`${auth}/tokens`, {
      method: 'POST',
      headers: { authorization: basic('st2admin', 'Ch@ngeMe') },
    });
    assert.equal(login.status, 201);
    const api = auth.replace('/auth/v1', '/api/v1');
    assert.equal(
      (await fetch(`${api}/actionalias`, { headers: { 'st2-api-key': key } })).status,
      200,
    );
    cli.stop();
    assert.equal(await cli.exit, 0);
    assert.match(cli.out(), /sandbox stopped/);
  });

  test('refuses a non-loopback host unless --allow-remote', async () => {
    const r = await runCli(['sandbox', '--host', '0.0.0.0', '--port', '0']);
    assert.equal(r.code, 2);
    assert.match(
      r.err,
      /^stormbot: refusing to listen on 0\.0\.0\.0: [^\n]*--allow-remote[^\n]*\n$/,
    );
  });

  test('bad arguments exit with 2 and one line on stderr', async () => {
    const unknown = await runCli(['sandbox', '--nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /^stormbot: Unknown option '--nope'.*stormbot sandbox --help/);
    const port = await runCli(['sandbox', '--port', 'eighty']);
    assert.equal(port.code, 2);
    assert.equal(
      port.err,
      'stormbot: --port must be a port number (0-65535), got "eighty" (try stormbot sandbox --help)\n',
    );
  });

  test('loopback hosts', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])
      assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['0.0.0.0', '10.0.0.1', 'example.com', '::'])
      assert.equal(isLoopbackHost(host), false, host);
  });
});

import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { isLoopbackHost, runSandboxCommand } from '../../src/sandbox/cli.js';
import { basic } from './helpers.js';
import { until } from '../support/wait.js';

function capture(): {
  out: PassThrough;
  text: () => string;
  until: (re: RegExp) => Promise<string>;
} {
  const out = new PassThrough();
  let text = '';
  const waiters: (() => void)[] = [];
  out.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const w of waiters.splice(0)) w();
  });
  return {
    out,
    text: () => text,
    until: async (re) => {
      const more = () => new Promise<void>((resolve) => waiters.push(resolve));
      await until(() => re.test(text), more, { what: `output matching ${re}`, seen: () => [text] });
      return text;
    },
  };
}

describe('stormbot sandbox (CLI)', () => {
  test('prints the URLs, the dev login and an API key, serves them, and stops on abort', async () => {
    const io = capture();
    const stop = new AbortController();
    const exit = runSandboxCommand(['--port', '0', '--no-watch'], io.out, stop.signal);
    const text = await io.until(/Press Ctrl\+C/);
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
    stop.abort();
    assert.equal(await exit, 0);
    assert.match(io.text(), /sandbox stopped/);
  });

  test('refuses a non-loopback host unless --allow-remote', async () => {
    const io = capture();
    const code = await runSandboxCommand(['--host', '0.0.0.0', '--port', '0'], io.out);
    assert.equal(code, 2);
    assert.match(io.text(), /Refusing to listen on 0\.0\.0\.0/);
    assert.match(io.text(), /--allow-remote/);
  });

  test('bad arguments exit with 2 and the usage', async () => {
    const io = capture();
    assert.equal(await runSandboxCommand(['--nope'], io.out), 2);
    assert.match(io.text(), /usage: stormbot sandbox/);
    const port = capture();
    assert.equal(await runSandboxCommand(['--port', 'eighty'], port.out), 2);
    assert.match(port.text(), /--port must be a port number/);
  });

  test('loopback hosts', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])
      assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['0.0.0.0', '10.0.0.1', 'example.com', '::'])
      assert.equal(isLoopbackHost(host), false, host);
  });
});

/**
 * Terminal sessions of a real `stormbot run` (spawned, stdin piped): what the bot answers, how the
 * session ends (end of input, `/quit`, waiting for pending results), and that SIGINT and SIGTERM
 * stop it within two seconds whatever is pending.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { connect } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { silentLogger } from '../../src/log.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { ManualClock } from '../support/clock.js';
import { freePort } from '../support/ports.js';
import { tempDir } from '../support/temp.js';
import { startRun, type Run } from '../support/stormbot-run.js';
import { bounded, until } from '../support/wait.js';

const cwd = tempDir('term');

/** What an operator is promised: a signal ends the process within this long. */
const STOP_LIMIT_MS = 2000;

/** Run `stormbot run <args>` in `dir` with `input` piped in; resolves once it exits by itself. */
async function session(
  dir: string,
  args: string[],
  input: string,
): Promise<{ code: number | null; out: string; err: string }> {
  const run = startRun(dir, args);
  run.child.stdin.end(input);
  const code = await run.exit();
  return { code, out: run.out(), err: run.err() };
}

/** Send `signal` and resolve once the process has exited, failing after two seconds. */
async function stopsWithin2s(run: Run, signal: NodeJS.Signals): Promise<number | null> {
  run.child.kill(signal);
  return run.exit(`stormbot run to exit within 2 s of ${signal}`, STOP_LIMIT_MS);
}

/** An HTTP server on loopback that counts connections and lets `answer` handle requests. */
async function st2Stub(
  answer: (socket: Socket) => void,
): Promise<{ server: Server; url: string; connected: Promise<void>; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer();
  let first!: () => void;
  const connected = new Promise<void>((r) => (first = r));
  server.on('connection', (socket: Socket) => {
    seen.push('connection');
    first();
    answer(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, url, connected, seen };
}

/** Environment pointing stormbot at a StackStorm at `url` (API, auth and stream under it). */
function st2Env(url: string): NodeJS.ProcessEnv {
  return {
    ST2_API_URL: `${url}/api`,
    ST2_AUTH_URL: `${url}/auth`,
    ST2_STREAM_URL: `${url}/stream`,
    ST2_API_KEY: 'k',
  };
}

test('piped stdin: !help, !st2help and !st2 greet Hi show help, the ack and the result', async () => {
  const { code, out, err } = await session(cwd, [], '!help\n!st2help\n!st2 greet Hi\n');
  assert.equal(code, 0, `exit code; stderr: ${err}`);
  assert.match(out, /built-in sandbox/);
  assert.match(out, /\[direct to carol\] stormbot: Commands you may run here:/);
  assert.match(out, /!st2help/);
  assert.match(out, /greet/);
  assert.match(out, /details available at http:\/\/127\.0\.0\.1:\d+\/#\/history\/\w+\/general/);
  const ackAt = out.indexOf('details available at');
  assert.ok(/Hi/.test(out.slice(ackAt + 20)), `the result comes after the ack:\n${out}`);
});

test('--user and --room override backends.terminal; the bot shows its configured name', async () => {
  const dir = join(cwd, 'configured');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'stormbot.yaml'),
    'bot:\n  name: hal\nbackends:\n  terminal:\n    user: zed\n    room: lobby\n',
  );
  const { code, out, err } = await session(dir, ['--user', 'dave', '--room', 'ops'], '!whoami\n');
  assert.equal(code, 0, `exit code; stderr: ${err}`);
  assert.match(out, /\[ops\] hal: id: dave\n/);
  const kept = await session(dir, ['--user', 'erin'], '!whoami\n');
  assert.match(kept.out, /\[lobby\] hal: id: erin\n/, 'the configured room stays');
});

test('/user and /room alone show their usage; /quit exits with 0 while the input stays open', async () => {
  const run = startRun(cwd, []);
  run.child.stdin.write('/user\n/room\n!whoami\n/quit\n');
  assert.equal(await run.exit(), 0, `exit code; stderr: ${run.err()}`);
  assert.match(run.out(), /\(usage: \/user NAME, to type as person NAME\)/);
  assert.match(
    run.out(),
    /\(usage: \/room NAME, to type in room NAME; \/dm for a direct message\)/,
  );
  assert.doesNotMatch(run.out(), /command "\/user"/, '/user is not sent to the bot');
  assert.match(run.out(), /\[direct to carol\] stormbot: id: carol/);
});

/** A sandbox whose executions finish only when the test advances its clock. */
async function heldSandbox() {
  const clock = new ManualClock(Date.now());
  const sandbox = await startSandbox({ clock, apiKeys: ['held-key'], logger: silentLogger() });
  const env: NodeJS.ProcessEnv = {
    ST2_API_URL: sandbox.apiUrl,
    ST2_AUTH_URL: sandbox.authUrl,
    ST2_STREAM_URL: sandbox.streamUrl,
    ST2_API_KEY: 'held-key',
  };
  return { clock, sandbox, env };
}

test('end of input with a result pending: says what it waits for, exits once it arrives', async (t) => {
  const { clock, sandbox, env } = await heldSandbox();
  t.after(() => sandbox.close());
  const run = startRun(cwd, [], env);
  run.child.stdin.end('!st2 greet Hi\n');
  await run.prints(
    /waiting up to 60 s for the result of examples\.greet \(execution \w+\); Ctrl\+C stops now/,
  );
  assert.doesNotMatch(run.out(), /StackStorm here/, 'the result is still pending');
  await clock.advance(60_000);
  assert.equal(await run.exit(), 0, `exit code; stderr: ${run.err()}`);
  assert.match(run.out(), /\[direct to carol\] stormbot: Hi! StackStorm here/);
});

test('SIGINT with a result pending stops within 2 s without waiting for it', async (t) => {
  const { sandbox, env } = await heldSandbox();
  t.after(() => sandbox.close());
  const run = startRun(cwd, [], env);
  run.child.stdin.write('!st2 greet Hi\n');
  await run.prints(/details available at/);
  assert.equal(await stopsWithin2s(run, 'SIGINT'), 0, `exit code; stderr: ${run.err()}`);
  assert.doesNotMatch(run.out(), /StackStorm here/);
});

test('SIGTERM stops within 2 s while StackStorm hangs (accepts, never answers)', async (t) => {
  const st2 = await st2Stub(() => undefined);
  t.after(() => st2.server.close());
  t.after(() => st2.server.closeAllConnections());
  const run = startRun(cwd, [], st2Env(st2.url));
  await bounded(st2.connected, { what: 'stormbot to reach StackStorm', seen: () => [run.err()] });
  assert.equal(await stopsWithin2s(run, 'SIGTERM'), 0, `exit code; stderr: ${run.err()}`);
});

test('SIGTERM stops within 2 s while the stream is reconnecting', async (t) => {
  const st2 = await st2Stub((socket) => socket.destroy());
  t.after(() => st2.server.close());
  const run = startRun(cwd, [], st2Env(st2.url));
  await until(
    () => st2.seen.length >= 2,
    () => once(st2.server, 'connection'),
    { what: 'a second connection attempt (a reconnect)', seen: () => [...st2.seen, run.err()] },
  );
  assert.equal(await stopsWithin2s(run, 'SIGTERM'), 0, `exit code; stderr: ${run.err()}`);
});

test('SIGTERM stops within 2 s while the web server has a request half received', async () => {
  const port = await freePort();
  const run = startRun(cwd, [], { STORMBOT_WEB_ENABLED: 'true', STORMBOT_WEB_PORT: String(port) });
  await run.prints(/built-in sandbox/);
  // The web server listens before the back-end starts; wait for the bot to answer to be sure.
  run.child.stdin.write('!whoami\n');
  await run.prints(/id: carol/);
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write('POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{');
  const code = await stopsWithin2s(run, 'SIGTERM');
  socket.destroy();
  assert.equal(code, 0, `exit code; stderr: ${run.err()}`);
});

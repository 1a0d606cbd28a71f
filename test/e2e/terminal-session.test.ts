/**
 * Scripted terminal sessions: `stormbot run` with piped stdin and the built-in sandbox. They show
 * what the bot answers, then exit on their own.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../support/temp.js';
import { bounded } from '../support/wait.js';

const root = resolve(import.meta.dirname, '../..');

const cwd = tempDir('term');

/** Run `stormbot run <args>` in `dir` with `input` piped in; resolves once it exits by itself. */
async function session(
  dir: string,
  args: string[],
  input: string,
): Promise<{ code: number | null; out: string; err: string }> {
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries({ ...process.env, USER: 'carol' }).filter(
      ([k]) => !k.startsWith('ST2_') && !k.startsWith('STORMBOT_'),
    ),
  );
  const child = spawn(process.execPath, [join(root, 'bin/stormbot.js'), 'run', ...args], {
    cwd: dir,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  child.stdin.end(input);
  const closed = new Promise<number | null>((r) => child.on('close', r));
  const code = await bounded(closed, { what: 'stormbot run to exit', seen: () => [out, err] });
  return { code, out, err };
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

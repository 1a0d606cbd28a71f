/**
 * A scripted terminal session: `stormbot run` with piped stdin, no configuration, the built-in
 * sandbox. It shows help, the ack and the result, then exits on its own.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../support/temp.js';
import { bounded } from '../support/wait.js';

const root = resolve(import.meta.dirname, '../..');

test('piped stdin: !help, !st2help and !st2 greet Hi show help, the ack and the result', async () => {
  const cwd = tempDir('term');
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries({ ...process.env, USER: 'carol' }).filter(
      ([k]) => !k.startsWith('ST2_') && !k.startsWith('STORMBOT_'),
    ),
  );
  const child = spawn(process.execPath, [join(root, 'bin/stormbot.js'), 'run'], {
    cwd,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  child.stdin.end('!help\n!st2help\n!st2 greet Hi\n');
  const closed = new Promise<number | null>((r) => child.on('close', r));
  const code = await bounded(closed, { what: 'stormbot run to exit', seen: () => [out, err] });
  assert.equal(code, 0, `exit code; stderr: ${err}`);
  assert.match(out, /built-in sandbox/);
  assert.match(out, /\[direct to carol\] stormbot: Commands you may run here:/);
  assert.match(out, /!st2help/);
  assert.match(out, /greet/);
  assert.match(out, /details available at http:\/\/127\.0\.0\.1:\d+\/#\/history\/\w+\/general/);
  const ackAt = out.indexOf('details available at');
  assert.ok(/Hi/.test(out.slice(ackAt + 20)), `the result comes after the ack:\n${out}`);
});

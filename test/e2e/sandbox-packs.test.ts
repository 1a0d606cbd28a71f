/**
 * The first run on one's own packs: `STORMBOT_SANDBOX_PACKS=DIR stormbot run` (what `npm start`
 * runs) starts the built-in sandbox on those packs, in one command.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../support/temp.js';
import { bounded } from '../support/wait.js';

const root = resolve(import.meta.dirname, '../..');
const cwd = tempDir('own-packs');

/** A pack of one alias and one shell action, as a pack author would start one. */
function writePack(dir: string): void {
  const pack = join(dir, 'mine');
  mkdirSync(join(pack, 'aliases'), { recursive: true });
  mkdirSync(join(pack, 'actions'), { recursive: true });
  writeFileSync(join(pack, 'pack.yaml'), 'ref: mine\nname: mine\nversion: 0.1.0\n');
  writeFileSync(
    join(pack, 'aliases', 'shout.yaml'),
    "name: shout\npack: mine\naction_ref: mine.shout\nformats:\n  - 'shout {{word}}'\n" +
      "result:\n  format: 'heard {{ execution.result.stdout }}'\n",
  );
  writeFileSync(
    join(pack, 'actions', 'shout.yaml'),
    'name: shout\npack: mine\nrunner_type: local-shell-cmd\nenabled: true\nparameters:\n' +
      '  word:\n    type: string\n    required: true\n' +
      "  cmd:\n    type: string\n    immutable: true\n    default: 'echo {{word}}'\n",
  );
}

test('STORMBOT_SANDBOX_PACKS: the sandbox the bot starts serves your packs', async () => {
  writePack(join(cwd, 'packs'));
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) => !k.startsWith('ST2_') && !k.startsWith('STORMBOT_'),
      ),
    ),
    USER: 'carol',
    STORMBOT_SANDBOX_PACKS: 'packs',
  };
  const child = spawn(process.execPath, [join(root, 'bin/stormbot.js'), 'run'], {
    cwd,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  child.stdin.end('!st2 shout boo\n!st2 greet Hi\n');
  const closed = new Promise<number | null>((r) => child.on('close', r));
  const code = await bounded(closed, { what: 'stormbot run to exit', seen: () => [out, err] });

  assert.equal(code, 0, `exit code; stderr: ${err}`);
  assert.match(out, new RegExp(`built-in sandbox with the packs in ${join(cwd, 'packs')}`));
  assert.match(out, /heard boo/);
  // Only the given packs: the examples are not there.
  assert.doesNotMatch(out, /nice to meet you/);
});

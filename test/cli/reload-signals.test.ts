/**
 * hubot-stackstorm's "reload commands" signal: a real `stormbot run` child process receives
 * SIGUSR2 and SIGHUP, reloads its aliases from StackStorm and keeps running; a reload that fails
 * keeps the aliases loaded before.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, readFileSync, watch } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { silentLogger } from '../../src/log.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { startRun, type Run } from '../support/stormbot-run.js';
import { tempDir } from '../support/temp.js';
import { until } from '../support/wait.js';

/** The messages of the JSON log lines in `file` (none while it does not exist). */
function logMessages(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => String((JSON.parse(line) as { msg?: unknown }).msg));
}

test('hubot-stackstorm: SIGUSR2 and SIGHUP reload the aliases; a failed reload keeps the old ones', async (t) => {
  const sandbox = await startSandbox({ apiKeys: ['reload-key'], logger: silentLogger() });
  t.after(() => sandbox.close());
  const dir = tempDir('reload');
  const log = join(dir, 'data', 'stormbot.log');
  const run: Run = startRun(dir, [], {
    ST2_API_URL: sandbox.apiUrl,
    ST2_AUTH_URL: sandbox.authUrl,
    ST2_STREAM_URL: sandbox.streamUrl,
    ST2_API_KEY: 'reload-key',
    STORMBOT_DATA_DIR: join(dir, 'data'),
  });
  t.after(() => {
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
  });
  const watcher = watch(dir, { recursive: true });
  t.after(() => watcher.close());
  const logSays = (what: string, count = 1) =>
    until(
      () => logMessages(log).filter((m) => m.includes(what)).length >= count,
      () => Promise.race([once(watcher, 'change'), run.exit()]),
      { what: `${count} log line(s) "${what}"`, seen: () => [...logMessages(log), run.err()] },
    );
  await logSays('stormbot is running');
  assert.ok(logMessages(log).includes('aliases loaded'), 'aliases loaded at start');

  run.child.kill('SIGUSR2');
  await logSays('SIGUSR2: reloading the aliases from StackStorm');
  await logSays('SIGUSR2: aliases reloaded');

  run.child.kill('SIGHUP');
  await logSays('SIGHUP: reloading the aliases from StackStorm');
  await logSays('SIGHUP: aliases reloaded');

  sandbox.faults.failNext(1, 500);
  run.child.kill('SIGUSR2');
  await logSays('alias reload failed; keeping the aliases loaded before');
  assert.equal(run.child.exitCode, null, `still running; stderr: ${run.err()}`);

  // The aliases loaded before the failure still answer.
  run.child.stdin.write('!st2help\n');
  await run.prints(/greet/);

  run.child.kill('SIGTERM');
  assert.equal(await run.exit(), 0, `exit code; stderr: ${run.err()}`);
});

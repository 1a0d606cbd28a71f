/**
 * The bounded waits and the temp-folder helper themselves: what a failed wait says.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { removeAll, tempDir } from './temp.js';
import { bounded, nextEvent, stepUntil, until, WaitTimeout } from './wait.js';
import { Waiters } from './waiters.js';

const never = new Promise<never>(() => undefined);

test('bounded settles like the promise it bounds', async () => {
  assert.equal(await bounded(Promise.resolve(7), { what: 'seven' }), 7);
  await assert.rejects(bounded(Promise.reject(new Error('boom')), { what: 'x' }), /boom/);
});

test('a bounded wait that runs out names what it waited for and the last values it saw', async () => {
  const seen = Array.from({ length: 12 }, (_, i) => ({ text: `message ${i + 1}` }));
  const error = await bounded(never, {
    what: 'a message "hello"',
    seen: () => seen,
    limitMs: 5,
  }).catch((e: unknown) => e);
  assert.ok(error instanceof WaitTimeout);
  assert.equal(
    error.message,
    [
      'waited 5 ms for a message "hello"; saw the last 10 of 12:',
      ...seen.slice(2).map((m) => `  - {"text":"${m.text}"}`),
    ].join('\n'),
  );
});

test('a wait that saw nothing says so', async () => {
  await assert.rejects(bounded(never, { what: 'anything', seen: () => [], limitMs: 1 }), {
    name: 'WaitTimeout',
    message: 'waited 1 ms for anything; saw nothing',
  });
});

test('Waiters: a wait resolves with a past or a later match, and fails listing what came', async () => {
  const waiters = new Waiters<string>('a line', 5);
  assert.equal(await waiters.wait((l) => l === 'old', ['old']), 'old');
  const later = waiters.wait((l) => l.startsWith('b'));
  waiters.notify('apple');
  waiters.notify('banana');
  assert.equal(await later, 'banana');
  await assert.rejects(
    waiters.wait((l) => l === 'cherry', ['apple'], 'equal to cherry'),
    {
      message: 'waited 5 ms for a line equal to cherry; saw these:\n  - "apple"\n  - "banana"',
    },
  );
});

test('until re-checks on each change; nextEvent names the event', async () => {
  const emitter = new EventEmitter();
  let count = 0;
  const reached = until(
    () => count >= 2,
    () => nextEvent(emitter, 'tick'),
    { what: 'two ticks' },
  );
  count = 1;
  emitter.emit('tick');
  await Promise.resolve();
  count = 2;
  emitter.emit('tick');
  await reached;
  const tock = nextEvent(emitter, 'tock');
  emitter.emit('tock', 1, 2);
  assert.deepEqual(await tock, [1, 2]);
});

test('stepUntil is bounded by steps, not time', async () => {
  let ready = false;
  setImmediate(() => (ready = true));
  await stepUntil(() => ready, { what: 'ready' });
  await assert.rejects(
    stepUntil(() => false, { what: 'never', steps: 3, seen: () => [1] }),
    {
      message: 'waited 3 steps for never; saw these:\n  - 1',
    },
  );
});

test('temp folders are made under stormbot-<purpose>- and removed together', () => {
  const dir = tempDir('wait-test');
  assert.match(dir, /stormbot-wait-test-\w+$/);
  assert.ok(existsSync(dir));
  removeAll();
  assert.equal(existsSync(dir), false);
});

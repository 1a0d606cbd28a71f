/**
 * Stopping the app within a deadline: a part that does not close is named, and the stop returns
 * at the deadline instead of waiting for it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../support/app.js';
import { stepUntil } from '../support/wait.js';

test('stop(withinMs) returns at the deadline naming the part that hung and those after it', async (t) => {
  const { app, backend, sandbox, manualClock } = await startTestApp({ manualClock: true });
  t.after(() => sandbox.close());
  assert.ok(manualClock);
  backend.stop = () => new Promise<void>(() => undefined);
  let open: readonly string[] | undefined;
  // The deadline is set as stop is called, on the app's clock.
  void app.stop(1500).then((parts) => (open = parts));
  await manualClock.advance(1499);
  assert.equal(open, undefined, 'not before the deadline');
  await manualClock.advance(1);
  await stepUntil(() => open !== undefined, { what: 'stop to return at its deadline' });
  assert.deepEqual(open, ['chat back-end', 'st2 client', 'store']);
});

test('stop(withinMs) returns nothing open when everything closes', async (t) => {
  const { app, sandbox } = await startTestApp();
  t.after(() => sandbox.close());
  assert.deepEqual(await app.stop(1500), []);
  assert.deepEqual(await app.stop(1500), [], 'idempotent');
});

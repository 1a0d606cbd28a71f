import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { St2Gateway } from '../../src/chatops/ports.js';
import type { Announcement, Execution } from '../../src/stackstorm/model.js';
import {
  ExecutionTracker,
  MAX_TRACKED,
  SILENCE_MS,
  SWEEP_MS,
  type TrackedExecution,
} from '../../src/chatops/tracker.js';
import { ManualClock } from '../support/clock.js';
import { silentLogger } from '../../src/log.js';

function setup(executions: Record<string, Execution>) {
  const posted: Announcement[] = [];
  const silent: TrackedExecution[] = [];
  let asked = 0;
  const st2: St2Gateway = {
    listAliases: () => Promise.resolve([]),
    executeAlias: () => Promise.reject(new Error('unused')),
    getExecution: (id) => {
      asked++;
      const e = executions[id];
      return e ? Promise.resolve(e) : Promise.reject(new Error('not found'));
    },
    runAction: () => Promise.reject(new Error('unused')),
    cancelExecution: () => Promise.reject(new Error('unused')),
    listInquiries: () => Promise.resolve([]),
    getInquiry: () => Promise.reject(new Error('unused')),
    respondToInquiry: () => Promise.reject(new Error('unused')),
    withCredentials: () => st2,
  };
  const clock = new ManualClock();
  const tracker = new ExecutionTracker({
    st2,
    sink: {
      deliver: (a) => {
        posted.push(a);
        tracker.settle(a);
        return Promise.resolve();
      },
    },
    clock,
    logger: silentLogger(),
    onSilent: (t) => silent.push(t),
  });
  const track = (requestId: string, executionId: string) =>
    tracker.track({
      requestId,
      executionId,
      alias: 'examples.greet',
      channel: '#ops',
      user: 'alice',
      context: { request_id: requestId },
      startedAt: clock.now(),
    });
  return { tracker, posted, clock, track, silent, asked: () => asked };
}

test('recover posts a status line with the web URL for executions that finished', async () => {
  const { tracker, posted, track } = setup({
    e1: {
      id: 'e1',
      status: 'succeeded',
      web_url: 'https://st2/#/history/e1/general',
      action: { ref: 'examples.greet' },
    },
    e2: { id: 'e2', status: 'running' },
  });
  track('r1', 'e1');
  track('r2', 'e2');
  assert.equal(await tracker.recover(), 1);
  assert.equal(posted.length, 1);
  assert.match(
    posted[0]!.message,
    /Execution e1 \(examples.greet\) succeeded while I was disconnected/,
  );
  assert.match(posted[0]!.message, /https:\/\/st2\/#\/history\/e1\/general/);
  assert.equal(posted[0]!.channel, '#ops');
  assert.equal(tracker.pending, 1, 'the running one is still tracked');
});

test('settle stops tracking and idle resolves', async () => {
  const { tracker, track } = setup({});
  track('r1', 'e1');
  const idle = tracker.idle();
  tracker.settle({ channel: '#ops', message: 'x', context: { request_id: 'r1' } });
  await idle;
  assert.equal(tracker.pending, 0);
});

test('past MAX_TRACKED executions the oldest is forgotten, the newest kept', () => {
  const { tracker, track } = setup({});
  for (let i = 0; i <= MAX_TRACKED; i++) track(`r${i}`, `e${i}`);
  assert.equal(tracker.pending, MAX_TRACKED);
  const ids = tracker.list().map((t) => t.requestId);
  assert.ok(!ids.includes('r0'), 'the oldest is forgotten');
  assert.ok(ids.includes(`r${MAX_TRACKED}`), 'the newest is tracked');
  tracker.stop();
});

test('executions older than the limit are forgotten, not chased', async () => {
  const { tracker, posted, track, clock } = setup({ e1: { id: 'e1', status: 'failed' } });
  track('r1', 'e1');
  await clock.advance(25 * 3_600_000);
  assert.equal(await tracker.recover(), 0);
  assert.equal(posted.length, 0);
  assert.equal(tracker.pending, 0);
});

test('an st2 error during recovery keeps the execution tracked', async () => {
  const { tracker, track } = setup({});
  track('r1', 'missing');
  assert.equal(await tracker.recover(), 0);
  assert.equal(tracker.pending, 1);
});

test('an execution that ended with no announcement is handed over once, SILENCE_MS after', async () => {
  const { tracker, clock, track, silent } = setup({ e1: { id: 'e1', status: 'failed' } });
  await tracker.recover(); // the stream is up
  track('r1', 'e1');
  await clock.advance(SWEEP_MS);
  assert.equal(silent.length, 0, 'it may still be on its way');
  await clock.advance(SILENCE_MS);
  assert.deepEqual(
    silent.map((t) => [t.alias, t.executionId]),
    [['examples.greet', 'e1']],
  );
  assert.equal(tracker.pending, 0);
  await clock.advance(SILENCE_MS);
  assert.equal(silent.length, 1);
});

test('not silent: an announcement arrived, or the execution still runs, or the stream is down', async () => {
  const execs = { e1: { id: 'e1', status: 'succeeded' }, e2: { id: 'e2', status: 'running' } };
  const { tracker, clock, track, silent, asked } = setup(execs);
  track('r1', 'e1');
  await clock.advance(SWEEP_MS + SILENCE_MS);
  assert.equal(asked(), 0, 'nothing is chased before the stream is up');
  await tracker.recover();
  const before = asked();
  track('r3', 'e1');
  tracker.announced({ channel: '#ops', message: 'x', context: { request_id: 'r3' } });
  track('r2', 'e2');
  await clock.advance(10 * 60_000);
  assert.equal(silent.length, 0);
  assert.ok(
    asked() - before < 10,
    `a running execution is asked less and less often (${asked() - before})`,
  );
  tracker.stop();
});

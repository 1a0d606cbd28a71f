/**
 * The inquiry watcher with a fake StackStorm: an inquiry two workflow levels under an execution
 * started from chat is posted once, in that execution's place (a direct conversation here);
 * others' inquiries are not; polling stops once nothing started from chat is running; the
 * history is bounded.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ExecutionHistory } from '../../src/chatops/history.js';
import { INQUIRY_POLL_MS, InquiryWatcher } from '../../src/chatops/inquiry-watcher.js';
import type { St2Gateway } from '../../src/chatops/ports.js';
import type { TrackedExecution } from '../../src/chatops/tracker.js';
import type { Execution, Inquiry } from '../../src/stackstorm/model.js';
import { makeTestBot } from '../support/bot.js';
import { ManualClock } from '../support/clock.js';

function tracked(executionId: string, user: string, channel: string): TrackedExecution {
  return {
    requestId: `r-${executionId}`,
    executionId,
    alias: 'ops.deploy',
    channel,
    user,
    context: {},
    startedAt: 0,
  };
}

async function setup() {
  const { bot, backend, logs } = await makeTestBot();
  const clock = new ManualClock();
  const executions: Record<string, Execution> = {
    Q1: { id: 'Q1', status: 'pending', parent: 'SUB' },
    SUB: { id: 'SUB', status: 'paused', context: { parent: { execution_id: 'ROOT' } } },
    Q2: { id: 'Q2', status: 'pending', parent: 'ELSEWHERE' },
    ELSEWHERE: { id: 'ELSEWHERE', status: 'paused' },
  };
  const open: Inquiry[] = [
    { id: 'Q1', schema: { properties: { ok: { type: 'boolean', required: true } } } },
    { id: 'Q2', schema: {} },
  ];
  const asked: string[] = [];
  const st2 = {
    getExecution: (id: string) => {
      asked.push(id);
      const e = executions[id];
      return e ? Promise.resolve(e) : Promise.reject(new Error(`no ${id}`));
    },
    listInquiries: () => {
      asked.push('list');
      return Promise.resolve(open);
    },
  } as unknown as St2Gateway;
  let active = true;
  const wake = { watcher: undefined as InquiryWatcher | undefined };
  const history = new ExecutionHistory(() => {
    wake.watcher?.wake();
  });
  const watcher = new InquiryWatcher({
    bot,
    st2,
    history,
    clock,
    logger: logs.logger,
    active: () => active,
    respond: '!st2respond',
  });
  wake.watcher = watcher;
  return { backend, clock, watcher, history, asked, setActive: (a: boolean) => (active = a) };
}

describe('inquiry watcher', () => {
  test('posted once where the root execution was started; others left alone', async () => {
    const { backend, clock, history, asked, watcher } = await setup();
    assert.equal(clock.pending, 0, 'nothing polls before an execution is started');
    history.record(tracked('ROOT', 'alice', '@alice'));
    await clock.advance(INQUIRY_POLL_MS);
    const posted = backend.sent.filter((m) => m.message.text.includes('inquiry Q1'));
    assert.equal(posted.length, 1);
    assert.equal(posted[0]?.target.kind, 'direct');
    assert.ok(
      !backend.sent.some((m) => m.message.text.includes('Q2')),
      'an inquiry of another execution is not posted',
    );
    assert.ok(!asked.includes('ROOT'), 'the walk stops at the execution started from chat');
    await clock.advance(INQUIRY_POLL_MS);
    assert.equal(
      backend.sent.filter((m) => m.message.text.includes('inquiry Q1')).length,
      1,
      'not posted twice',
    );
    assert.equal(asked.filter((id) => id === 'SUB').length, 1, 'origins are remembered');
    watcher.stop();
  });

  test('polling stops when nothing started from chat runs', async () => {
    const { clock, history, setActive, asked } = await setup();
    history.record(tracked('ROOT', 'alice', '@alice'));
    setActive(false);
    await clock.advance(INQUIRY_POLL_MS);
    assert.equal(asked.filter((a) => a === 'list').length, 1);
    assert.equal(clock.pending, 0, 'no further poll scheduled');
  });
});

describe('execution history', () => {
  test('bounded: the oldest is forgotten, and with it a person’s last', () => {
    const history = new ExecutionHistory(undefined, 2);
    history.record(tracked('A', 'alice', '#ops'));
    history.record(tracked('B', 'bob', '#ops'));
    history.record(tracked('C', 'bob', '#ops'));
    assert.equal(history.get('A'), undefined);
    assert.equal(history.last('alice'), undefined);
    assert.equal(history.last('bob')?.executionId, 'C');
  });
});

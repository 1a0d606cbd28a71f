/**
 * Issue 5 fault tests: stream gaps, expired tokens, a chat that is down. Time that the bot waits
 * (stream backoff, delivery retries) is driven by a ManualClock.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flushMicrotasks } from '../support/clock.js';
import type { RecordedMessage } from '../../src/backends/test/index.js';
import { startTestApp } from '../support/app.js';
import { sentMatching } from '../support/bot.js';
import { bounded, nextEvent } from '../support/wait.js';

const text = (m: RecordedMessage) => m.message.text;

test('stream cut between a command and its result: a status line with the web URL after reconnecting', async () => {
  const t = await startTestApp({ manualClock: true });
  const clock = t.manualClock!;
  try {
    t.sandbox.faults.holdExecutions = true;
    const [ack] = await t.backend.say('!st2 greet Hi', { room: '#ops' });
    assert.match(text(ack!), /details available at/);
    const executionId = [...t.sandbox.executions.keys()].at(-1)!;

    const down = nextEvent(t.app.stream, 'disconnected', () => [t.app.stream.state]);
    t.sandbox.faults.cutStream();
    await down;
    t.sandbox.faults.releaseExecutions();
    assert.equal(t.sandbox.executions.get(executionId)?.status, 'succeeded');

    const from = t.backend.sent.length;
    const up = nextEvent(t.app.stream, 'connected', () => [t.app.stream.state]);
    await flushMicrotasks();
    await clock.advance(clock.nextDelay() ?? 0);
    await up;
    const line = await sentMatching(
      t.backend,
      (m) => /while I was disconnected/.test(text(m)),
      from,
    );
    assert.match(text(line), new RegExp(`Execution ${executionId} \\(.*\\) succeeded`));
    assert.match(text(line), new RegExp(`#/history/${executionId}/general`));
    assert.equal(line.target.kind === 'room' && line.target.room.id, '#ops');
    assert.equal(t.app.chatops.tracker.pending, 0);
  } finally {
    await t.close();
  }
});

test('token expired mid-flight: renewed, and the command succeeds', async () => {
  const t = await startTestApp({ password: true });
  try {
    const logins = () =>
      t.sandbox.requests.filter((r) => r.path.endsWith('/tokens') && r.method === 'POST').length;
    const before = logins();
    t.sandbox.faults.expireAllTokens();
    const from = t.backend.sent.length;
    const [ack] = await t.backend.say('!st2 greet Hi', { room: '#ops' });
    assert.match(text(ack!), /details available at/);
    assert.ok(logins() > before, 'the bot logged in again');
    const result = await sentMatching(t.backend, (m) => m !== ack && /Hi/.test(text(m)), from);
    assert.ok(result);
  } finally {
    await t.close();
  }
});

test('chat down while a result arrives: delivered once it is back', async () => {
  const t = await startTestApp({ manualClock: true });
  const clock = t.manualClock!;
  try {
    t.backend.failSends = new Error('chat unreachable');
    const attempted = bounded(t.backend.nextAttempt(), { what: 'an attempt to send' });
    t.sandbox.announce('stormbot', { channel: '#ops', message: 'result while down' });
    await attempted;
    assert.equal(t.backend.sent.length, 0);
    t.backend.failSends = undefined;
    const delivered = sentMatching(t.backend, (m) => text(m) === 'result while down');
    await flushMicrotasks();
    await clock.advance(clock.nextDelay() ?? 0);
    await delivered;
    assert.equal(t.app.chatops.delivery.counters.dropped, 0);
  } finally {
    await t.close();
  }
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualClock } from '../support/clock.js';
import { Connection, linkEnd, type Attempt, type Link } from '../../src/lib/connection.js';
import { capturingLogger } from '../support/logs.js';

/** A connection whose attempts do what `connect` says; `end` ends the latest link. */
function connection(
  clock: ManualClock,
  connect: (attempt: Attempt) => Promise<void>,
  extra: { stableAfterMs?: number; random?: () => number } = {},
) {
  const log = capturingLogger();
  const calls = { connect: 0 };
  let end: (reason: string) => void = () => undefined;
  const c = new Connection({
    name: 'test link',
    clock,
    logger: log.logger,
    backoff: { initialMs: 1000, maxMs: 8000 },
    random: extra.random ?? (() => 0),
    stableAfterMs: extra.stableAfterMs,
    connect: async (attempt): Promise<Link> => {
      calls.connect++;
      await connect(attempt);
      const ends = linkEnd();
      end = ends.end;
      return ends.link;
    },
  });
  return { c, calls, log, end: (reason: string) => end(reason) };
}

describe('Connection', () => {
  test('connects, and after a drop reconnects once the backoff has passed', async () => {
    const clock = new ManualClock();
    const { c, calls, end, log } = connection(clock, () => Promise.resolve());
    assert.deepEqual(c.status(), { connected: false, detail: 'not started' });
    await c.start();
    assert.deepEqual(c.status(), { connected: true });
    end('socket closed');
    await clock.advance(0);
    assert.deepEqual(c.status(), {
      connected: false,
      detail: 'socket closed; reconnecting in 1s',
    });
    assert.match(log.text(), /test link connection lost/);
    await clock.advance(999);
    assert.equal(calls.connect, 1);
    await clock.advance(1);
    assert.equal(calls.connect, 2);
    assert.deepEqual(c.status(), { connected: true });
    assert.equal(c.retries, 1);
  });

  test('failed attempts double the delay up to the cap, and a connection resets it', async () => {
    const clock = new ManualClock();
    let fail = true;
    const { c, end, log } = connection(clock, () =>
      fail ? Promise.reject(new Error('refused')) : Promise.resolve(),
    );
    await c.start();
    assert.deepEqual(c.status(), { connected: false, detail: 'refused; reconnecting in 1s' });
    const delays: (number | undefined)[] = [];
    for (let i = 0; i < 5; i++) {
      delays.push(clock.nextDelay());
      await clock.advance(clock.nextDelay() ?? 0);
    }
    assert.deepEqual(delays, [1000, 2000, 4000, 8000, 8000]);
    assert.equal(c.status().detail, 'refused; reconnecting in 8s');
    assert.match(log.text(), /test link connection failed/);
    fail = false;
    await clock.advance(8000);
    assert.equal(c.status().connected, true);
    end('again');
    await clock.advance(0);
    assert.equal(clock.nextDelay(), 1000);
  });

  test('the delays are jittered: a random near 1 halves them', async () => {
    const clock = new ManualClock();
    const { c } = connection(clock, () => Promise.reject(new Error('down')), {
      random: () => 0.999999,
    });
    await c.start();
    assert.equal(clock.nextDelay(), 500);
    assert.equal(c.status().detail, 'down; reconnecting in 1s');
    await clock.advance(500);
    assert.equal(clock.nextDelay(), 1000);
    c.stop();
  });

  test('with stableAfterMs, only a connection that stayed up that long resets the schedule', async () => {
    const clock = new ManualClock();
    let fail = true;
    const { c, end } = connection(
      clock,
      () => (fail ? Promise.reject(new Error('refused')) : Promise.resolve()),
      { stableAfterMs: 30_000 },
    );
    await c.start();
    await clock.advance(1000);
    fail = false;
    await clock.advance(2000);
    assert.equal(c.status().connected, true);
    await clock.advance(29_999);
    end('short-lived');
    await clock.advance(0);
    assert.equal(clock.nextDelay(), 4000, 'a short connection keeps counting');
    await clock.advance(4000);
    await clock.advance(30_000);
    end('after a while');
    await clock.advance(0);
    assert.equal(clock.nextDelay(), 1000, 'a stable connection starts over');
  });

  test('an attempt can report progress until it connects', async () => {
    const clock = new ManualClock();
    let release: () => void = () => undefined;
    const seen: (string | undefined)[] = [];
    const { c } = connection(clock, (attempt) => {
      attempt.progress('joining rooms');
      return new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    const joining = c.waitFor((s) => s.detail === 'joining rooms');
    const started = c.start();
    seen.push((await joining).detail);
    release();
    await started;
    assert.deepEqual(seen, ['joining rooms']);
    assert.deepEqual(c.status(), { connected: true });
  });

  test('stop aborts the attempt, cancels a pending retry and reports stopped', async () => {
    const clock = new ManualClock();
    const { c, calls } = connection(clock, () => Promise.reject(new Error('down')));
    await c.start();
    c.stop();
    c.stop();
    await clock.advance(60_000);
    assert.equal(calls.connect, 1);
    assert.equal(clock.pending, 0);
    assert.deepEqual(c.status(), { connected: false, detail: 'stopped' });
    assert.equal(c.running, false);
  });

  test('an attempt that ends after stop changes nothing, and its signal says stopped', async () => {
    const clock = new ManualClock();
    let finish: () => void = () => undefined;
    let signal: AbortSignal | undefined;
    const { c, end } = connection(
      clock,
      (attempt) =>
        new Promise<void>((resolve) => {
          signal = attempt.signal;
          finish = resolve;
        }),
    );
    const started = c.start();
    c.stop();
    assert.equal(signal?.aborted, true);
    finish();
    await started;
    end('late drop');
    await clock.advance(0);
    assert.deepEqual(c.status(), { connected: false, detail: 'stopped' });
    assert.equal(clock.pending, 0);
  });

  test('start after stop starts over', async () => {
    const clock = new ManualClock();
    const { c, calls } = connection(clock, () => Promise.resolve());
    await c.start();
    await c.start();
    assert.equal(calls.connect, 1, 'start while running does nothing');
    c.stop();
    await c.start();
    assert.equal(calls.connect, 2);
    assert.deepEqual(c.status(), { connected: true });
  });
});

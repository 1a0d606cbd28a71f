import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Reconnector } from '../../../src/backends/shared/reconnect.js';
import { ManualClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/log.js';
import { bounded } from '../../support/wait.js';

function reconnector(clock: ManualClock, connect: () => Promise<void>) {
  const calls = { connect: 0, disconnect: 0 };
  const r = new Reconnector({
    clock,
    logger: silentLogger(),
    connect: () => {
      calls.connect++;
      return connect();
    },
    disconnect: () => {
      calls.disconnect++;
      return Promise.resolve();
    },
    minDelayMs: 1000,
    maxDelayMs: 8000,
  });
  return { r, calls };
}

describe('Reconnector', () => {
  test('connects, and after a drop reconnects once the backoff has passed', async () => {
    const clock = new ManualClock();
    const { r, calls } = reconnector(clock, () => Promise.resolve());
    await r.start();
    assert.deepEqual(r.status(), { connected: true });
    r.dropped('socket closed');
    assert.deepEqual(r.status(), {
      connected: false,
      detail: 'socket closed; reconnecting in 1s',
    });
    await clock.advance(999);
    assert.equal(calls.connect, 1);
    await clock.advance(1);
    assert.equal(calls.connect, 2);
    assert.deepEqual(r.status(), { connected: true });
  });

  test('failed attempts double the delay up to the maximum, and success resets it', async () => {
    const clock = new ManualClock();
    let fail = true;
    const { r, calls } = reconnector(clock, () =>
      fail ? Promise.reject(new Error('refused')) : Promise.resolve(),
    );
    await r.start();
    const delays: (number | undefined)[] = [];
    for (let i = 0; i < 5; i++) {
      delays.push(clock.nextDelay());
      await clock.advance(clock.nextDelay() ?? 0);
    }
    assert.deepEqual(delays, [1000, 2000, 4000, 8000, 8000]);
    assert.equal(calls.disconnect, 6, 'each failed attempt is cleaned up');
    fail = false;
    await clock.advance(8000);
    assert.equal(r.status().connected, true);
    r.dropped('again');
    assert.equal(clock.nextDelay(), 1000);
  });

  test('stop cancels a pending retry and reports stopped', async () => {
    const clock = new ManualClock();
    const { r, calls } = reconnector(clock, () => Promise.reject(new Error('down')));
    await r.start();
    await r.stop();
    await r.stop();
    await clock.advance(60_000);
    assert.equal(calls.connect, 1);
    assert.deepEqual(r.status(), { connected: false, detail: 'stopped' });
    r.dropped('late drop');
    assert.equal(clock.pending, 0);
  });

  test('an attempt that succeeds after stop is closed again', async () => {
    const clock = new ManualClock();
    let finish: () => void = () => undefined;
    const { r, calls } = reconnector(
      clock,
      () =>
        new Promise<void>((resolve) => {
          finish = resolve;
        }),
    );
    const started = r.start();
    await r.stop();
    finish();
    await started;
    assert.equal(r.status().connected, false);
    assert.equal(calls.disconnect, 2);
  });

  test('waitFor resolves on a later matching state', async () => {
    const clock = new ManualClock();
    const { r } = reconnector(clock, () => Promise.resolve());
    const connected = bounded(
      r.waitFor((s) => s.connected),
      { what: 'a connected state', seen: () => [r.status()] },
    );
    await r.start();
    assert.deepEqual(await connected, { connected: true });
  });
});

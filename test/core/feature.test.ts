import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TestBackend } from '../../src/backends/test/index.js';
import { Bot } from '../../src/core/bot.js';
import type { EventSink } from '../../src/core/backend.js';
import type { Feature } from '../../src/core/feature.js';
import { capturingLogger } from '../support/logs.js';

/** A bot whose back-end and features write what happens to `events`. */
function setup(events: string[]) {
  const backend = new TestBackend();
  const connect = backend.start.bind(backend);
  const disconnect = backend.stop.bind(backend);
  backend.start = async (sink: EventSink) => {
    events.push('back-end start');
    await connect(sink);
  };
  backend.stop = async () => {
    events.push('back-end stop');
    await disconnect();
  };
  const bot = new Bot({
    backend,
    addressing: { prefix: '!', names: ['stormbot'], prefixOptionalInDirect: true },
    acl: { rules: [], admins: [], hideDenials: false },
    logger: capturingLogger().logger,
  });
  const feature = (name: string, extra: Partial<Feature> = {}): Feature => ({
    name,
    commands: [],
    start: () => {
      events.push(`${name} start`);
      return Promise.resolve();
    },
    stop: () => {
      events.push(`${name} stop`);
    },
    ...extra,
  });
  return { bot, backend, feature };
}

describe('features', () => {
  test('start before the back-end connects, in order; stop after it, in reverse', async () => {
    const events: string[] = [];
    const { bot, feature } = setup(events);
    bot.use(feature('one'));
    bot.use(feature('two'));
    await bot.start();
    await bot.stop();
    assert.deepEqual(events, [
      'one start',
      'two start',
      'back-end start',
      'back-end stop',
      'two stop',
      'one stop',
    ]);
  });

  test('their commands and fallback answer, and a name used twice is refused', async () => {
    const events: string[] = [];
    const { bot, backend, feature } = setup(events);
    const echo = { name: 'echo', aclKey: 'core:echo', summary: 'echo', run: () => 'echoed' };
    bot.use(
      feature('f', {
        commands: [echo],
        fallback: { name: 'any', aclKey: 'st2:st2', summary: 'any', run: (c) => `fell: ${c.args}` },
      }),
    );
    await bot.start();
    const texts = async (text: string) =>
      (await backend.say(text, { room: '#ops' })).map((r) => r.message.text);
    assert.deepEqual(await texts('!echo'), ['echoed']);
    assert.deepEqual(await texts('!deploy web'), ['fell: deploy web']);
    assert.throws(() => {
      bot.use(feature('g', { commands: [echo] }));
    }, /command echo is registered twice/);
    await bot.stop();
  });
});

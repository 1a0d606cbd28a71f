import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { IrcBackend } from '../../../src/backends/irc/index.js';
import { ManualClock } from '../../support/clock.js';
import { silentLogger } from '../../../src/log.js';
import { RecordingSink, statusWhere } from '../../contracts/backend-contract.js';
import {
  connectIrcPerson,
  ircBotSettings,
  ngircdSkipReason,
  startNgircd,
  type NgircdServer,
} from '../../support/ngircd.js';
import { freePort } from '../../support/ports.js';
import { backendSettings } from '../../../src/config/index.js';

const skip = ngircdSkipReason();

void describe('IRC reconnects', () => {
  test('a first connection that fails schedules a retry and start() still resolves', async () => {
    const clock = new ManualClock();
    // A port just freed: nothing listens on it.
    const port = await freePort();
    const backend = new IrcBackend(
      backendSettings('irc', {
        server: '127.0.0.1',
        port,
        nick: 'stormbot',
        reconnect: { initial_seconds: 4, max_seconds: 60 },
      }),
      { logger: silentLogger(), clock, random: () => 0 },
    );
    await backend.start(new RecordingSink());
    assert.equal(backend.status().connected, false);
    assert.match(backend.status().detail ?? '', /^ECONNREFUSED; reconnecting in 4s$/);
    assert.equal(clock.nextDelay(), 4000, 'random 0: the full first delay');
    const again = statusWhere(backend, (s) => /reconnecting in 8s/.test(s.detail ?? ''));
    await clock.advance(4000);
    await again;
    await backend.stop();
    assert.equal(clock.pending, 0, 'stop cancels the scheduled attempt');
    assert.deepEqual(backend.status(), { connected: false, detail: 'stopped' });
  });

  void describe('against ngIRCd', { skip }, () => {
    let server: NgircdServer;

    before(async () => {
      server = await startNgircd({ channels: ['#chatops'] });
    });
    after(async () => {
      await server.stop();
    });

    test('reconnects after the server restarts and receives a message sent after it', async () => {
      const clock = new ManualClock();
      const sink = new RecordingSink();
      const backend = new IrcBackend(backendSettings('irc', ircBotSettings(server)), {
        logger: silentLogger(),
        clock,
        random: () => 0.5,
      });
      await backend.start(sink);
      assert.equal(backend.status().connected, true);

      const down = statusWhere(backend, (s) => !s.connected && /reconnecting/.test(s.detail ?? ''));
      const pid = server.pid;
      await server.restart();
      assert.notEqual(server.pid, pid);
      assert.match((await down).detail ?? '', /reconnecting in 1s/);
      const person = await backend.identity.principalFor('alice');
      await assert.rejects(
        backend.send({ kind: 'direct', user: person! }, { text: 'x' }),
        /not connected/,
      );

      const up = statusWhere(backend, (s) => s.connected);
      assert.equal(clock.nextDelay(), 750);
      await clock.advance(750);
      await up;
      assert.deepEqual(backend.joinedChannels(), ['#chatops']);

      const alice = await connectIrcPerson(server, 'alice');
      try {
        await alice.join('#chatops');
        alice.say('#chatops', 'after the restart');
        const event = await sink.next((e) => e.text === 'after the restart');
        assert.equal(event.place.kind, 'room');
        alice.say('stormbot', 'direct after the restart');
        await sink.next((e) => e.text === 'direct after the restart');
        const got = alice.waitForMessage((m) => m.message === 'still here');
        const target = await backend.identity.targetFor('#chatops');
        await backend.send(target!, { text: 'still here' });
        await got;
      } finally {
        await alice.quit();
        await backend.stop();
      }
    });
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { XmppBackend } from '../../../src/backends/xmpp/index.js';
import { ManualClock } from '../../support/clock.js';
import { silentLogger } from '../../../src/log.js';
import { RecordingSink, statusWhere } from '../../contracts/backend-contract.js';
import { capturingLogger } from '../../support/logs.js';
import { freePort } from '../../support/ports.js';
import {
  connectXmppPerson,
  prosodySkipReason,
  startProsody,
  xmppBotSettings,
  type ProsodyServer,
} from '../../support/prosody.js';
import { backendSettings } from '../../../src/config/index.js';

const skip = prosodySkipReason();
const ROOM = 'ops@conference.localhost';

void describe('XMPP reconnects', () => {
  test('a first connection that fails schedules a retry and start() still resolves', async () => {
    const clock = new ManualClock();
    // A port just freed: nothing listens on it.
    const port = await freePort();
    const backend = new XmppBackend(
      backendSettings('xmpp', {
        jid: 'bot@localhost',
        password: 'pw',
        service: `xmpp://127.0.0.1:${port}`,
        reconnect: { initial_seconds: 2, max_seconds: 60 },
      }),
      { logger: silentLogger(), clock, random: () => 0 },
    );
    await backend.start(new RecordingSink());
    const status = backend.status();
    assert.equal(status.connected, false);
    assert.match(status.detail ?? '', /ECONNREFUSED; reconnecting in 2s/);
    assert.equal(clock.nextDelay(), 2000, 'random 0: the full first delay');
    // The retry fails too and doubles the delay.
    const again = statusWhere(backend, (s) => /reconnecting in 4s/.test(s.detail ?? ''));
    await clock.advance(2000);
    await again;
    await backend.stop();
    assert.equal(clock.pending, 0, 'stop cancels the scheduled attempt');
    assert.deepEqual(backend.status(), { connected: false, detail: 'stopped' });
  });

  void describe('against Prosody', { skip }, () => {
    let server: ProsodyServer;

    before(async () => {
      server = await startProsody({ users: { bot: 'bot-pw', alice: 'alice-pw' } });
    });
    after(async () => {
      await server.stop();
    });

    test('a wrong password is reported as an authentication failure, never the password', async () => {
      const clock = new ManualClock();
      const log = capturingLogger();
      const backend = new XmppBackend(
        backendSettings('xmpp', xmppBotSettings(server, { password: 'wrong-secret-pw' })),
        { logger: log.logger, clock, random: () => 0 },
      );
      await backend.start(new RecordingSink());
      assert.equal(backend.status().connected, false);
      assert.match(backend.status().detail ?? '', /^auth failed; reconnecting in 1s$/);
      await backend.stop();
      assert.match(log.text(), /XMPP connection failed/);
      assert.doesNotMatch(log.text(), /wrong-secret-pw/);
    });

    test('reconnects after the server restarts and receives a message sent after it', async () => {
      const clock = new ManualClock();
      const sink = new RecordingSink();
      const backend = new XmppBackend(
        backendSettings('xmpp', xmppBotSettings(server, { password: 'bot-pw', rooms: [ROOM] })),
        { logger: silentLogger(), clock, random: () => 0.5 },
      );
      await backend.start(sink);
      assert.equal(backend.status().connected, true);
      const pid = server.pid;

      const down = statusWhere(backend, (s) => !s.connected && /reconnecting/.test(s.detail ?? ''));
      await server.restart();
      assert.notEqual(server.pid, pid);
      const status = await down;
      assert.match(status.detail ?? '', /reconnecting in 1s/);
      assert.equal(clock.nextDelay(), 750, 'half the first delay plus half of it jittered');

      // Nothing retries until the clock says so; then one attempt reconnects and re-joins.
      const up = statusWhere(backend, (s) => s.connected);
      await clock.advance(750);
      await up;
      assert.deepEqual(backend.joinedRooms(), [ROOM]);

      const alice = await connectXmppPerson(server, 'alice', 'alice-pw');
      try {
        await alice.joinRoom(ROOM, 'alice');
        await alice.sayInRoom(ROOM, 'after the restart');
        const event = await sink.next((e) => e.text === 'after the restart');
        assert.equal(event.author.id, 'alice@localhost');
        await alice.sayDirect('bot@localhost', 'direct after the restart');
        await sink.next((e) => e.text === 'direct after the restart');
        const got = alice.waitForMessage((m) => m.body === 'still here');
        const target = await backend.identity.targetFor(ROOM);
        await backend.send(target!, { text: 'still here' });
        await got;
      } finally {
        await alice.stop();
        await backend.stop();
      }
    });
  });
});

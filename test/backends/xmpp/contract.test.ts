import { test } from 'node:test';
import { createBackend, XmppBackend } from '../../../src/backends/xmpp/index.js';
import { silentLogger } from '../../../src/log.js';
import {
  dropAndReconnect,
  runBackendContract,
  type BackendHarness,
} from '../../contracts/backend-contract.js';
import {
  connectXmppPerson,
  prosodySkipReason,
  startProsody,
  xmppBotSettings,
} from '../../support/prosody.js';
import { backendSettings } from '../../../src/config/index.js';

const skip = prosodySkipReason();
const ROOM = 'contract@conference.localhost';

if (skip) {
  test('back-end contract: xmpp', { skip }, () => {});
} else {
  runBackendContract(
    'xmpp',
    async () => {
      const server = await startProsody({ users: { bot: 'bot-pw', alice: 'alice-pw' } });
      // The real clock: the drop waits for the real first backoff (≤ 1 s).
      const backend = createBackend(
        backendSettings('xmpp', xmppBotSettings(server, { password: 'bot-pw', rooms: [ROOM] })),
        { logger: silentLogger() },
      );
      if (!(backend instanceof XmppBackend)) throw new Error('expected an XmppBackend');
      let alice = await connectXmppPerson(server, 'alice', 'alice-pw');
      let joined: Promise<void> | undefined;
      // The person joins after the bot has started (the bot creates the room).
      const inRoom = () => (joined ??= alice.joinRoom(ROOM, 'alice'));
      const harness: BackendHarness = {
        backend,
        roomChannel: ROOM,
        unknownChannel: 'no such room@conference.localhost',
        personUser: 'alice@localhost',
        async personSays(text, where) {
          if (where.direct) {
            await alice.sayDirect('bot@localhost', text);
          } else {
            await inRoom();
            await alice.sayInRoom(ROOM, text);
          }
        },
        async personReceives(where, predicate = () => true) {
          if (!where.direct) await inRoom();
          const m = await alice.waitForMessage((r) =>
            where.direct
              ? r.type === 'chat' && r.from.startsWith('bot@localhost') && predicate(r.body)
              : r.type === 'groupchat' && r.from === `${ROOM}/stormbot` && predicate(r.body),
          );
          return m.body;
        },
        async drop() {
          // A restart cuts the person too: they come back (and re-join) once the bot has.
          await dropAndReconnect(backend, () => server.restart());
          await alice.stop();
          alice = await connectXmppPerson(server, 'alice', 'alice-pw');
          joined = undefined;
        },
        async close() {
          await alice.stop();
          await server.stop();
        },
      };
      return harness;
    },
    { connection: true },
  );
}

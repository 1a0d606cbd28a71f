import { test } from 'node:test';
import { createBackend } from '../../../src/backends/xmpp/index.js';
import { silentLogger } from '../../../src/log.js';
import { runBackendContract, type BackendHarness } from '../../contracts/backend-contract.js';
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
  runBackendContract('xmpp', async () => {
    const server = await startProsody({ users: { bot: 'bot-pw', alice: 'alice-pw' } });
    const backend = createBackend(
      backendSettings('xmpp', xmppBotSettings(server, { password: 'bot-pw', rooms: [ROOM] })),
      {
        logger: silentLogger(),
      },
    );
    const alice = await connectXmppPerson(server, 'alice', 'alice-pw');
    let joined: Promise<void> | undefined;
    // The person joins after the bot has started (the bot creates the room).
    const inRoom = () => (joined ??= alice.joinRoom(ROOM, 'alice'));
    const harness: BackendHarness = {
      backend,
      roomChannel: ROOM,
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
      async close() {
        await alice.stop();
        await server.stop();
      },
    };
    return harness;
  });
}

import { test } from 'node:test';
import { createBackend } from '../../../src/backends/irc/index.js';
import { silentLogger } from '../../../src/log.js';
import { runBackendContract, type BackendHarness } from '../../contracts/backend-contract.js';
import {
  connectIrcPerson,
  ircBotSettings,
  ngircdSkipReason,
  startNgircd,
} from '../../support/ngircd.js';
import { backendSettings } from '../../../src/config/index.js';

const skip = ngircdSkipReason();

if (skip) {
  test('back-end contract: irc', { skip }, () => {});
} else {
  runBackendContract('irc', async () => {
    const server = await startNgircd({ channels: ['#chatops'] });
    const backend = createBackend(backendSettings('irc', ircBotSettings(server)), {
      logger: silentLogger(),
    });
    const alice = await connectIrcPerson(server, 'alice');
    await alice.join('#chatops');
    const harness: BackendHarness = {
      backend,
      roomChannel: '#chatops',
      personUser: 'alice',
      personSays(text, where) {
        alice.say(where.direct ? 'stormbot' : '#chatops', text);
        return Promise.resolve();
      },
      async personReceives(where, predicate = () => true) {
        const m = await alice.waitForMessage(
          (r) =>
            r.nick === 'stormbot' &&
            (where.direct ? r.target === 'alice' : r.target === '#chatops') &&
            predicate(r.message),
        );
        return m.message;
      },
      async close() {
        await alice.quit();
        await server.stop();
      },
    };
    return harness;
  });
}

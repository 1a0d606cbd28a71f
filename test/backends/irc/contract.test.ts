import { test } from 'node:test';
import { createBackend, IrcBackend } from '../../../src/backends/irc/index.js';
import { silentLogger } from '../../../src/log.js';
import {
  dropAndReconnect,
  runBackendContract,
  type BackendHarness,
} from '../../contracts/backend-contract.js';
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
  runBackendContract(
    'irc',
    async () => {
      const server = await startNgircd({ channels: ['#chatops'] });
      // The real clock: IRC pacing runs on it; the drop waits for the real first backoff (≤ 1 s).
      const backend = createBackend(backendSettings('irc', ircBotSettings(server)), {
        logger: silentLogger(),
      });
      if (!(backend instanceof IrcBackend)) throw new Error('expected an IrcBackend');
      const enter = async () => {
        const person = await connectIrcPerson(server, 'alice');
        await person.join('#chatops');
        return person;
      };
      let alice = await enter();
      const harness: BackendHarness = {
        backend,
        roomChannel: '#chatops',
        unknownChannel: '#no such channel',
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
        async drop() {
          // A restart cuts the person too: they come back once the bot has.
          await dropAndReconnect(backend, () => server.restart());
          await alice.quit();
          alice = await enter();
        },
        async close() {
          await alice.quit();
          await server.stop();
        },
      };
      return harness;
    },
    { connection: true },
  );
}

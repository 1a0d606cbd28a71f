import { ManualClock } from '../../support/clock.js';
import {
  dropAndReconnect,
  runBackendContract,
  type BackendHarness,
} from '../../contracts/backend-contract.js';
import { silentLogger } from '../../../src/log.js';
import { ALICE, mattermostSetup, OPS, serveButtons } from './harness.js';

runBackendContract(
  'mattermost',
  async () => {
    const clock = new ManualClock();
    const { fake, backend, aliceDm } = await mattermostSetup({ clock });
    const web = await serveButtons(backend, silentLogger());
    const harness: BackendHarness = {
      backend,
      roomChannel: `~${OPS.name}`,
      unknownChannel: '~no-such-channel',
      personUser: ALICE.username,
      personSays(text, where) {
        fake.personPosts({
          user: ALICE.id,
          channel: where.direct ? aliceDm.id : OPS.id,
          message: text,
        });
        return Promise.resolve();
      },
      async personReceives(where, predicate = () => true) {
        const post = await fake.waitForPost(
          (p) =>
            p.channel_id === (where.direct ? aliceDm.id : OPS.id) &&
            (where.thread === undefined || p.root_id === where.thread) &&
            predicate(p.message),
        );
        return post.message;
      },
      async personPresses(messageId, index) {
        await fake.pressButton({ user: ALICE.id, postId: messageId, actionId: `stormbot${index}` });
      },
      drop: () => dropAndReconnect(backend, () => fake.dropConnections(), clock),
      async close() {
        await web.close();
        await fake.close();
      },
    };
    return harness;
  },
  { connection: true, buttons: true },
);

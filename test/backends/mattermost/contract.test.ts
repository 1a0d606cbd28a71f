import { ManualClock } from '../../support/clock.js';
import {
  dropAndReconnect,
  runBackendContract,
  type BackendHarness,
} from '../../contracts/backend-contract.js';
import { ALICE, mattermostSetup, OPS } from './harness.js';

runBackendContract(
  'mattermost',
  async () => {
    const clock = new ManualClock();
    const { fake, backend, aliceDm } = await mattermostSetup({ clock });
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
      drop: () => dropAndReconnect(backend, () => fake.dropConnections(), clock),
      close: () => fake.close(),
    };
    return harness;
  },
  { connection: true },
);

import { runBackendContract, type BackendHarness } from '../../contracts/backend-contract.js';
import { ALICE, mattermostSetup, OPS } from './harness.js';

runBackendContract('mattermost', async () => {
  const { fake, backend, aliceDm } = await mattermostSetup();
  const harness: BackendHarness = {
    backend,
    roomChannel: `~${OPS.name}`,
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
        (p) => p.channel_id === (where.direct ? aliceDm.id : OPS.id) && predicate(p.message),
      );
      return post.message;
    },
    close: () => fake.close(),
  };
  return harness;
});

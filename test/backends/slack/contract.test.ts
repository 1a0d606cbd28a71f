import { runBackendContract, type BackendHarness } from '../../contracts/backend-contract.js';
import { ALICE, ALICE_IM, OPS, slackSetup } from './harness.js';

runBackendContract('slack', async () => {
  const { fake, backend } = await slackSetup();
  const harness: BackendHarness = {
    backend,
    roomChannel: `#${OPS.name}`,
    personUser: ALICE.name,
    async personSays(text, where) {
      await fake.personSays({ user: ALICE.id, channel: where.direct ? ALICE_IM : OPS.id, text });
    },
    async personReceives(where, predicate = () => true) {
      const call = await fake.waitForCall(
        'chat.postMessage',
        (c) =>
          c.args.channel === (where.direct ? ALICE_IM : OPS.id) &&
          typeof c.args.text === 'string' &&
          predicate(c.args.text),
      );
      return String(call.args.text);
    },
    close: () => fake.close(),
  };
  return harness;
});

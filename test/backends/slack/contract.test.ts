import { ManualClock } from '../../support/clock.js';
import {
  dropAndReconnect,
  runBackendContract,
  type BackendHarness,
} from '../../contracts/backend-contract.js';
import { ALICE, ALICE_IM, OPS, slackSetup } from './harness.js';

runBackendContract(
  'slack',
  async () => {
    const clock = new ManualClock();
    const { fake, backend } = await slackSetup({ clock });
    const harness: BackendHarness = {
      backend,
      roomChannel: `#${OPS.name}`,
      unknownChannel: '#no-such-channel',
      personUser: ALICE.name,
      async personSays(text, where) {
        await fake.personSays({ user: ALICE.id, channel: where.direct ? ALICE_IM : OPS.id, text });
      },
      async personReceives(where, predicate = () => true) {
        const call = await fake.waitForCall(
          'chat.postMessage',
          (c) =>
            c.args.channel === (where.direct ? ALICE_IM : OPS.id) &&
            (where.thread === undefined || c.args.thread_ts === where.thread) &&
            typeof c.args.text === 'string' &&
            predicate(c.args.text),
        );
        return String(call.args.text);
      },
      async personPresses(messageId, index) {
        const actionId = `stormbot_button_${index}`;
        await fake.pressButton({ user: ALICE.id, channel: OPS.id, ts: messageId, actionId });
      },
      drop: () => dropAndReconnect(backend, () => fake.dropConnections(), clock),
      close: () => fake.close(),
    };
    return harness;
  },
  { connection: true, buttons: true },
);

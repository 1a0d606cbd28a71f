import { TestBackend } from '../../src/backends/test/index.js';
import { runBackendContract, type BackendHarness } from '../contracts/backend-contract.js';
import { sentMatching } from '../support/bot.js';

runBackendContract(
  'test',
  () => {
    const backend = new TestBackend();
    const harness: BackendHarness = {
      backend,
      roomChannel: '#ops',
      unknownChannel: '',
      personUser: 'alice',
      async personSays(text, where) {
        const event = backend.event(text, {
          user: 'alice',
          room: where.direct ? undefined : '#ops',
        });
        // `deliver` hands the core's outcome back to the test that injected the message: a
        // rejection reaches that test only, there is no connection for it to break.
        await backend.deliver(event).catch(() => undefined);
      },
      async personReceives(where, predicate = () => true) {
        const m = await sentMatching(
          backend,
          (r) =>
            (where.direct ? r.target.kind === 'direct' : r.target.kind === 'room') &&
            (where.thread === undefined || r.target.thread?.id === where.thread) &&
            predicate(r.message.text),
          backend.sent.length,
        );
        return m.message.text;
      },
      close: () => Promise.resolve(),
    };
    return Promise.resolve(harness);
  },
  { connection: false },
);

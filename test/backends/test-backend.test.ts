import { TestBackend } from '../../src/backends/test/index.js';
import { runBackendContract, type BackendHarness } from '../contracts/backend-contract.js';

runBackendContract('test', () => {
  const backend = new TestBackend();
  const harness: BackendHarness = {
    backend,
    roomChannel: '#ops',
    personUser: 'alice',
    async personSays(text, where) {
      await backend.deliver(
        backend.event(text, { user: 'alice', room: where.direct ? undefined : '#ops' }),
      );
    },
    async personReceives(where, predicate = () => true) {
      const m = await backend.waitFor(
        (r) =>
          (where.direct ? r.target.kind === 'direct' : r.target.kind === 'room') &&
          predicate(r.message.text),
        backend.sent.length,
      );
      return m.message.text;
    },
    close: () => Promise.resolve(),
  };
  return Promise.resolve(harness);
});

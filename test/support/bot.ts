/**
 * Factories for tests of the core: a Bot on the in-memory test back-end, and a bounded wait for
 * what it sends.
 */
import type { AclPolicy } from '../../src/acl/index.js';
import {
  TestBackend,
  type RecordedMessage,
  type TestBackendOptions,
} from '../../src/backends/test/index.js';
import { Bot } from '../../src/core/bot.js';
import { builtins } from '../../src/core/builtins.js';
import type { Metrics } from '../../src/core/metrics.js';
import { capturingLogger, type CapturedLogger } from './logs.js';
import { bounded } from './wait.js';

/** Options of `makeTestBot`. */
export interface TestBotOptions {
  readonly acl?: Partial<AclPolicy>;
  readonly backend?: TestBackendOptions;
  readonly prefix?: string;
  readonly metrics?: Metrics;
}

/** A started bot with built-ins on a test back-end, and its captured logs. */
export async function makeTestBot(
  options: TestBotOptions = {},
): Promise<{ bot: Bot; backend: TestBackend; logs: CapturedLogger }> {
  const backend = new TestBackend(options.backend);
  const logs = capturingLogger();
  const bot = new Bot({
    backend,
    addressing: {
      prefix: options.prefix ?? '!',
      names: ['stormbot'],
      prefixOptionalInDirect: true,
    },
    acl: { rules: [], admins: [], hideDenials: false, ...options.acl },
    logger: logs.logger,
    metrics: options.metrics,
  });
  bot.use(builtins(bot));
  await bot.start();
  return { bot, backend, logs };
}

/**
 * `backend.waitFor`, bounded: the first message the bot sent (from index `from` on, or later)
 * that satisfies `predicate`; a failure lists the last messages sent.
 */
export function sentMatching(
  backend: TestBackend,
  predicate: (m: RecordedMessage) => boolean,
  from = 0,
): Promise<RecordedMessage> {
  return bounded(backend.waitFor(predicate, from), {
    what: `a message sent matching ${String(predicate)}`,
    seen: () => backend.sent.slice(from).map((m) => ({ target: m.target, text: m.message.text })),
  });
}

/**
 * Factories for tests of the core: a Bot on the in-memory test back-end.
 */
import type { AclPolicy } from '../../src/acl/index.js';
import { TestBackend, type TestBackendOptions } from '../../src/backends/test/index.js';
import { Bot } from '../../src/core/bot.js';
import { builtins } from '../../src/core/builtins.js';
import type { Metrics } from '../../src/core/metrics.js';
import { capturingLogger, type CapturedLogger } from './logs.js';

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

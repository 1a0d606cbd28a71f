/**
 * Helpers for tests of a chat back-end against its fake server: starting it with a real bot
 * (built-in commands only) behind it, and addressing its test room.
 */
import assert from 'node:assert/strict';
import type { AclPolicy } from '../../src/acl/index.js';
import type { ChatBackend, EventSink } from '../../src/core/backend.js';
import { Bot } from '../../src/core/bot.js';
import { builtins } from '../../src/core/builtins.js';
import type { Target } from '../../src/core/identity.js';
import type { ChatEvent } from '../../src/core/message.js';
import type { Logger } from '../../src/log.js';
import type { RecordingSink } from '../contracts/backend-contract.js';

/**
 * Build a bot (`!` prefix, named `stormbot`, no ACL rules unless `acl` is given) on `backend` and
 * start the back-end with a sink that hands each event to `recorder`, then to the bot. Resolves
 * with the bot.
 */
export async function startWithBot(
  backend: ChatBackend,
  logger: Logger,
  recorder: RecordingSink,
  acl: AclPolicy = { rules: [], admins: [], hideDenials: false },
): Promise<Bot> {
  const bot = new Bot({
    backend,
    addressing: { prefix: '!', names: ['stormbot'], prefixOptionalInDirect: true },
    acl,
    logger,
  });
  bot.use(builtins(bot));
  const both: EventSink = {
    async receive(event: ChatEvent) {
      await recorder.receive(event);
      await bot.receive(event);
    },
  };
  await backend.start(both);
  return bot;
}

/** The room `channel` maps to (it must be one), in the thread `threadId` when given. */
export async function roomTarget(
  backend: ChatBackend,
  channel: string,
  threadId?: string,
): Promise<Target> {
  const target = await backend.identity.targetFor(channel);
  assert.ok(target?.kind === 'room');
  return threadId ? { ...target, thread: { id: threadId, mode: 'in' } } : target;
}

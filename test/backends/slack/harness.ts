/**
 * A Slack back-end wired to a fresh fake Slack, with one person (alice) and one room (#ops).
 */
import { createBackend, SlackBackend } from '../../../src/backends/slack/index.js';
import type { Clock } from '../../../src/core/clock.js';
import type { Logger } from '../../../src/log.js';
import { silentLogger } from '../../../src/log.js';
import { FakeSlack } from '../../support/fake-slack.js';
import { backendSettings } from '../../../src/config/index.js';

/** The test person. */
export const ALICE = { id: 'UALICE001', name: 'alice', display_name: 'Alice A' } as const;
/** The test room. */
export const OPS = { id: 'CROOM0001', name: 'ops' } as const;
/** Alice's direct conversation with the bot. */
export const ALICE_IM = 'DALICE001';

/** A started fake and a (not yet started) back-end pointed at it. */
export interface SlackSetup {
  readonly fake: FakeSlack;
  readonly backend: SlackBackend;
}

/** Start a fake Slack and create a back-end for it. */
export async function slackSetup(
  options: { logger?: Logger; clock?: Clock; settings?: Record<string, unknown> } = {},
): Promise<SlackSetup> {
  const fake = await FakeSlack.start({
    users: [ALICE, { id: 'UBOB00001', name: 'bob', real_name: 'Bob B' }],
    channels: [OPS, { id: ALICE_IM, is_im: true, user: ALICE.id }],
  });
  const backend = createBackend(
    backendSettings('slack', {
      app_token: fake.appToken,
      bot_token: fake.botToken,
      api_url: fake.apiUrl,
      ...options.settings,
    }),
    { logger: options.logger ?? silentLogger(), clock: options.clock, random: () => 0 },
  );
  if (!(backend instanceof SlackBackend)) throw new Error('expected a SlackBackend');
  return { fake, backend };
}

/**
 * A Mattermost back-end wired to a fresh fake server, with one person (alice), another (bob) and
 * one room (~ops).
 */
import { createBackend, MattermostBackend } from '../../../src/backends/mattermost/index.js';
import type { Clock } from '../../../src/core/clock.js';
import { silentLogger, type Logger } from '../../../src/log.js';
import { createMetrics } from '../../../src/web/metrics.js';
import { createWebServer, type WebServer } from '../../../src/web/server.js';
import {
  FAKE_MM_BOT,
  FAKE_TEAM,
  FakeMattermost,
  fakeId,
  type FakeMattermostChannel,
} from '../../support/fake-mattermost.js';
import { backendSettings } from '../../../src/config/index.js';

/** The test people. */
export const ALICE = { id: fakeId('alice'), username: 'alice' } as const;
export const BOB = { id: fakeId('bob'), username: 'bob' } as const;
/** The test room. */
export const OPS: FakeMattermostChannel = { id: fakeId('ops'), name: 'ops', type: 'O' };

/** A started fake, a (not yet started) back-end pointed at it, and alice's direct channel. */
export interface MattermostSetup {
  readonly fake: FakeMattermost;
  readonly backend: MattermostBackend;
  readonly aliceDm: FakeMattermostChannel;
}

/** Start a fake Mattermost and create a back-end for it. */
export async function mattermostSetup(
  options: { logger?: Logger; clock?: Clock; settings?: Record<string, unknown> } = {},
): Promise<MattermostSetup> {
  const fake = await FakeMattermost.start({ users: [ALICE, BOB], channels: [OPS] });
  const aliceDm = fake.directChannel(FAKE_MM_BOT.id, ALICE.id);
  const backend = createBackend(
    backendSettings('mattermost', {
      url: fake.url,
      token: fake.token,
      team: FAKE_TEAM.name,
      ...options.settings,
    }),
    { logger: options.logger ?? silentLogger(), clock: options.clock, random: () => 0 },
  );
  if (!(backend instanceof MattermostBackend)) throw new Error('expected a MattermostBackend');
  return { fake, backend, aliceDm };
}

/**
 * Start a bot web server on loopback serving `backend`'s routes, and tell the back-end its URL
 * (so it has buttons). Close it after the back-end.
 */
export async function serveButtons(backend: MattermostBackend, logger: Logger): Promise<WebServer> {
  const web = await createWebServer({
    host: '127.0.0.1',
    port: 0,
    logger,
    health: () => Promise.resolve({ checks: {} }),
    metrics: createMetrics({ processMetrics: false }),
    backendRoutes: backend.web.routes,
  });
  backend.web.served(await web.start());
  return web;
}

/**
 * A sandbox for the client tests: an empty packs folder, a few aliases added through the
 * sandbox API, users with tricky passwords, and a shared ManualClock.
 */
import { rmSync } from 'node:fs';
import { ManualClock } from '../support/clock.js';
import { silentLogger } from '../../src/log.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import {
  St2Client,
  pickCredentials,
  type ConfiguredCredentials,
  type St2ClientOptions,
} from '../../src/stackstorm/index.js';
import { tempDir } from '../support/temp.js';

/** Passwords of the sandbox users. */
export const USERS = { st2admin: 'Ch@ngeMe', bob: 'pa:ss:word' };
/** API key the sandbox accepts. */
export const API_KEY = 'sandbox-api-key-0123456789';

/** Client options as tests give them: credentials as configured (picked by precedence). */
export type TestClientOptions = Partial<St2ClientOptions> & ConfiguredCredentials;

/** Options for a client from flat credentials, as the app's wiring builds them. */
export function clientOptions(
  base: Omit<St2ClientOptions, 'credentials'>,
  extra: TestClientOptions,
): St2ClientOptions {
  const { apiKey, token, username, password, ...rest } = extra;
  const { credentials, ignored } = pickCredentials({ apiKey, token, username, password });
  const chosen = rest.credentials ?? credentials;
  if (!chosen) throw new Error('test client without credentials');
  return { ...base, ignoredCredentials: ignored, ...rest, credentials: chosen };
}

/** A started sandbox and what the tests need around it. */
export interface Fixture {
  sandbox: Sandbox;
  clock: ManualClock;
  /** A client on this sandbox; `extra` overrides credentials and options. */
  client(extra?: TestClientOptions): St2Client;
  close(): Promise<void>;
}

/** Start a sandbox with the test aliases. */
export async function startFixture(
  options: { tls?: { cert: string; key: string }; tokenTtlSeconds?: number } = {},
): Promise<Fixture> {
  const packsDir = tempDir('packs');
  const clock = new ManualClock();
  const sandbox = await startSandbox({
    packsDir,
    clock,
    users: USERS,
    apiKeys: [API_KEY],
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    logger: silentLogger(),
    ...(options.tls ? { tls: options.tls } : {}),
  });
  sandbox.addAlias({
    name: 'greet',
    pack: 'examples',
    action_ref: 'core.echo',
    description: 'Say hello',
    formats: ['greet {{message=Hello}}'],
    ack: { format: 'Saying {{ execution.parameters.message }}' },
  });
  sandbox.addAlias({
    name: 'run_local',
    pack: 'examples',
    action_ref: 'core.local',
    description: 'Run a command',
    formats: [{ display: 'run <cmd>', representation: ['run {{cmd}}'] }],
  });
  sandbox.addAlias({
    name: 'ask_continue',
    pack: 'examples',
    action_ref: 'core.ask',
    formats: ['ask to continue'],
  });
  sandbox.addAlias({ name: 'status_a', pack: 'dup', action_ref: 'core.noop', formats: ['status'] });
  sandbox.addAlias({ name: 'status_b', pack: 'dup', action_ref: 'core.noop', formats: ['status'] });
  const clients: St2Client[] = [];
  return {
    sandbox,
    clock,
    client(extra = {}) {
      const client = new St2Client(
        clientOptions(
          {
            apiUrl: sandbox.apiUrl,
            authUrl: sandbox.authUrl,
            streamUrl: sandbox.streamUrl,
            clock,
            logger: silentLogger(),
          },
          extra,
        ),
      );
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await sandbox.close();
      rmSync(packsDir, { recursive: true, force: true });
    },
  };
}

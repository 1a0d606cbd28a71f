/**
 * The whole bot on the in-memory test back-end against the st2 sandbox over loopback HTTP.
 */
import { buildApp, type App } from '../../src/app/build.js';
import { TestBackend, type TestBackendOptions } from '../../src/backends/test/index.js';
import { parseConfig } from '../../src/config/index.js';
import { systemClock, type Clock } from '../../src/core/clock.js';
import { ManualClock } from './clock.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { capturingLogger, type CapturedLogger } from './logs.js';
import { nextEvent } from './wait.js';

/** Options of `startTestApp`. */
export interface TestAppOptions {
  /** Extra configuration (YAML shape) merged over the defaults. */
  readonly config?: Record<string, unknown>;
  /** Sandbox options. */
  readonly sandbox?: SandboxOptions;
  /** Use username/password (renewable) instead of the sandbox's API key. */
  readonly password?: boolean;
  /** Drive time by hand (stream backoff, delivery retries). The sandbox keeps real time. */
  readonly manualClock?: boolean;
  /** Use this sandbox (and leave it running on close) instead of starting one. */
  readonly reuseSandbox?: Sandbox;
  /** Environment for the app (e.g. STORMBOT_SECRET_KEY). */
  readonly env?: NodeJS.ProcessEnv;
  /** Environment variables read with the configuration (e.g. HUBOT_2FA). */
  readonly configEnv?: NodeJS.ProcessEnv;
  /** Options of the test back-end (e.g. `caps: { buttons: true }`). */
  readonly backend?: TestBackendOptions;
}

/** A running bot + sandbox. */
export interface TestApp {
  readonly app: App;
  readonly backend: TestBackend;
  readonly sandbox: Sandbox;
  readonly logs: CapturedLogger;
  readonly clock: Clock;
  /** The manual clock, when `manualClock` was asked for. */
  readonly manualClock?: ManualClock | undefined;
  /** Resolve once the stream is connected (again). */
  streamConnected(): Promise<void>;
  close(): Promise<void>;
}

/** Start a sandbox and the bot against it. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const sandbox =
    options.reuseSandbox ?? (await startSandbox({ apiKeys: ['test-api-key'], ...options.sandbox }));
  const auth = options.password
    ? { user: { name: 'st2admin', password: 'Ch@ngeMe' } }
    : { apikey: sandbox.apiKey };
  const { stackstorm: extraSt2, ...rest } = options.config ?? {};
  const config = parseConfig(
    {
      backend: 'test',
      store: { driver: 'memory' },
      ...rest,
      stackstorm: {
        api_url: sandbox.apiUrl,
        auth_url: sandbox.authUrl,
        stream_url: sandbox.streamUrl,
        api_auth: auth,
        ...(extraSt2 as Record<string, unknown> | undefined),
      },
    },
    options.configEnv ?? {},
  );
  const backend = new TestBackend(options.backend);
  const logs = capturingLogger();
  const manual = options.manualClock ? new ManualClock(Date.now()) : undefined;
  const clock: Clock | undefined = manual;
  const app = await buildApp(config, {
    logger: logs.logger,
    backend,
    sandbox,
    clock,
    env: options.env ?? {},
  });
  const connected = nextEvent(app.stream, 'connected', () => [app.stream.state]);
  await app.start();
  await connected;
  return {
    app,
    backend,
    sandbox,
    logs,
    clock: clock ?? systemClock,
    manualClock: manual,
    async streamConnected() {
      if (app.stream.state.connected) return;
      await nextEvent(app.stream, 'connected', () => [app.stream.state]);
    },
    async close() {
      await app.stop();
      if (!options.reuseSandbox) await sandbox.close();
    },
  };
}

/**
 * Building the whole bot from a configuration: back-end, core, StackStorm client and stream,
 * chatops, sessions, store and web server. `run` and the end-to-end tests both use it.
 */
import type { AclPolicy } from '../acl/index.js';
import { loadBackendModule } from '../backends/registry.js';
import { ChatopsService } from '../chatops/service.js';
import type { CredentialResolver } from '../chatops/ports.js';
import type { StormbotConfig } from '../config/types.js';
import type { ChatBackend } from '../core/backend.js';
import { Bot } from '../core/bot.js';
import { builtins } from '../core/builtins.js';
import { systemClock, type Clock, type TimerHandle } from '../core/clock.js';
import { CommandError, toError } from '../core/errors.js';
import { uncounted, type Metrics } from '../core/metrics.js';
import type { Logger } from '../log.js';
import type { Sandbox } from '../sandbox/index.js';
import { sessionsOffFeature } from '../sessions/commands.js';
import type { SessionManager } from '../sessions/index.js';
import { createStore } from '../store/create.js';
import type { KeyValueStore } from '../store/types.js';
import { St2Client, St2Stream } from '../stackstorm/index.js';
import type { StormbotMetrics, WebServer } from '../web/index.js';
import { st2ConnectionOptions } from './st2-options.js';
import { st2Validator } from './validator.js';

/** How long `start` waits for the first stream connection before starting the back-end. */
const FIRST_CONNECT_WAIT_MS = 10_000;

/** Options of `buildApp` beyond the configuration. */
export interface BuildOptions {
  readonly logger: Logger;
  readonly clock?: Clock | undefined;
  /** Use this back-end instead of the configured one (tests pass a TestBackend). */
  readonly backend?: ChatBackend | undefined;
  /** Called when the configured back-end's conversation ends by itself (terminal input closed). */
  readonly onBackendEnd?: (() => void) | undefined;
  /** Use this running sandbox instead of starting one (tests). */
  readonly sandbox?: Sandbox | undefined;
  /** Environment (secret key). */
  readonly env?: NodeJS.ProcessEnv | undefined;
}

/** Everything running. */
export interface App {
  readonly config: StormbotConfig;
  readonly bot: Bot;
  readonly chatops: ChatopsService;
  readonly client: St2Client;
  readonly stream: St2Stream;
  readonly store: KeyValueStore;
  /** The counts `/metrics` renders; only with the web server on, as nothing else reads them. */
  readonly metrics?: StormbotMetrics | undefined;
  readonly sessions?: SessionManager | undefined;
  readonly web?: WebServer | undefined;
  /** The sandbox stormbot started (no StackStorm configured), if any. */
  readonly sandbox?: Sandbox | undefined;
  /** Connect everything. */
  start(): Promise<void>;
  /**
   * Stop everything; idempotent. With `withinMs`, stop waiting after that long: resolves with
   * the parts not closed by then (the first is the one that hung), empty when all closed.
   */
  stop(withinMs?: number): Promise<readonly string[]>;
}

/** Build (but do not start) the app. */
export async function buildApp(config: StormbotConfig, options: BuildOptions): Promise<App> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  for (const warning of config.warnings) logger.warn(warning);

  // Before the sandbox starts: invalid back-end settings must not leave it running.
  const backend = options.backend ?? (await createBackend(config, options, clock));

  let sandbox = options.sandbox;
  let ownsSandbox = false;
  if (!sandbox && config.stackstorm.useSandbox) {
    const { startSandbox } = await import('../sandbox/index.js');
    // With no packs given, the sandbox serves the example packs; one's own packs reload on edits.
    const packsDir = config.stackstorm.sandboxPacks;
    sandbox = await startSandbox({
      packsDir,
      watch: packsDir !== undefined,
      logger: logger.child({ component: 'sandbox' }),
    });
    ownsSandbox = true;
  }

  // The HTTP server and prom-client load only when the web server (which serves /metrics) is on.
  const webModule = config.web.enabled ? await import('../web/index.js') : undefined;
  const exported = webModule?.createMetrics();
  const metrics: Metrics = exported ?? uncounted;
  const client = new St2Client({
    ...st2ConnectionOptions(config, sandbox),
    clock,
    logger: logger.child({ component: 'st2' }),
    onCredentialsExpired: (message) => {
      metrics.count('errors', 'st2');
      void bot.notifyAdmins(message);
    },
  });
  logger.info({ credentials: client.describeCredentials().summary }, 'StackStorm credentials');

  const acl: AclPolicy = config.acl;
  const bot = new Bot({
    backend,
    addressing: {
      prefix: config.bot.prefix,
      names: [config.bot.name, ...config.bot.altNames],
      prefixOptionalInDirect: config.bot.prefixOptionalInDirect,
    },
    acl,
    logger,
    adminChannels: config.bot.adminChannels,
    metrics,
  });
  bot.use(builtins(bot));

  const store = await createStore({
    driver: config.store.driver,
    path: config.store.path,
    redisUrl: config.store.redisUrl,
    keyPrefix: config.store.keyPrefix,
    clock,
    logger,
  });

  let sessions: SessionManager | undefined;
  let credentials: CredentialResolver | undefined;
  let web: WebServer | undefined;

  const sessionWord = config.stackstorm.pluginPrefix || 'st2';
  if (config.stackstorm.rbacAuth.mode === 'standalone') {
    bot.use(sessionsOffFeature(sessionWord));
  } else {
    // Per-user sign-in and the secret store load only when it is on.
    const [{ SessionManager, sessionsFeature, signInHint }, { loadSecretKey, openSecretStore }] =
      await Promise.all([import('../sessions/index.js'), import('../store/index.js')]);
    const key = await loadSecretKey({
      env: options.env ?? process.env,
      keyFile: config.secrets.keyFile,
      logger,
    });
    const rbac = config.stackstorm.rbacAuth;
    sessions = new SessionManager({
      store,
      secrets: await openSecretStore(store, key),
      validator: st2Validator(client),
      // Links must point at the server that serves the page (which checks its own URL).
      baseUrl: () => web?.baseUrl ?? rbac.url,
      sessionTtlSeconds: config.stackstorm.sessionTtlSec,
      userTokenTtlSeconds: config.stackstorm.userTokenTtlSec,
      clock,
      logger,
    });
    const service = sessions;
    const startCommand = `${config.bot.prefix}${sessionWord}session_start`;
    credentials = {
      async resolve(person) {
        const c = await service.credentialsFor(person);
        if (c) return c;
        throw new CommandError(signInHint(await service.status(person), startCommand));
      },
      async rejected(person) {
        await service.markExpired(person);
        return `StackStorm no longer accepts your sign-in. Start a new session: send me ${startCommand} <secret word> in a direct message.`;
      },
    };
    bot.use(sessionsFeature(bot, service, { namePrefix: sessionWord, clock }));
  }

  const chatops = new ChatopsService({
    bot,
    st2: client,
    clock,
    logger,
    credentials,
    aliasWord: config.stackstorm.pluginPrefix,
    route: config.stackstorm.routeKey,
    webUiUrl: config.stackstorm.webuiUrl,
    refreshMs: config.stackstorm.timerUpdateSec * 1000,
    ambiguous: config.matching.ambiguous,
    delivery: config.delivery,
    metrics,
    confirmation: config.confirmation,
  });
  bot.use(chatops);

  const stream = new St2Stream({
    client,
    routes: config.stackstorm.routes,
    logger: logger.child({ component: 'stream' }),
    clock,
  });
  stream.on('announcement', (_route, payload) => void chatops.announcement(payload, 'stream'));
  stream.on('alias', (change, alias) => chatops.aliasChanged(change, alias));
  stream.on('connected', () => {
    metrics.set('streamConnected', 1);
    void chatops.streamUp();
  });
  stream.on('disconnected', (info) => {
    metrics.set('streamConnected', 0);
    if (!info.stopped) {
      metrics.count('streamReconnects');
      chatops.streamDown();
    }
  });

  if (webModule && exported) {
    web = await webModule.createWebServer({
      host: config.web.host,
      port: config.web.port,
      baseUrl: config.web.baseUrlExplicit ? config.web.baseUrl : undefined,
      trustProxy:
        typeof config.web.trustProxy === 'object'
          ? [...config.web.trustProxy]
          : config.web.trustProxy,
      logger,
      sink: chatops.delivery,
      webhook: {
        token: config.webhook.token,
        hmacSecret: config.webhook.hmacSecret,
        trustedSources: config.webhook.trustedSources,
      },
      health: async () => health(bot, stream, client),
      metrics: exported,
      sessions,
      clock,
      backendRoutes: backend.web?.routes,
    });
  }

  let stopping: Promise<void> | undefined;
  const open = new Set<string>();
  /** Close each part in turn; one that fails is logged and the next is closed all the same. */
  const closeAll = async (): Promise<void> => {
    const parts: [string, () => Promise<unknown>][] = [
      ['st2 stream', () => stream.stop()],
      ['chat back-end', () => bot.stop()],
    ];
    const server = web;
    if (server) parts.push(['web server', () => server.close()]);
    parts.push(['st2 client', () => client.close()], ['store', () => store.close()]);
    const owned = ownsSandbox ? sandbox : undefined;
    if (owned) parts.push(['sandbox', () => owned.close()]);
    for (const [name] of parts) open.add(name);
    for (const [name, close] of parts) {
      await Promise.resolve()
        .then(close)
        .catch((error: unknown) => logger.warn({ err: toError(error), part: name }, 'stop failed'));
      open.delete(name);
    }
  };
  return {
    config,
    bot,
    chatops,
    client,
    stream,
    store,
    metrics: exported,
    sessions,
    web,
    sandbox,
    async start() {
      if (web) {
        const url = await web.start();
        logger.info({ url }, 'web server listening');
        // Only a configured URL is one the chat server can be expected to reach.
        if (config.web.baseUrlExplicit) backend.web?.served(web.baseUrl);
      }
      // Results of commands run before the stream is up would be lost, so give it a moment.
      const connected = new Promise<void>((resolve) => {
        stream.once('connected', () => resolve());
        clock.setTimeout(resolve, FIRST_CONNECT_WAIT_MS);
      });
      stream.start();
      // The aliases load meanwhile (a failure is logged when the catalog starts and tries again).
      const aliases = chatops.catalog.reload().catch(() => undefined);
      await Promise.all([connected, aliases]);
      if (stopping) return;
      if (!stream.state.connected)
        logger.warn('the StackStorm stream is not connected yet; starting anyway');
      await bot.start();
    },
    async stop(withinMs) {
      stopping ??= closeAll();
      if (withinMs === undefined) {
        await stopping;
        return [];
      }
      let timer: TimerHandle | undefined;
      const late = new Promise<void>((resolve) => (timer = clock.setTimeout(resolve, withinMs)));
      await Promise.race([stopping, late]);
      timer?.cancel();
      return [...open];
    },
  };
}

async function createBackend(
  config: StormbotConfig,
  options: BuildOptions,
  clock: Clock,
): Promise<ChatBackend> {
  const module = await loadBackendModule(config.backend);
  return module.createBackend(config.backendSettings, {
    logger: options.logger.child({ backend: config.backend }),
    clock,
    botName: config.bot.name,
    onEnd: options.onBackendEnd,
  });
}

/** The `/healthz` report: back-end connected, stream connected, st2 reachable. */
async function health(bot: Bot, stream: St2Stream, client: St2Client) {
  const backend = bot.backend.status();
  const state = stream.state;
  let st2: { ok: boolean; detail?: string };
  try {
    await client.validateCredentials({ timeoutMs: 5000 });
    st2 = { ok: true };
  } catch (error) {
    st2 = { ok: false, detail: toError(error).message };
  }
  return {
    checks: {
      backend: { ok: backend.connected, detail: backend.detail },
      stream: { ok: state.connected, detail: state.lastError?.message },
      stackstorm: st2,
    },
  };
}

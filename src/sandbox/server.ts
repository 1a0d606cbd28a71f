/**
 * `startSandbox`: a StackStorm stand-in on loopback that serves st2's auth, API and stream
 * contract from packs on disk, simulates executions and the chatops result flow, and exposes
 * fault switches for tests.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../log.js';
import { AliasEngine } from './alias-engine.js';
import { buildApp } from './app.js';
import { AuthState } from './auth.js';
import type { FaultState, SandboxContext } from './context.js';
import { defaultFaultstring } from './errors.js';
import { ExecutionEngine } from './executions.js';
import { newApiKey } from './ids.js';
import { loadSandboxPacks } from './packs.js';
import { Registry } from './registry.js';
import { StreamHub } from './stream.js';
import type {
  AliasInput,
  AliasRecord,
  RecordedRequest,
  Sandbox,
  SandboxFaults,
  SandboxOptions,
} from './types.js';
import { syncPacks, watchPacks, type PackWatcher } from './watch.js';

/** The StackStorm development default login, used when no users are configured. */
export const DEV_DEFAULT_USERS: Readonly<Record<string, string>> = { st2admin: 'Ch@ngeMe' };

/** The packs shipped with stormbot (`examples/packs`). */
export function defaultPacksDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'packs');
}

/** Start a sandbox and resolve once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger();
  const host = options.host ?? '127.0.0.1';
  const packsDir = resolve(options.packsDir ?? defaultPacksDir());
  const apiKeys = options.apiKeys && options.apiKeys.length > 0 ? options.apiKeys : [newApiKey()];
  const apiKey = apiKeys[0] ?? newApiKey();

  const registry = new Registry(clock);
  const fileRefs = new Set<string>();
  const loaded = await loadSandboxPacks(packsDir, logger);
  syncPacks(registry, loaded, fileRefs);
  const packs = loaded.packs;
  let chains = loaded.chains;
  for (const alias of registry.aliases()) {
    if (!registry.action(alias.action_ref)) {
      logger.warn(
        { alias: alias.ref, action: alias.action_ref },
        'sandbox: alias points at an action with no metadata; executing it answers 404 as st2 does',
      );
    }
  }

  const hub = new StreamHub(clock, options.heartbeatMs ?? 25_000, logger);
  const faultState: FaultState = { latencyMs: 0, failures: [] };
  const requests: RecordedRequest[] = [];
  let baseUrl = '';
  const publish = (event: string, data: unknown): void => {
    hub.publish(event, data);
  };
  const auth = new AuthState({
    users: options.users ?? DEV_DEFAULT_USERS,
    apiKeys,
    serviceUsers: options.serviceUsers ?? [],
    tokenTtlSeconds: options.tokenTtlSeconds ?? 86_400,
    clock,
  });
  const announcementRoutes = options.announcementRoutes ?? { hubot: 'chatops', errbot: 'errbot' };
  const engine = new ExecutionEngine({
    clock,
    logger,
    delayMs: options.executionDelayMs ?? 10,
    announcementRoutes,
    publish,
    webUiUrl: () => (options.webUiUrl ?? baseUrl).replace(/\/+$/, ''),
    aliasById: (id) => registry.aliasById(id),
    packInfo: (pack) => packs.get(pack),
    action: (ref) => registry.action(ref),
    chainOf: (ref) => chains.get(ref),
  });
  const ctx: SandboxContext = {
    announcementRoutes,
    clock,
    logger,
    registry,
    aliases: new AliasEngine(registry, logger),
    auth,
    hub,
    engine,
    faults: faultState,
    requests,
    baseUrl: () => baseUrl,
    publish,
  };

  let app: FastifyInstance = buildApp(ctx, options.tls);
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const scheme = options.tls ? 'https' : 'http';
  baseUrl = `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info({ url: baseUrl, packsDir, aliases: registry.aliases().length }, 'sandbox listening');

  const aliasEvent = (event: 'create' | 'update' | 'delete', alias: AliasRecord): void => {
    publish(`st2.actionalias__${event}`, alias);
  };

  let watcher: PackWatcher | undefined;
  if (options.watch) {
    watcher = watchPacks(packsDir, logger, (fresh) => {
      for (const [name, meta] of fresh.packs) packs.set(name, meta);
      chains = fresh.chains;
      for (const { event, alias } of syncPacks(registry, fresh, fileRefs)) {
        logger.info({ alias: alias.ref, event }, 'sandbox: alias file changed');
        aliasEvent(event, alias);
      }
    });
  }

  const faults: SandboxFaults = {
    expireAllTokens: () => {
      auth.expireAll();
    },
    failNext: (count, status, faultstring) => {
      for (let i = 0; i < count; i++) {
        faultState.failures.push({
          status,
          faultstring: faultstring ?? defaultFaultstring(status),
        });
      }
    },
    get latencyMs() {
      return faultState.latencyMs;
    },
    set latencyMs(ms: number) {
      faultState.latencyMs = Math.max(0, ms);
    },
    cutStream: () => {
      hub.cut();
    },
    silenceStream: () => {
      hub.silence();
    },
    get holdExecutions() {
      return engine.holdExecutions;
    },
    set holdExecutions(hold: boolean) {
      engine.holdExecutions = hold;
    },
    releaseExecutions: () => {
      engine.release();
    },
    setApiKeyEnabled: (key, enabled) => {
      auth.setApiKeyEnabled(key, enabled);
    },
  };

  let closed = false;
  const sandbox: Sandbox = {
    url: baseUrl,
    authUrl: `${baseUrl}/auth/v1`,
    apiUrl: `${baseUrl}/api/v1`,
    streamUrl: `${baseUrl}/stream/v1`,
    apiKey,
    faults,
    publish,
    announce: (route, payload) => {
      publish(`st2.announcement__${route}`, { payload, trace_context: null });
    },
    addAlias: (input: AliasInput) => {
      const { alias } = registry.putAlias({ ...input, id: undefined });
      aliasEvent('create', alias);
      return alias;
    },
    updateAlias: (input: AliasInput) => {
      const existing =
        (input.id !== undefined ? registry.aliasById(input.id) : undefined) ??
        registry.aliasByRefOrId(`${input.pack}.${input.name}`);
      if (!existing) throw new Error(`sandbox: no alias ${input.pack}.${input.name} to update`);
      const { alias } = registry.putAlias({ ...input, id: existing.id });
      aliasEvent('update', alias);
      return alias;
    },
    deleteAlias: (refOrId: string) => {
      const removed = registry.deleteAlias(refOrId);
      if (!removed) throw new Error(`sandbox: no alias ${refOrId} to delete`);
      aliasEvent('delete', removed);
    },
    aliases: () => registry.aliases(),
    executions: engine.executions,
    finishExecution: (id, outcome) => engine.finish(id, outcome),
    requests,
    restart: async (restartOptions = {}) => {
      hub.cut();
      await app.close();
      if (restartOptions.dropTokens) auth.dropTokens();
      app = buildApp(ctx, options.tls);
      await app.listen({ host, port });
      logger.info({ url: baseUrl }, 'sandbox restarted');
    },
    close: async () => {
      if (closed) return;
      closed = true;
      watcher?.close();
      engine.close();
      hub.close();
      await app.close();
    },
  };
  return sandbox;
}

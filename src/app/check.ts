/**
 * The checks behind `stormbot check`: the configuration, then the ChatOps troubleshooting list
 * walked against the real StackStorm, each with what to fix. The CLI prints them.
 */
import type { StormbotConfig } from '../config/types.js';
import { toError } from '../core/errors.js';
import { silentLogger } from '../log.js';
import { St2Client, St2Error, St2Stream, type St2Rule } from '../stackstorm/index.js';
import { st2ConnectionOptions } from './st2-options.js';

/** One line of the report. */
export interface CheckResult {
  readonly name: string;
  readonly ok: boolean | 'unknown';
  readonly detail: string;
  /** What to do about it, when not ok. */
  readonly fix?: string | undefined;
}

/** Run every check against a validated configuration. */
export async function runChecks(config: StormbotConfig): Promise<CheckResult[]> {
  const results: CheckResult[] = [
    {
      name: 'configuration',
      ok: true,
      detail: `${config.source ?? 'defaults and environment'}, back-end ${config.backend}`,
    },
  ];
  for (const w of config.warnings)
    results.push({ name: 'configuration', ok: 'unknown', detail: w });
  if (!config.stackstorm.configured) {
    results.push({
      name: 'StackStorm',
      ok: config.stackstorm.useSandbox ? true : false,
      detail: config.stackstorm.useSandbox
        ? 'none configured: `stormbot run` uses the built-in sandbox with ' +
          (config.stackstorm.sandboxPacks ?? 'the example packs')
        : 'none configured and the sandbox is off',
      fix:
        'set stackstorm.api_url (ST2_API_URL) and, unless StackStorm runs with authentication ' +
        'off, stackstorm.api_auth (ST2_API_KEY, ST2_AUTH_TOKEN, or ST2_AUTH_USERNAME and ' +
        'ST2_AUTH_PASSWORD)',
    });
  } else {
    results.push(...(await checkStackStorm(config, 10_000)));
  }
  return results;
}

/** The checks that talk to StackStorm. */
async function checkStackStorm(
  config: StormbotConfig,
  streamTimeoutMs: number,
): Promise<CheckResult[]> {
  const s = config.stackstorm;
  const results: CheckResult[] = [];
  let client: St2Client;
  try {
    client = new St2Client({ ...st2ConnectionOptions(config), logger: silentLogger() });
  } catch (error) {
    return [{ name: 'StackStorm client', ok: false, detail: toError(error).message }];
  }
  try {
    const check = await client.validateCredentials();
    results.push({
      name: 'StackStorm API',
      ok: true,
      detail:
        check.kind === 'none'
          ? `${s.apiUrl} reachable without credentials (StackStorm authentication off)`
          : `${s.apiUrl} reachable; ${client.describeCredentials().summary} accepted${check.user ? ` (st2 user ${check.user})` : ''}`,
    });
  } catch (error) {
    results.push(apiFailure(error, config));
    await client.close();
    return results;
  }

  try {
    const aliases = await client.listAliases();
    const enabled = aliases.filter((a) => a.enabled !== false).length;
    results.push({
      name: 'aliases',
      ok: enabled > 0 ? true : 'unknown',
      detail: `${aliases.length} registered, ${enabled} enabled`,
      fix: 'register your packs on StackStorm (st2ctl reload --register-aliases)',
    });
  } catch (error) {
    results.push({ name: 'aliases', ok: false, detail: toError(error).message });
  }

  results.push(await checkStream(client, config, streamTimeoutMs));
  results.push(await checkRoute(client, config));
  await client.close();
  return results;
}

function apiFailure(error: unknown, config: StormbotConfig): CheckResult {
  const e = toError(error);
  if (e instanceof St2Error && e.code === 'unauthorized') {
    return {
      name: 'StackStorm API',
      ok: false,
      detail: e.message,
      fix: `${config.stackstorm.credentialKind === 'none' ? 'set' : 'check'} stackstorm.api_auth (ST2_API_KEY, ST2_AUTH_TOKEN, or ST2_AUTH_USERNAME and ST2_AUTH_PASSWORD)`,
    };
  }
  if (e instanceof St2Error && e.code === 'tls') {
    return {
      name: 'StackStorm API',
      ok: false,
      detail: e.message,
      fix:
        'give the CA with stackstorm.ca_cert (STORMBOT_CA_CERT), or (for testing only) ' +
        'stackstorm.verify_cert: false (STORMBOT_VERIFY_CERT=false)',
    };
  }
  return {
    name: 'StackStorm API',
    ok: false,
    detail: `${config.stackstorm.apiUrl}: ${e.message}`,
    fix:
      'check stackstorm.api_url and auth_url (ST2_API_URL, ST2_AUTH_URL) and that st2api and ' +
      'st2auth run (st2ctl status)',
  };
}

async function checkStream(
  client: St2Client,
  config: StormbotConfig,
  timeoutMs: number,
): Promise<CheckResult> {
  const stream = new St2Stream({
    client,
    routes: config.stackstorm.routes,
    logger: silentLogger(),
  });
  const opened = new Promise<boolean>((resolve) => {
    stream.once('connected', () => resolve(true));
    const t = setTimeout(() => resolve(false), timeoutMs);
    t.unref();
  });
  stream.start();
  const ok = await opened;
  const error = stream.state.lastError;
  await stream.stop();
  return ok
    ? { name: 'stream', ok: true, detail: `${config.stackstorm.streamUrl}/stream connected` }
    : {
        name: 'stream',
        ok: false,
        detail: `no stream within ${timeoutMs / 1000} s${error ? `: ${error.message}` : ''}`,
        fix: 'check stackstorm.stream_url (ST2_STREAM_URL), that st2stream runs, and that a proxy does not buffer /stream (nginx: proxy_buffering off)',
      };
}

/** The rule that turns the bot's notification route into announcements on a listened route. */
export function routeVerdict(rules: readonly St2Rule[], config: StormbotConfig): CheckResult {
  const route = config.stackstorm.routeKey;
  const listened = config.stackstorm.routes;
  const builtIn: Record<string, string> = { hubot: 'chatops', errbot: 'errbot' };
  const handling = rules.filter(
    (r) =>
      r.enabled !== false &&
      r.trigger?.type === 'core.st2.generic.notifytrigger' &&
      JSON.stringify(r.criteria ?? {}).includes(`"${route}"`),
  );
  if (handling.length === 0) {
    return {
      name: 'route',
      ok: false,
      detail: `no enabled rule handles notification route "${route}": results will never come back`,
      fix:
        route === 'stormbot'
          ? 'install contrib/stackstorm/stormbot on StackStorm (see docs/stackstorm-setup.md)'
          : 'install a notify rule for this route, or use stackstorm.route_key (ST2_ROUTE) ' +
            'stormbot with contrib/stackstorm',
    };
  }
  const announced = builtIn[route] ?? route;
  if (!listened.includes(announced)) {
    return {
      name: 'route',
      ok: false,
      detail: `rule ${handling[0]?.ref ?? '?'} announces route "${route}" on "${announced}", which stormbot does not listen to`,
      fix: `add "${announced}" to stackstorm.routes (STORMBOT_ROUTES)`,
    };
  }
  return {
    name: 'route',
    ok: true,
    detail: `rule ${handling[0]?.ref ?? '?'} handles route "${route}"`,
  };
}

async function checkRoute(client: St2Client, config: StormbotConfig): Promise<CheckResult> {
  try {
    return routeVerdict(
      await client.listRules({ trigger: 'core.st2.generic.notifytrigger' }),
      config,
    );
  } catch (error) {
    return {
      name: 'route',
      ok: 'unknown',
      detail: `could not list rules: ${toError(error).message}`,
      fix: 'give the bot rule_list permission, or check by hand: st2 rule list --trigger core.st2.generic.notifytrigger',
    };
  }
}

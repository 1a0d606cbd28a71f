/**
 * Start-up loads only what the configuration needs: the web server's packages (fastify, its
 * plugins, prom-client), the store drivers and the chat SDKs stay unloaded until used. Each case
 * builds the app in a fresh process and lists the packages it loaded.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';

const ROOT = resolve(import.meta.dirname, '../..');

/** Packages that only some configurations need. */
const OPTIONAL = [
  'fastify',
  '@fastify/helmet',
  '@fastify/rate-limit',
  '@fastify/static',
  'prom-client',
  'better-sqlite3',
  '@slack/web-api',
  '@slack/socket-mode',
  'irc-framework',
  'nunjucks',
];

/**
 * Build (not start) the app from `config` in a new process; the optional packages it loaded.
 * CommonJS packages show in the require cache however they were imported, which is what every
 * package above is.
 */
async function packagesLoadedBy(config: Record<string, unknown>): Promise<string[]> {
  const script = `
    import { createRequire } from 'node:module';
    import { buildApp } from './src/app/build.ts';
    import { parseConfig } from './src/config/index.ts';
    import { createLogger } from './src/log.ts';
    const config = parseConfig(${JSON.stringify(config)}, {});
    await buildApp(config, { logger: createLogger({ level: 'silent' }), env: {} });
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    const names = ${JSON.stringify(OPTIONAL)};
    console.log(JSON.stringify(names.filter((n) => loaded.some((f) => f.includes('/node_modules/' + n + '/')))));
    process.exit(0);
  `;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: ROOT, timeout: 60_000 },
  );
  return JSON.parse(stdout) as string[];
}

const st2 = {
  api_url: 'http://127.0.0.1:9/api/v1',
  auth_url: 'http://127.0.0.1:9/auth/v1',
  stream_url: 'http://127.0.0.1:9/stream/v1',
  api_auth: { apikey: 'k' },
};

describe('start-up loads what the configuration needs', () => {
  test('no web server, memory store, test back-end: none of the optional packages', async () => {
    const loaded = await packagesLoadedBy({
      backend: 'test',
      store: { driver: 'memory' },
      stackstorm: st2,
    });
    assert.deepEqual(loaded, []);
  });

  test('the web server on: fastify, its plugins and prom-client, and still no chat SDK', async () => {
    const loaded = await packagesLoadedBy({
      backend: 'test',
      store: { driver: 'memory' },
      web: { enabled: true, port: 0 },
      stackstorm: st2,
    });
    assert.deepEqual(loaded, [
      'fastify',
      '@fastify/helmet',
      '@fastify/rate-limit',
      '@fastify/static',
      'prom-client',
    ]);
  });
});

/**
 * TLS of st2 connections with a private CA made by openssl: verification on by default, a CA
 * bundle given inline or as a file, verification off scoped to the client, and client
 * certificates for mutual TLS.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { fetch as undiciFetch } from 'undici';
import { silentLogger } from '../../src/log.js';
import {
  St2Client,
  St2Stream,
  St2UnreachableError,
  type St2ClientOptions,
} from '../../src/stackstorm/index.js';
import { makeCerts, type TestCerts } from './helpers.js';
import { API_KEY, startFixture, type Fixture } from './sandbox-fixture.js';
import { nextEvent } from '../support/wait.js';

let certs: TestCerts;
let server: Server;
let mtlsServer: Server;
let base: string;
let mtlsBase: string;
let sandbox: Fixture;

async function listen(s: Server): Promise<string> {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return `https://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

before(async () => {
  certs = makeCerts();
  const handler = (_req: unknown, res: import('node:http').ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
  };
  server = createServer({ cert: certs.serverCert, key: certs.serverKey }, handler);
  mtlsServer = createServer(
    {
      cert: certs.serverCert,
      key: certs.serverKey,
      ca: certs.caCert,
      requestCert: true,
      rejectUnauthorized: true,
    },
    handler,
  );
  base = await listen(server);
  mtlsBase = await listen(mtlsServer);
  sandbox = await startFixture({ tls: { cert: certs.serverCert, key: certs.serverKey } });
});

after(async () => {
  await sandbox.close();
  for (const s of [server, mtlsServer]) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
  certs.cleanup();
});

function client(url: string, extra: Partial<St2ClientOptions>): St2Client {
  return new St2Client({
    apiUrl: `${url}/api/v1`,
    authUrl: `${url}/auth/v1`,
    streamUrl: `${url}/stream/v1`,
    credentials: { kind: 'apiKey', apiKey: 'k' },
    logger: silentLogger(),
    ...extra,
  });
}

test('verification on with the CA given as a file path or as PEM text succeeds', async () => {
  for (const caCert of [certs.caCertPath, certs.caCert]) {
    const c = client(base, { caCert });
    assert.deepEqual(await c.listAliases(), []);
    await c.close();
  }
});

test('verification on without the CA fails with a TLS error saying what to do', async () => {
  const c = client(base, {});
  await assert.rejects(c.listAliases(), (err: unknown) => {
    assert.ok(err instanceof St2UnreachableError);
    assert.equal(err.code, 'tls');
    assert.match(
      err.message,
      /TLS handshake with https:\/\/127\.0\.0\.1:\d+ failed: .*certificate/,
    );
    assert.match(err.message, /ca_cert/);
    return true;
  });
  await c.close();
});

test('verification off succeeds for st2 only; other connections still verify', async () => {
  const c = client(base, { verifyCert: false });
  assert.deepEqual(await c.listAliases(), []);
  await assert.rejects(undiciFetch(`${base}/api/v1/actionalias`), /fetch failed/);
  await assert.rejects(fetch(`${base}/api/v1/actionalias`), /fetch failed/);
  assert.equal(process.env.NODE_TLS_REJECT_UNAUTHORIZED, undefined);
  await c.close();
});

test('mutual TLS: refused without a client certificate, accepted with one', async () => {
  const without = client(mtlsBase, { caCert: certs.caCert });
  await assert.rejects(without.listAliases(), St2UnreachableError);
  await without.close();
  const withCert = client(mtlsBase, {
    caCert: certs.caCertPath,
    clientCert: certs.clientCertPath,
    clientKey: certs.clientKeyPath,
  });
  assert.deepEqual(await withCert.listAliases(), []);
  await withCert.close();
});

test('the HTTPS sandbox: calls and the stream work with the CA, fail without it, work unverified', async () => {
  assert.match(sandbox.sandbox.url, /^https:/);
  const trusted = sandbox.client({ apiKey: API_KEY, caCert: certs.caCertPath });
  assert.ok((await trusted.listAliases()).length > 0);
  const stream = new St2Stream({ client: trusted, routes: ['chatops'], logger: silentLogger() });
  const connected = nextEvent(stream, 'connected', () => [stream.state]);
  stream.start();
  await connected;
  const got = nextEvent(stream, 'announcement', () => [stream.state]);
  sandbox.sandbox.announce('chatops', { channel: '#tls', message: 'over TLS' });
  const [, payload] = (await got) as [string, { message: string }];
  assert.equal(payload.message, 'over TLS');
  await stream.stop();

  const untrusted = sandbox.client({ apiKey: API_KEY });
  await assert.rejects(untrusted.validateCredentials(), {
    name: 'St2UnreachableError',
    code: 'tls',
  });

  const unverified = sandbox.client({ apiKey: API_KEY, verifyCert: false });
  assert.equal((await unverified.validateCredentials()).kind, 'apiKey');
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Agent, fetch as undiciFetch } from 'undici';
import { silentLogger } from '../../src/log.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { emptyPacksDir } from './helpers.js';
import { tempDir } from '../support/temp.js';

let sandbox: Sandbox;
let dir: string;
let cert: string;

before(async () => {
  dir = tempDir('sandbox-tls');
  const made = spawnSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    join(dir, 'key.pem'),
    '-out',
    join(dir, 'cert.pem'),
  ]);
  assert.equal(made.status, 0, made.stderr.toString());
  cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  sandbox = await startSandbox({
    packsDir: emptyPacksDir(),
    logger: silentLogger(),
    tls: { cert, key: readFileSync(join(dir, 'key.pem'), 'utf8') },
  });
});

after(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

test('serves HTTPS with the given certificate; the URLs say https', async () => {
  assert.match(sandbox.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  const dispatcher = new Agent({ connect: { ca: cert } });
  try {
    const res = await undiciFetch(`${sandbox.apiUrl}/actionalias`, {
      headers: { 'st2-api-key': sandbox.apiKey },
      dispatcher,
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('set-cookie'), null);
  } finally {
    await dispatcher.close();
  }
  await assert.rejects(fetch(`${sandbox.apiUrl}/actionalias`));
});

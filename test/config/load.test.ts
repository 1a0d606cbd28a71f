import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findConfigFile, loadConfig } from '../../src/config/index.js';
import { assertConfigErrorAsync } from './support.js';
import { tempDir } from '../support/temp.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let dir = '';

before(async () => {
  dir = tempDir('config');
  await mkdir(join(dir, 'with-default'));
  await mkdir(join(dir, 'empty'));
  await mkdir(join(dir, 'conf'));
  await writeFile(join(dir, 'with-default', 'stormbot.yaml'), 'bot:\n  prefix: "."\n');
  await writeFile(join(dir, 'conf', 'a.yaml'), 'bot:\n  prefix: "?"\n');
  await writeFile(join(dir, 'conf', 'b.yaml'), 'bot:\n  prefix: "%"\n');
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('finding the file', () => {
  const cases: {
    name: string;
    cwd: string;
    path?: string;
    env?: NodeJS.ProcessEnv;
    file: string | undefined;
    prefix: string;
  }[] = [
    { name: 'no file anywhere: defaults', cwd: 'empty', file: undefined, prefix: '!' },
    {
      name: './stormbot.yaml when present',
      cwd: 'with-default',
      file: 'with-default/stormbot.yaml',
      prefix: '.',
    },
    {
      name: '--config path',
      cwd: 'with-default',
      path: '../conf/a.yaml',
      file: 'conf/a.yaml',
      prefix: '?',
    },
    {
      name: 'STORMBOT_CONFIG',
      cwd: 'with-default',
      env: { STORMBOT_CONFIG: '../conf/b.yaml' },
      file: 'conf/b.yaml',
      prefix: '%',
    },
    {
      name: '--config wins over STORMBOT_CONFIG',
      cwd: 'empty',
      path: '../conf/a.yaml',
      env: { STORMBOT_CONFIG: '../conf/b.yaml' },
      file: 'conf/a.yaml',
      prefix: '?',
    },
    {
      name: 'an empty STORMBOT_CONFIG counts as unset',
      cwd: 'with-default',
      env: { STORMBOT_CONFIG: '' },
      file: 'with-default/stormbot.yaml',
      prefix: '.',
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const options = { cwd: join(dir, c.cwd), path: c.path, env: c.env ?? {} };
      const expected = c.file === undefined ? undefined : join(dir, c.file);
      assert.equal(await findConfigFile(options), expected);
      const config = await loadConfig(options);
      assert.equal(config.source, expected);
      assert.equal(config.bot.prefix, c.prefix);
      assert.equal(config.bot.dataDir, join(dir, c.cwd, '.data'));
    });
  }

  test('the environment is laid over the file', async () => {
    const config = await loadConfig({
      cwd: join(dir, 'with-default'),
      env: { STORMBOT_PREFIX: '>' },
    });
    assert.equal(config.bot.prefix, '>');
  });
});

describe('file errors', () => {
  async function withFile(name: string, text: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  }

  test('a missing --config file', async () => {
    const path = join(dir, 'nope.yaml');
    await assertConfigErrorAsync(
      () => loadConfig({ path, env: {} }),
      '',
      `config file ${path}: not found`,
    );
  });

  test('a directory given as the file', async () => {
    const path = join(dir, 'conf');
    await assertConfigErrorAsync(
      () => loadConfig({ path, env: {} }),
      '',
      `config file ${path}: is a directory, not a file`,
    );
  });

  test('malformed YAML names the line and column', async () => {
    const path = await withFile('bad.yaml', 'bot:\n  name: stormbot\n  prefix: [!\n');
    await assertConfigErrorAsync(
      () => loadConfig({ path, env: {} }),
      '',
      `${path}: invalid YAML at line 4, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    );
  });

  test('a tab for indentation', async () => {
    const path = await withFile('tab.yaml', 'bot:\n\tname: x\n');
    await assertConfigErrorAsync(
      () => loadConfig({ path, env: {} }),
      '',
      `${path}: invalid YAML at line 2, column 1: Tabs are not allowed as indentation`,
    );
  });

  test('a duplicate key', async () => {
    const path = await withFile('dup.yaml', 'bot:\n  name: a\n  name: b\n');
    await assertConfigErrorAsync(
      () => loadConfig({ path, env: {} }),
      '',
      `${path}: invalid YAML at line 3, column 3: Map keys must be unique`,
    );
  });

  test('a file that is a list', async () => {
    const path = await withFile('list.yaml', '- a\n- b\n');
    await assertConfigErrorAsync(
      () => loadConfig({ path, env: {} }),
      '',
      `${path} must be a mapping of keys (bot:, stackstorm:, …), not a list`,
    );
  });

  test('a schema error in a file names the key', async () => {
    const path = await withFile('port.yaml', 'web:\n  port: eighty\n');
    await assertConfigErrorAsync(
      () => loadConfig({ path, env: {} }),
      'web.port',
      'web.port: must be a number, not the string "eighty"',
    );
  });

  test('an empty file means all defaults', async () => {
    const path = await withFile('empty.yaml', '# nothing yet\n');
    const config = await loadConfig({ path, env: {} });
    assert.equal(config.backend, 'terminal');
    assert.equal(config.source, path);
  });
});

describe('shipped files', () => {
  test('stormbot.example.yaml passes validation without warnings beyond the missing credentials', async () => {
    const config = await loadConfig({
      path: join(ROOT, 'stormbot.example.yaml'),
      env: {},
      cwd: ROOT,
    });
    assert.equal(config.stackstorm.apiUrl, 'https://st2.example.com/api/v1');
    assert.deepEqual(
      config.acl.rules.map((r) => r.command),
      ['st2:core.*', 'st2:*.deploy*', 'st2:st2session_*', 'core:*'],
    );
    assert.deepEqual(config.warnings, [
      'no StackStorm credentials (stackstorm.api_auth): requests carry none, which works only when StackStorm runs with authentication off',
    ]);
  });

  test('stormbot.example.yaml with credentials from the environment has no warnings', async () => {
    const config = await loadConfig({
      path: join(ROOT, 'stormbot.example.yaml'),
      env: { ST2_API_KEY: 'key' },
      cwd: ROOT,
    });
    assert.deepEqual(config.warnings, []);
    assert.equal(config.stackstorm.credentialKind, 'apiKey');
  });
});

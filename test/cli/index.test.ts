import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/temp.js';

const dir = tempDir('cli');
function configFile(name: string, yaml: string): string {
  const path = join(dir, name);
  writeFileSync(path, yaml);
  return path;
}

describe('command line', () => {
  test('--help prints the usage', async () => {
    const r = await runCli(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /stormbot run \[--config FILE\]/);
  });

  test('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    assert.equal(r.code, 0);
    assert.match(r.out, /^stormbot \d+\.\d+\.\d+\n$/);
  });

  test('an unknown command is a usage error (exit 2)', async () => {
    const r = await runCli(['frobnicate']);
    assert.equal(r.code, 2);
    assert.equal(r.err, 'stormbot: unknown command "frobnicate" (try stormbot --help)\n');
  });

  test('an unknown flag is a usage error (exit 2)', async () => {
    const r = await runCli(['run', '--colour', 'blue']);
    assert.equal(r.code, 2);
    assert.match(r.err, /^stormbot: Unknown option '--colour'/);
    assert.equal(r.err.trim().split('\n').length, 1);
  });

  for (const command of ['run', 'check', 'match', 'lint', 'sandbox']) {
    test(`${command} --help prints its usage`, async () => {
      for (const flag of ['--help', '-h']) {
        const r = await runCli([command, flag]);
        assert.equal(r.code, 0, r.err);
        assert.match(r.out, new RegExp(`^usage: stormbot ${command} `));
        assert.equal(r.err, '');
      }
    });

    test(`${command}: every bad option is one line on stderr and exit 2`, async () => {
      const r = await runCli([command, '--nope']);
      assert.equal(r.code, 2);
      assert.equal(r.out, '');
      assert.match(
        r.err,
        new RegExp(`^stormbot: Unknown option '--nope'.*\\(try stormbot ${command} --help\\)\n$`),
      );
    });
  }
});

describe('invalid configuration: one clear line and exit 2', () => {
  const cases: { name: string; yaml: string; line: RegExp }[] = [
    { name: 'unknown key', yaml: 'bot:\n  prefixx: "!"\n', line: /bot\.prefixx/ },
    {
      name: 'wrong type',
      yaml: 'stackstorm:\n  timer_update: soon\n',
      line: /stackstorm\.timer_update/,
    },
    { name: 'bad URL', yaml: 'stackstorm:\n  api_url: "not a url"\n', line: /stackstorm\.api_url/ },
    {
      name: 'conflicting credentials (user without password)',
      yaml: 'stackstorm:\n  api_url: https://st2.example.com/api/v1\n  api_auth:\n    user:\n      name: bot\n',
      line: /stackstorm\.api_auth\.user\.password/,
    },
    {
      name: 'both auth modes',
      yaml: 'stackstorm:\n  api_url: https://st2.example.com/api/v1\n  api_auth: { apikey: k }\n  rbac_auth:\n    standalone: {}\n    clientside: { url: "https://bot.example.com/" }\n',
      line: /stackstorm\.rbac_auth/,
    },
    {
      name: 'sandbox packs that are not a folder',
      yaml: 'stackstorm:\n  sandbox_packs: ./no-such-packs\n',
      line: /stackstorm\.sandbox_packs: is not a folder: /,
    },
    { name: 'malformed YAML', yaml: 'bot: [unclosed\n', line: /line \d+/ },
  ];
  for (const c of cases) {
    for (const command of ['check', 'run']) {
      test(`${c.name} (${command})`, async () => {
        const path = configFile(`${c.name.replace(/\W+/g, '-')}.yaml`, c.yaml);
        const r = await runCli([command, '--config', path]);
        assert.equal(r.code, 2, r.err);
        assert.equal(r.err.split('\n').filter(Boolean).length, 1, `one line: ${r.err}`);
        assert.match(r.err, /^stormbot: invalid configuration: /);
        assert.match(r.err, c.line);
      });
    }
  }

  // The process itself, not main(): it must end by itself (it used to print and then hang).
  const backendCases: { name: string; env: NodeJS.ProcessEnv; line: RegExp }[] = [
    {
      name: 'Slack without tokens',
      env: { HUBOT_ADAPTER: 'slack' },
      line: /backends\.slack\.\w+_token: is required \(or HUBOT_SLACK_\w+_TOKEN\)/,
    },
    {
      name: 'an unknown back-end',
      env: { STORMBOT_BACKEND: 'nosuch' },
      line: /STORMBOT_BACKEND: unknown back-end "nosuch"/,
    },
  ];
  for (const c of backendCases) {
    for (const command of ['check', 'run']) {
      test(`${c.name} (${command}, the process exits)`, async () => {
        const { spawnSync } = await import('node:child_process');
        const bin = join(import.meta.dirname, '../../bin/stormbot.js');
        const r = spawnSync(process.execPath, [bin, command], {
          cwd: dir,
          env: { PATH: process.env.PATH, HOME: dir, ...c.env },
          encoding: 'utf8',
          input: '',
          timeout: 20_000,
        });
        assert.equal(r.signal, null, `still running after 20 s; stderr: ${r.stderr}`);
        assert.equal(r.status, 2, r.stderr);
        assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, `one line: ${r.stderr}`);
        assert.match(r.stderr, /^stormbot: invalid configuration: /);
        assert.match(r.stderr, c.line);
        assert.equal(r.stdout, '');
      });
    }
  }

  test('a bad environment value names the variable', async () => {
    const r = await runCli(['check'], { STORMBOT_WEB_PORT: 'abc' });
    assert.equal(r.code, 2);
    assert.match(r.err, /STORMBOT_WEB_PORT/);
  });

  test('a missing config file is named', async () => {
    const r = await runCli(['check', '--config', join(dir, 'nope.yaml')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /nope\.yaml/);
  });
});

test('the stormbot bin runs from a checkout', async () => {
  const { spawnSync } = await import('node:child_process');
  const root = join(import.meta.dirname, '../..');
  const r = spawnSync(process.execPath, [join(root, 'bin/stormbot.js'), '--version'], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^stormbot \d+\.\d+\.\d+$/m);
});

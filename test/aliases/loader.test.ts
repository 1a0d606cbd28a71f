import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadPackAliases } from '../../src/aliases/index.js';
import { makePacks } from './packs-fixture.js';

describe('loadPackAliases', () => {
  let dir = '';
  let cleanup = async (): Promise<void> => {};
  before(async () => {
    ({ dir, cleanup } = await makePacks({
      'chatops/pack.yaml': 'ref: chatops\nname: ChatOps pack\n',
      'chatops/aliases/b_deploy.yaml':
        'name: deploy\naction_ref: chatops.deploy\ndescription: Deploy\nformats:\n  - "deploy {{app}}"\n  - display: "ship <app>"\n    representation: "ship {{app}}"\nack:\n  enabled: false\nextra:\n  custom: 1\n',
      'chatops/aliases/a_status.yml':
        'name: status\naction_ref: chatops.status\nenabled: false\nformats: ["status"]\n',
      'chatops/aliases/broken.yaml': 'name: [oops\n',
      'chatops/aliases/invalid.yaml': 'name: nope\nformats: ["x"]\n',
      'chatops/aliases/other_pack.yaml':
        'name: moved\npack: elsewhere\naction_ref: x.y\nformats: ["m"]\n',
      'chatops/actions/deploy.yaml':
        'name: deploy\nrunner_type: local-shell-cmd\ndescription: Deploys\nentry_point: deploy.sh\nparameters:\n  app:\n    type: string\n    required: true\n',
      'chatops/actions/README.md': 'not yaml',
      'noyaml/aliases/hello.yaml': 'name: hello\naction_ref: noyaml.hello\nformats: ["hello"]\n',
      'named/pack.yaml': 'name: nicename\n',
      'named/aliases/x.yaml': 'name: x\naction_ref: nicename.x\nformats: ["x"]\n',
    }));
  });
  after(() => cleanup());

  test('reads aliases with st2 fields, sorted by pack then name', async () => {
    const { aliases } = await loadPackAliases(dir);
    assert.deepEqual(
      aliases.map((a) => a.ref),
      ['chatops.deploy', 'chatops.status', 'nicename.x', 'noyaml.hello'],
    );
    const deploy = aliases[0];
    assert.ok(deploy);
    assert.equal(deploy.uid, 'action_alias:chatops:deploy');
    assert.equal(deploy.enabled, true);
    assert.equal(deploy.description, 'Deploy');
    assert.deepEqual(deploy.formats, [
      'deploy {{app}}',
      { display: 'ship <app>', representation: 'ship {{app}}' },
    ]);
    assert.deepEqual(deploy.ack, { enabled: false });
    assert.deepEqual(deploy.extra, { custom: 1 });
    assert.equal(aliases[1]?.enabled, false);
  });

  test('reads action metadata', async () => {
    const { actions } = await loadPackAliases(dir);
    const action = actions[0];
    assert.ok(action);
    assert.equal(actions.length, 1);
    assert.equal(action.ref, 'chatops.deploy');
    assert.equal(action.runner_type, 'local-shell-cmd');
    assert.equal(action.entry_point, 'deploy.sh');
    assert.deepEqual(action.parameters?.app, { type: 'string', required: true });
  });

  test('reports bad files and skips them', async () => {
    const { problems } = await loadPackAliases(dir);
    const byFile = new Map(problems.map((p) => [p.file, p.message]));
    assert.match(byFile.get(join(dir, 'chatops/aliases/broken.yaml')) ?? '', /invalid YAML/);
    assert.match(
      byFile.get(join(dir, 'chatops/aliases/invalid.yaml')) ?? '',
      /invalid alias: action_ref/,
    );
    assert.match(
      byFile.get(join(dir, 'chatops/aliases/other_pack.yaml')) ?? '',
      /pack "chatops" but its "pack" field says "elsewhere"/,
    );
    assert.equal(problems.length, 3);
  });

  test('accepts one pack folder directly', async () => {
    const { aliases } = await loadPackAliases(join(dir, 'noyaml'));
    assert.deepEqual(
      aliases.map((a) => a.ref),
      ['noyaml.hello'],
    );
  });

  test('a missing folder is an error', async () => {
    await assert.rejects(() => loadPackAliases(join(dir, 'missing')), /packs directory not found/);
  });
});

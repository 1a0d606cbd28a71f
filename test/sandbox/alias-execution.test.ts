import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { faultOf, packsDirWith, startTestSandbox, type TestSandbox } from './helpers.js';

interface ExecResponse {
  execution: {
    id: string;
    status: string;
    parameters: Record<string, unknown>;
    context: Record<string, unknown>;
    web_url: string;
    liveaction: Record<string, unknown>;
  };
  actionalias: { ref: string; name: string };
  message?: string;
  extra?: unknown;
}

describe('POST /api/v1/aliasexecution', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startTestSandbox({ webUiUrl: 'https://st2.example.com' });
    const s = t.sandbox;
    s.addAlias({
      name: 'greet',
      pack: 'demo',
      action_ref: 'core.echo',
      formats: ['greet {{message=Hello}}'],
      ack: {
        format: 'Saying {{ execution.parameters.message }} via {{ actionalias.ref }}',
        extra: { slack: { color: '{{ execution.parameters.message }}' } },
      },
    });
    s.addAlias({
      name: 'run',
      pack: 'demo',
      action_ref: 'core.remote',
      formats: [{ display: 'run <cmd> on <hosts>', representation: ['run {{cmd}} on {{hosts}}'] }],
      ack: { format: 'Running {{ cmd }}' },
    });
    s.addAlias({
      name: 'pinned',
      pack: 'demo',
      action_ref: 'core.local',
      formats: ['pinned {{cwd=/tmp}}'],
      immutable_parameters: { cmd: 'echo {{ api_user }} in {{ source_channel }}', timeout: 5 },
    });
    s.addAlias({
      name: 'off',
      pack: 'demo',
      action_ref: 'core.noop',
      enabled: false,
      formats: ['off'],
    });
    s.addAlias({ name: 'ghost', pack: 'demo', action_ref: 'nowhere.nothing', formats: ['ghost'] });
    s.addAlias({
      name: 'wait',
      pack: 'demo',
      action_ref: 'core.local',
      formats: ['wait {{timeout}}'],
      immutable_parameters: { cmd: 'sleep' },
    });
    s.addAlias({ name: 'plain', pack: 'demo', action_ref: 'core.noop', formats: ['plain'] });
  });
  after(() => t.close());

  const execute = (body: Record<string, unknown>, query = '') =>
    t.api(`/api/v1/aliasexecution${query}`, { method: 'POST', json: body });
  const base = { source_channel: 'C1', user: 'ann', notification_route: 'hubot' };

  test('201 with execution, alias and the rendered ack', async () => {
    const res = await execute({
      ...base,
      name: 'greet',
      format: 'greet {{message=Hello}}',
      command: 'greet Hi there',
      source_context: { id: 'm1' },
    });
    assert.equal(res.status, 201);
    const body = (await res.json()) as ExecResponse;
    assert.equal(body.actionalias.ref, 'demo.greet');
    assert.equal(body.execution.status, 'requested');
    assert.deepEqual(body.execution.parameters, { message: 'Hi there' });
    assert.equal(body.message, 'Saying Hi there via demo.greet');
    assert.deepEqual(body.extra, { slack: { color: 'Hi there' } });
    assert.equal(
      body.execution.web_url,
      `https://st2.example.com/#/history/${body.execution.id}/general`,
    );
    const alias = t.sandbox.aliases().find((a) => a.name === 'greet');
    assert.deepEqual(body.execution.context.action_alias_ref, { id: alias?.id, name: 'greet' });
    assert.equal(body.execution.context.api_user, 'ann');
    assert.equal(body.execution.context.user, 'st2admin');
    assert.equal(body.execution.context.source_channel, 'C1');
    assert.deepEqual(body.execution.liveaction.notify, {
      'on-complete': {
        routes: ['hubot'],
        data: { user: 'ann', source_channel: 'C1', source_context: { id: 'm1' } },
      },
    });
  });

  test('the default value applies; no ack keys when the alias has no ack', async () => {
    const greet = (await (
      await execute({ ...base, name: 'greet', format: 'greet {{message=Hello}}', command: 'greet' })
    ).json()) as ExecResponse;
    assert.deepEqual(greet.execution.parameters, { message: 'Hello' });
    const plain = (await (
      await execute({ ...base, name: 'plain', format: 'plain', command: 'plain' })
    ).json()) as ExecResponse;
    assert.equal('message' in plain, false);
    assert.equal('extra' in plain, false);
  });

  test('key=value extras become parameters and are cast to the action types', async () => {
    const res = await execute({
      ...base,
      name: 'run',
      format: 'run {{cmd}} on {{hosts}}',
      command: 'run date on web1 timeout=30 sudo=true',
    });
    assert.equal(res.status, 201);
    const body = (await res.json()) as ExecResponse;
    assert.deepEqual(body.execution.parameters, {
      cmd: 'date',
      hosts: 'web1',
      timeout: 30,
      sudo: true,
    });
  });

  test('an undefined variable in ack.format still succeeds, with st2 text in message', async () => {
    const res = await execute({
      ...base,
      name: 'run',
      format: 'run {{cmd}} on {{hosts}}',
      command: 'run ls on h1',
    });
    assert.equal(res.status, 201);
    const body = (await res.json()) as ExecResponse;
    assert.equal(
      body.message,
      `Cannot render "format" in field "ack" for alias. 'cmd' is undefined`,
    );
  });

  test('immutable parameters are rendered from the chat context and cannot be overridden', async () => {
    const ok = (await (
      await execute({ ...base, name: 'pinned', format: 'pinned {{cwd=/tmp}}', command: 'pinned' })
    ).json()) as ExecResponse;
    assert.deepEqual(ok.execution.parameters, { cwd: '/tmp', cmd: 'echo ann in C1', timeout: 5 });
    const res = await execute({
      ...base,
      name: 'pinned',
      format: 'pinned {{cwd=/tmp}}',
      command: 'pinned /var timeout=9 cmd=rm',
    });
    assert.equal(res.status, 400);
    assert.equal(await faultOf(res), 'Immutable arguments cannot be overriden: cmd,timeout');
  });

  test('processing errors, in st2 order and words', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ name: '', format: 'x', command: 'x' }, 400, 'Alias execution "name" is required'],
      [
        { name: 'nope', format: 'x', command: 'x' },
        404,
        "Unable to find the ActionAliasDB instance. {'name': 'nope'}",
      ],
      [
        { name: 'off', format: 'off', command: 'off' },
        400,
        'Action alias with name "off" is disabled.',
      ],
      [
        { name: 'greet', format: 'hello {{x}}', command: 'x' },
        400,
        'Format string "hello {{x}}" is not available on the alias "greet"',
      ],
      [
        { name: 'run', format: 'run <cmd> on <hosts>', command: 'run x on y' },
        400,
        'Format string "run <cmd> on <hosts>" is not available on the alias "run"',
      ],
      [
        { name: 'run', format: 'run {{cmd}} on {{hosts}}', command: 'walk x' },
        400,
        'Command "walk x" doesn\'t match format string "run {{cmd}} on {{hosts}}"',
      ],
      [
        { name: 'ghost', format: 'ghost', command: 'ghost' },
        404,
        'Action with ref "nowhere.nothing" not found ',
      ],
      [
        { name: 'greet', format: 'greet {{message=Hello}}', command: 'greet Hi color=red' },
        400,
        "Additional properties are not allowed ('color' was unexpected)",
      ],
      [
        { name: 'wait', format: 'wait {{timeout}}', command: 'wait soon' },
        400,
        'Failed to cast value "soon" (type: str) for parameter "timeout" of type "integer": ' +
          "invalid literal for int() with base 10: 'soon'. Perhaps the value is of an invalid type?",
      ],
    ];
    for (const [body, status, fault] of cases) {
      const res = await execute({ source_channel: 'C1', ...body });
      assert.equal(res.status, status, JSON.stringify(body));
      assert.equal(await faultOf(res), fault);
    }
  });

  test('body validation: required fields and unknown fields', async () => {
    const noName = await execute({ format: 'x', command: 'x', source_channel: 'c' });
    assert.equal(await faultOf(noName), "'name' is a required property");
    const noChannel = await execute({ name: 'greet', format: 'x', command: 'x' });
    assert.equal(await faultOf(noChannel), "'source_channel' is a required property");
    const extra = await execute({
      ...base,
      name: 'greet',
      format: 'greet {{message=Hello}}',
      command: 'greet',
      bogus: 1,
    });
    assert.equal(extra.status, 400);
    assert.equal(
      await faultOf(extra),
      "Additional properties are not allowed ('bogus' was unexpected)",
    );
  });

  test('user defaults to "channel"', async () => {
    const body = (await (
      await execute({ name: 'plain', format: 'plain', command: 'plain', source_channel: 'C9' })
    ).json()) as ExecResponse;
    assert.equal(body.execution.context.api_user, 'channel');
  });
});

describe('POST /api/v1/aliasexecution/match_and_execute', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startTestSandbox();
    t.sandbox.addAlias({
      name: 'greet',
      pack: 'demo',
      action_ref: 'core.echo',
      formats: ['greet {{message=Hello}}'],
      ack: { format: 'hi {{ execution.parameters.message }}' },
    });
    t.sandbox.addAlias({
      name: 'fixes',
      pack: 'demo',
      action_ref: 'core.echo',
      formats: [
        {
          display: 'fixes <k>',
          representation: ['(?:\\b|^)fixes (?P<message>[A-Z]+-[0-9]+)(?:\\b|$)'],
          match_multiple: true,
        },
      ],
    });
    t.sandbox.addAlias({
      name: 'a1',
      pack: 'demo',
      action_ref: 'core.noop',
      formats: ['same {{x}}'],
    });
    t.sandbox.addAlias({
      name: 'a2',
      pack: 'demo',
      action_ref: 'core.noop',
      formats: ['same {{y}}'],
    });
    t.sandbox.addAlias({
      name: 'display_only',
      pack: 'demo',
      action_ref: 'core.noop',
      formats: [{ display: 'just help' }],
    });
  });
  after(() => t.close());

  const mae = (body: Record<string, unknown>) =>
    t.api('/api/v1/aliasexecution/match_and_execute', { method: 'POST', json: body });

  test('201 {results: [one]} for an ordinary match', async () => {
    const res = await mae({
      command: 'greet Yo',
      source_channel: 'C1',
      user: 'ann',
      notification_route: 'errbot',
    });
    assert.equal(res.status, 201);
    const { results } = (await res.json()) as { results: ExecResponse[] };
    assert.equal(results.length, 1);
    assert.equal(results[0]!.message, 'hi Yo');
    assert.deepEqual(results[0]!.execution.parameters, { message: 'Yo' });
  });

  test('match_multiple: one execution per occurrence', async () => {
    const res = await mae({ command: 'this fixes AB-1 and fixes CD-22', source_channel: 'C1' });
    assert.equal(res.status, 201);
    const { results } = (await res.json()) as { results: ExecResponse[] };
    assert.deepEqual(
      results.map((r) => r.execution.parameters.message),
      ['AB-1', 'CD-22'],
    );
  });

  test('the matching 400s and the source_context refusal', async () => {
    const none = await mae({ command: 'hello donny', source_channel: 'C1' });
    assert.equal(none.status, 400);
    assert.equal(await faultOf(none), "Command 'hello donny' matched no patterns");
    const two = await mae({ command: 'same z', source_channel: 'C1' });
    assert.equal(await faultOf(two), "Command 'same z' matched more than 1 pattern");
    const ctx = await mae({ command: 'greet', source_channel: 'C1', source_context: {} });
    assert.equal(ctx.status, 400);
    assert.equal(
      await faultOf(ctx),
      "Additional properties are not allowed ('source_context' was unexpected)",
    );
  });

  test("st2's known defect: a display-only format that matches gives 500", async () => {
    const res = await mae({ command: '', source_channel: 'C1' });
    assert.equal(res.status, 500);
    assert.equal(await faultOf(res), 'Internal Server Error');
  });
});

describe('action parameters as st2 validates them', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startTestSandbox({
      packsDir: packsDirWith({
        'demo/actions/deploy.yaml': [
          'name: deploy',
          'runner_type: python-script',
          'entry_point: deploy.py',
          'parameters:',
          '  repo: {type: string, required: true}',
          '  ref: {type: string}',
          '  stage: {type: string, default: prod}',
          '  count: {type: integer}',
          '  level: {type: string, enum: [low, high]}',
        ].join('\n'),
        'demo/actions/bare.yaml': 'name: bare\nrunner_type: noop\n',
        'demo/actions/script.yaml': 'name: script\nrunner_type: python-script\nentry_point: s.py\n',
        'demo/aliases/deploy.yaml': [
          'name: deploy',
          'action_ref: demo.deploy',
          'formats:',
          '  - "deploy {{repo}}( at {{ref}})?( to {{stage}})?"',
          '  - "count {{repo}}( by {{count}})?"',
          '  - "pick {{repo}}( level {{level}})?"',
          '  - "nameless( {{repo}})?"',
        ].join('\n'),
        'demo/aliases/bare.yaml': 'name: bare\naction_ref: demo.bare\nformats: ["bare"]\n',
        'demo/aliases/script.yaml': 'name: script\naction_ref: demo.script\nformats: ["script"]\n',
      }),
    });
  });
  after(() => t.close());

  const execute = (name: string, format: string, command: string) =>
    t.api('/api/v1/aliasexecution', {
      method: 'POST',
      json: { name, format, command, user: 'ann', source_channel: 'C1' },
    });

  test('an optional parameter left out is None and allowed; a None takes the default', async () => {
    const res = await execute(
      'deploy',
      'deploy {{repo}}( at {{ref}})?( to {{stage}})?',
      'deploy web',
    );
    assert.equal(res.status, 201, await res.clone().text());
    const body = (await res.json()) as ExecResponse;
    assert.deepEqual(body.execution.parameters, { repo: 'web', ref: null, stage: null });
  });

  test("None where st2 refuses it: Python's casts, an enum, a required parameter", async () => {
    const count = await execute('deploy', 'count {{repo}}( by {{count}})?', 'count web');
    assert.equal(count.status, 400);
    assert.equal(
      await faultOf(count),
      'Failed to cast value "None" (type: NoneType) for parameter "count" of type "integer": ' +
        "int() argument must be a string, a bytes-like object or a number, not 'NoneType'. " +
        'Perhaps the value is of an invalid type?',
    );
    const pick = await execute('deploy', 'pick {{repo}}( level {{level}})?', 'pick web');
    assert.equal(pick.status, 400);
    assert.equal(await faultOf(pick), "None is not one of ['low', 'high']");
    const nameless = await execute('deploy', 'nameless( {{repo}})?', 'nameless');
    assert.equal(nameless.status, 400);
    assert.equal(await faultOf(nameless), "None is not of type 'string'");
  });

  test('no parameters declared by the action nor its runner: anything is accepted', async () => {
    const bare = await execute('bare', 'bare', 'bare colour=red size=2');
    assert.equal(bare.status, 201, await bare.clone().text());
    const body = (await bare.json()) as ExecResponse;
    assert.deepEqual(body.execution.parameters, { colour: 'red', size: '2' });
    const script = await execute('script', 'script', 'script colour=red');
    assert.equal(script.status, 400);
    assert.equal(
      await faultOf(script),
      "Additional properties are not allowed ('colour' was unexpected)",
    );
  });
});

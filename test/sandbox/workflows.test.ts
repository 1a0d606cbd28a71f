/**
 * Action-chain workflows in the sandbox, as st2 runs them: tasks as child executions (`parent`,
 * `children`), a task waiting on an inquiry pauses the workflow, answering it resumes the
 * workflow; cancelling a paused workflow cancels its inquiry; an unanswered inquiry times out
 * after its `ttl`; st2's words for inquiries that cannot be answered.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { faultOf, packsDirWith, startTestSandbox, type TestSandbox } from './helpers.js';

interface Exec {
  id: string;
  status: string;
  parent?: string;
  children?: string[];
  result?: Record<string, unknown>;
  context?: Record<string, unknown>;
  log?: { status: string }[];
}

const PACK = {
  'flow/pack.yaml': 'name: flow\nref: flow\n',
  'flow/actions/gated.yaml': [
    'name: gated',
    'runner_type: action-chain',
    'entry_point: chains/gated.yaml',
    'parameters:',
    '  target: {type: string, required: true}',
  ].join('\n'),
  'flow/actions/chains/gated.yaml': [
    'chain:',
    '  - name: ask',
    '    ref: core.ask',
    '    params:',
    '      ttl: 5',
    '      schema:',
    '        type: object',
    '        properties:',
    '          go: {type: boolean, description: "Go on with {{ target }}?", required: true}',
    '    on-success: act',
    '  - name: act',
    '    ref: core.local',
    '    params:',
    '      cmd: echo "{{ target }} go={% if ask.response.go %}yes{% else %}no{% endif %}"',
  ].join('\n'),
};

describe('action-chain workflows and inquiries', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startTestSandbox({ executionDelayMs: 0, packsDir: packsDirWith(PACK) });
  });
  after(() => t.close());

  const get = async (id: string) =>
    (await (await t.api(`/api/v1/executions/${id}`)).json()) as Exec;

  /** Start the workflow and let it reach its inquiry; the workflow and the inquiry ids. */
  async function start(): Promise<{ workflow: string; inquiry: string }> {
    const res = await t.api('/api/v1/executions', {
      method: 'POST',
      json: { action: 'flow.gated', parameters: { target: 'db' } },
    });
    const { id } = (await res.json()) as Exec;
    for (let i = 0; i < 4; i++) await t.clock.advance(0);
    const workflow = await get(id);
    const inquiry = workflow.children?.[0];
    assert.ok(inquiry, 'the first task started');
    return { workflow: id, inquiry };
  }

  test('the workflow pauses on its inquiry and resumes once it is answered', async () => {
    const { workflow, inquiry } = await start();
    const paused = await get(workflow);
    assert.equal(paused.status, 'paused');
    assert.deepEqual(
      paused.log?.map((l) => l.status),
      ['requested', 'scheduled', 'running', 'pausing', 'paused'],
    );
    const child = await get(inquiry);
    assert.equal(child.status, 'pending');
    assert.equal(child.parent, workflow);
    assert.deepEqual(child.context?.parent, {
      execution_id: workflow,
      user: 'st2admin',
      pack: 'flow',
    });
    const listed = (await (await t.api(`/api/v1/inquiries/${inquiry}`)).json()) as Exec & {
      schema: { properties: { go: { description: string } } };
    };
    assert.equal(listed.schema.properties.go.description, 'Go on with db?');

    const put = await t.api(`/api/v1/inquiries/${inquiry}`, {
      method: 'PUT',
      json: { id: inquiry, response: { go: true } },
    });
    assert.equal(put.status, 200);
    for (let i = 0; i < 4; i++) await t.clock.advance(0);
    const done = await get(workflow);
    assert.equal(done.status, 'succeeded');
    assert.deepEqual(done.log?.map((l) => l.status).slice(3), [
      'pausing',
      'paused',
      'resuming',
      'running',
      'succeeded',
    ]);
    const tasks = done.result?.tasks as {
      name: string;
      state: string;
      result: { stdout?: string };
    }[];
    assert.deepEqual(
      tasks.map((task) => [task.name, task.state]),
      [
        ['ask', 'succeeded'],
        ['act', 'succeeded'],
      ],
    );
    assert.equal(tasks[1]?.result.stdout, 'db go=yes');
  });

  test('cancelling the paused workflow cancels its inquiry', async () => {
    const { workflow, inquiry } = await start();
    const res = await t.api(`/api/v1/executions/${workflow}`, { method: 'DELETE' });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as Exec).status, 'canceled');
    assert.equal((await get(inquiry)).status, 'canceled');
    assert.equal((await get(workflow)).context?.cancelled_by, 'st2admin');
    const answer = await t.api(`/api/v1/inquiries/${inquiry}`, {
      method: 'PUT',
      json: { response: { go: true } },
    });
    assert.equal(answer.status, 400);
    assert.equal(await faultOf(answer), `Inquiry "${inquiry}" has already been responded to.`);
  });

  test('an inquiry nobody answers times out after its ttl; the workflow fails', async () => {
    const { workflow, inquiry } = await start();
    await t.clock.advance(5 * 60_000);
    for (let i = 0; i < 4; i++) await t.clock.advance(0);
    assert.equal((await get(inquiry)).status, 'timeout');
    assert.equal((await get(workflow)).status, 'failed');
    const late = await t.api(`/api/v1/inquiries/${inquiry}`);
    assert.equal(late.status, 400);
    assert.equal(await faultOf(late), `Inquiry "${inquiry}" timed out and cannot be responded to.`);
  });

  test('an unknown inquiry: 404 with the text st2 gives', async () => {
    const res = await t.api('/api/v1/inquiries/5f0000000000000000000000', {
      method: 'PUT',
      json: { response: { go: true } },
    });
    assert.equal(res.status, 404);
    assert.equal(await faultOf(res), 'The resource could not be found.');
  });
});

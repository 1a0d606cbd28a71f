import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runtimeParameters } from '../../src/sandbox/params.js';
import type { ActionRecord } from '../../src/sandbox/types.js';

const action: ActionRecord = {
  id: 'a1',
  uid: 'action:demo:get_user',
  ref: 'demo.get_user',
  pack: 'demo',
  name: 'get_user',
  enabled: true,
  runner_type: 'python-script',
  parameters: {
    user: { type: 'string', required: true },
    token_user: { type: 'string', default: '{{ action_context.api_user|default() }}' },
    greeting: { type: 'string', default: 'hi {{ user }}' },
    flavor: { type: 'string' },
  },
};

test('defaults render over the parameters and the execution context, as st2 renders them', () => {
  const params = runtimeParameters(action, { user: 'octo', flavor: null }, { api_user: 'alice' });
  assert.equal(params.token_user, 'alice');
  assert.equal(params.greeting, 'hi octo');
  assert.equal(params.flavor, null);
  // No chat user (an execution not started from chat): Jinja's default() gives "".
  assert.equal(runtimeParameters(action, { user: 'octo' }).token_user, '');
});

/**
 * The client's inquiry and cancel calls against the sandbox over loopback HTTP: list, get and
 * answer an inquiry (st2's schema, permission and state errors as coded errors), and cancel a
 * running, a completed and an unknown execution.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { St2HttpError, type St2Client } from '../../src/stackstorm/index.js';
import { API_KEY, USERS, startFixture, type Fixture } from './sandbox-fixture.js';

let fx: Fixture;
let client: St2Client;
before(async () => {
  fx = await startFixture();
  client = fx.client({ apiKey: API_KEY });
});
after(async () => {
  await fx.close();
});

/** Start `ask to continue` (core.ask) and let it reach `pending`; its execution id. */
async function ask(extra = ''): Promise<string> {
  const { execution } = await client.executeAlias({
    name: 'ask_continue',
    format: 'ask to continue',
    command: `ask to continue${extra}`,
    source_channel: '#ops',
  });
  await fx.clock.advance(0);
  await fx.clock.advance(10);
  return execution.id;
}

/** The coded error a call rejects with. */
async function failure(call: Promise<unknown>): Promise<St2HttpError> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof St2HttpError, `an St2HttpError, got ${String(error)}`);
    return error;
  }
  assert.fail('the call succeeded');
}

describe('inquiries', () => {
  test('list, get and answer: a bad answer is a bad_request with st2 words', async () => {
    const id = await ask();
    const open = await client.listInquiries();
    assert.ok(
      open.some((i) => i.id === id),
      'the inquiry is listed',
    );
    const inquiry = await client.getInquiry(id);
    assert.deepEqual(inquiry.schema?.properties, {
      continue: {
        type: 'boolean',
        description: 'Would you like to continue the workflow?',
        required: true,
      },
    });
    const bad = await failure(client.respondToInquiry(id, { continue: 'yes' }));
    assert.equal(bad.code, 'bad_request');
    assert.equal(
      bad.faultstring,
      `Response for inquiry "${id}" did not pass schema validation. 'yes' is not of type 'boolean'`,
    );
    assert.deepEqual(await client.respondToInquiry(id, { continue: true }), {
      id,
      response: { continue: true },
    });
    assert.deepEqual(fx.sandbox.requests.at(-1)?.body, { id, response: { continue: true } });
    assert.equal((await client.getExecution(id)).status, 'succeeded');
    const twice = await failure(client.getInquiry(id));
    assert.equal(twice.faultstring, `Inquiry "${id}" has already been responded to.`);
  });

  test('someone not in users: forbidden, with st2 words', async () => {
    const id = await ask(' users=st2admin');
    const bob = client.withCredentials({
      kind: 'password',
      username: 'bob',
      password: USERS.bob,
    });
    const denied = await failure(bob.respondToInquiry(id, { continue: true }));
    assert.equal(denied.code, 'forbidden');
    assert.equal(
      denied.faultstring,
      `User "bob" does not have permission to respond to inquiry "${id}".`,
    );
  });

  test('an unknown inquiry: not_found', async () => {
    const missing = await failure(client.getInquiry('5f0000000000000000000000'));
    assert.equal(missing.code, 'not_found');
  });
});

describe('cancel', () => {
  test('a running execution: canceling, then canceled', async () => {
    fx.sandbox.faults.holdExecutions = true;
    try {
      const { execution } = await client.executeAlias({
        name: 'greet',
        format: 'greet {{message=Hello}}',
        command: 'greet hi',
        source_channel: '#ops',
      });
      await fx.clock.advance(0);
      const canceled = await client.cancelExecution(execution.id);
      assert.equal(canceled.status, 'canceling');
      await fx.clock.advance(0);
      assert.equal((await client.getExecution(execution.id)).status, 'canceled');
      assert.equal((await client.cancelExecution(execution.id)).status, 'canceled');
    } finally {
      fx.sandbox.faults.holdExecutions = false;
    }
  });

  test('a completed execution: st2 answers 200 with a faultstring, a bad_request here', async () => {
    const { execution } = await client.executeAlias({
      name: 'greet',
      format: 'greet {{message=Hello}}',
      command: 'greet done',
      source_channel: '#ops',
    });
    await fx.clock.advance(0);
    await fx.clock.advance(10);
    const refused = await failure(client.cancelExecution(execution.id));
    assert.equal(refused.code, 'bad_request');
    assert.equal(refused.status, 200);
    assert.equal(refused.faultstring, 'Action cannot be canceled. State = succeeded.');
  });

  test('an unknown execution: not_found', async () => {
    const missing = await failure(client.cancelExecution('5f0000000000000000000000'));
    assert.equal(missing.code, 'not_found');
  });
});

/**
 * An inquiry's schema in chat: fields, the answer line, buttons, and answers typed by the schema
 * and checked against it with clear words.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  answerButtons,
  answerLine,
  describeField,
  inquiryFields,
  parseAnswer,
} from '../../src/chatops/inquiry-form.js';
import { CommandError } from '../../src/core/errors.js';
import type { Inquiry } from '../../src/stackstorm/model.js';

const inquiry = (schema: Record<string, unknown>): Inquiry => ({ id: 'I1', schema });

const DEPLOY = inquiry({
  type: 'object',
  required: ['env'],
  additionalProperties: false,
  properties: {
    reason: { type: 'string', description: 'Why' },
    env: { type: 'string', enum: ['staging', 'production'], description: 'Where' },
    count: { type: 'integer' },
    hosts: { type: 'array', items: { type: 'string' } },
  },
});

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof CommandError, `a CommandError, got ${String(error)}`);
    return error.message;
  }
  assert.fail('accepted');
}

describe('inquiry form', () => {
  test('fields: required first, with type, enum and description', () => {
    const fields = inquiryFields(DEPLOY.schema);
    assert.deepEqual(fields.map(describeField), [
      'env (string, required, one of staging, production): Where',
      'reason (string): Why',
      'count (integer)',
      'hosts (array)',
    ]);
    assert.equal(answerLine('!st2respond', DEPLOY), '!st2respond I1 env=staging|production');
  });

  test('buttons: one per choice of the single choice field; none with two such fields', () => {
    assert.deepEqual(
      answerButtons('!st2respond', DEPLOY)?.map((b) => b.command),
      ['!st2respond I1 env=staging', '!st2respond I1 env=production'],
    );
    const two = inquiry({
      properties: { a: { type: 'boolean' }, b: { type: 'string', enum: ['x'] } },
    });
    assert.equal(answerButtons('!st2respond', two), undefined);
    assert.equal(answerLine('!r', two), '!r I1 a=true|false b=x', 'no required field: all shown');
  });

  test('answers are typed by the schema', () => {
    assert.deepEqual(
      parseAnswer('env=production count=3 hosts=a,b reason="rolling out"', DEPLOY, '!st2respond'),
      {
        env: 'production',
        count: 3,
        hosts: ['a', 'b'],
        reason: 'rolling out',
      },
    );
    const yesNo = inquiry({ properties: { ok: { type: 'boolean', required: true } } });
    assert.deepEqual(parseAnswer('ok=No', yesNo, '!st2respond'), { ok: false });
  });

  test('clear refusals: wrong value, unknown field, missing field, nothing given', () => {
    assert.equal(
      refusal(() => parseAnswer('env=prod', DEPLOY, '!st2respond')),
      "env of inquiry I1 takes one of staging, production; you gave 'prod'.",
    );
    assert.equal(
      refusal(() => parseAnswer('env=staging count=two', DEPLOY, '!st2respond')),
      "count of inquiry I1 takes a whole number; you gave 'two'.",
    );
    assert.equal(
      refusal(() => parseAnswer('env=staging colour=red', DEPLOY, '!st2respond')),
      'Inquiry I1 has no field "colour". Its fields: env, reason, count, hosts.',
    );
    assert.equal(
      refusal(() => parseAnswer('reason=x', DEPLOY, '!st2respond')),
      "That answer does not fit inquiry I1: 'env' is a required property. Expected: !st2respond I1 env=staging|production",
    );
    assert.equal(
      refusal(() => parseAnswer('please', DEPLOY, '!st2respond')),
      'Give your answer as key=value pairs: !st2respond I1 env=staging|production',
    );
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertConfigError, parse } from './support.js';

describe('confirmation', () => {
  test('defaults: twofactor-flagged aliases are confirmed by their requester within 5 minutes', () => {
    const c = parse({}).confirmation;
    assert.equal(c.twofactorMode, 'confirm');
    assert.equal(c.codeTtlMs, 300_000);
    assert.deepEqual(c.aliases, []);
    assert.equal(c.action, undefined);
  });

  test('aliases keep the order written; an action makes it the default for flagged aliases', () => {
    const c = parse({
      confirmation: {
        aliases: { 'ops.*': 'approve', 'ops.status': 'none', 'db.drop': 'action' },
        approvers: 'carol',
        action: 'duo.push',
        code_ttl: 60,
      },
    }).confirmation;
    assert.deepEqual(c.aliases, [
      { pattern: 'ops.*', mode: 'approve' },
      { pattern: 'ops.status', mode: 'none' },
      { pattern: 'db.drop', mode: 'action' },
    ]);
    assert.deepEqual(c.approvers, ['carol']);
    assert.equal(c.twofactorMode, 'action');
    assert.equal(c.codeTtlMs, 60_000);
  });

  test('twofactor_mode wins over the action default', () => {
    const c = parse({ confirmation: { twofactor_mode: 'confirm' } }, { HUBOT_2FA: 'duo.push' });
    assert.equal(c.confirmation.twofactorMode, 'confirm');
    assert.equal(c.confirmation.action, 'duo.push');
  });

  const invalid: {
    name: string;
    raw: unknown;
    env?: NodeJS.ProcessEnv;
    key: string;
    message: string;
  }[] = [
    {
      name: 'approve without approvers',
      raw: { confirmation: { aliases: { 'ops.*': 'approve' } } },
      key: 'confirmation.approvers',
      message:
        'confirmation.approvers: must name at least one approver: confirmation.aliases."ops.*" is approve',
    },
    {
      name: 'action mode without an action',
      raw: { confirmation: { twofactor_mode: 'action' } },
      key: 'confirmation.action',
      message:
        'confirmation.action: is required (or HUBOT_2FA): confirmation.twofactor_mode is action',
    },
    {
      name: 'an unknown mode',
      raw: { confirmation: { aliases: { 'ops.reboot': 'twice' } } },
      key: 'confirmation.aliases.ops.reboot',
      message:
        'confirmation.aliases.ops.reboot: must be one of "confirm", "approve", "action", "none", not "twice"',
    },
    {
      name: 'HUBOT_2FA that is not an action ref',
      raw: {},
      env: { HUBOT_2FA: 'duo' },
      key: 'HUBOT_2FA',
      message: 'HUBOT_2FA: must be an action ref, <pack>.<name> (confirmation.action)',
    },
    {
      name: 'a code lifetime too short',
      raw: { confirmation: { code_ttl: 5 } },
      key: 'confirmation.code_ttl',
      message: 'confirmation.code_ttl: must be at least 10',
    },
    {
      name: 'more per person than in all',
      raw: { confirmation: { max_pending: 3, max_pending_per_person: 4 } },
      key: 'confirmation.max_pending_per_person',
      message: 'confirmation.max_pending_per_person: must be at most confirmation.max_pending (3)',
    },
  ];
  for (const c of invalid) {
    test(`invalid: ${c.name}`, () => {
      assertConfigError(() => parse(c.raw, c.env ?? {}), c.key, c.message);
    });
  }
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DENIALS, decide, ruleFor, type AclPolicy, type AclRequest } from '../../src/acl/index.js';

interface Case {
  name: string;
  policy: Partial<AclPolicy>;
  request: Partial<AclRequest>;
  /** `true` for allowed, else the expected denial reason. */
  expect: true | string;
  hidden?: boolean;
}

const base: AclRequest = {
  command: 'st2:examples.greet',
  args: 'st2 greet Hi',
  user: 'alice',
  room: '#ops',
};
const policy = (p: Partial<AclPolicy>): AclPolicy => ({
  rules: [],
  admins: [],
  hideDenials: false,
  ...p,
});
const rule = (command: string, r: object) => ({ command, rule: r });

const cases: Case[] = [
  { name: 'no rules allows everything', policy: {}, request: {}, expect: true },
  // allowusers / denyusers
  {
    name: 'allowusers lets a listed user in',
    policy: { rules: [rule('st2:*', { allowusers: ['alice'] })] },
    request: {},
    expect: true,
  },
  {
    name: 'allowusers keeps others out',
    policy: { rules: [rule('st2:*', { allowusers: ['bob'] })] },
    request: {},
    expect: DENIALS.user,
  },
  {
    name: 'allowusers accepts a single string',
    policy: { rules: [rule('st2:*', { allowusers: 'al*' })] },
    request: {},
    expect: true,
  },
  {
    name: 'denyusers keeps a listed user out',
    policy: { rules: [rule('st2:*', { denyusers: ['alice'] })] },
    request: {},
    expect: DENIALS.user,
  },
  {
    name: 'denyusers lets others in',
    policy: { rules: [rule('st2:*', { denyusers: ['bob'] })] },
    request: {},
    expect: true,
  },
  {
    name: 'deny beats allow for the same user',
    policy: { rules: [rule('st2:*', { allowusers: ['*'], denyusers: ['alice'] })] },
    request: {},
    expect: DENIALS.user,
  },
  // rooms
  {
    name: 'allowrooms lets a listed room in',
    policy: { rules: [rule('*', { allowrooms: ['#ops'] })] },
    request: {},
    expect: true,
  },
  {
    name: 'allowrooms keeps other rooms out',
    policy: { rules: [rule('*', { allowrooms: ['#dev'] })] },
    request: {},
    expect: DENIALS.room,
  },
  {
    name: 'denyrooms keeps a listed room out',
    policy: { rules: [rule('*', { denyrooms: ['#o?s'] })] },
    request: {},
    expect: DENIALS.room,
  },
  {
    name: 'deny beats allow for the same room',
    policy: { rules: [rule('*', { allowrooms: ['#*'], denyrooms: ['#ops'] })] },
    request: {},
    expect: DENIALS.room,
  },
  {
    name: 'allowrooms does not apply to direct messages',
    policy: { rules: [rule('*', { allowrooms: ['#dev'] })] },
    request: { room: undefined },
    expect: true,
  },
  // DM vs room
  {
    name: 'allowprivate false refuses direct messages',
    policy: { rules: [rule('*', { allowprivate: false })] },
    request: { room: undefined },
    expect: DENIALS.private,
  },
  {
    name: 'allowprivate false still allows rooms',
    policy: { rules: [rule('*', { allowprivate: false })] },
    request: {},
    expect: true,
  },
  {
    name: 'allowmuc false refuses rooms',
    policy: { rules: [rule('*', { allowmuc: false })] },
    request: {},
    expect: DENIALS.muc,
  },
  {
    name: 'allowmuc false still allows direct messages',
    policy: { rules: [rule('*', { allowmuc: false })] },
    request: { room: undefined },
    expect: true,
  },
  // args
  {
    name: 'allowargs allows matching arguments',
    policy: { rules: [rule('*', { allowargs: ['st2 greet *'] })] },
    request: {},
    expect: true,
  },
  {
    name: 'allowargs refuses other arguments',
    policy: { rules: [rule('*', { allowargs: ['st2 deploy *'] })] },
    request: {},
    expect: DENIALS.args,
  },
  {
    name: 'denyargs refuses matching arguments',
    policy: { rules: [rule('*', { denyargs: ['* prod*'] })] },
    request: { args: 'st2 deploy web to prod' },
    expect: DENIALS.args,
  },
  {
    name: 'args checks run before user checks',
    policy: { rules: [rule('*', { denyargs: ['*'], denyusers: ['alice'] })] },
    request: {},
    expect: DENIALS.args,
  },
  // rule selection
  {
    name: 'first matching rule wins',
    policy: {
      rules: [
        rule('st2:examples.*', { allowusers: ['alice'] }),
        rule('st2:*', { denyusers: ['alice'] }),
      ],
    },
    request: {},
    expect: true,
  },
  {
    name: 'a later rule never applies once one matched',
    policy: { rules: [rule('st2:examples.greet', {}), rule('st2:*', { denyusers: ['*'] })] },
    request: {},
    expect: true,
  },
  {
    name: 'per-alias rule applies only to that alias',
    policy: { rules: [rule('st2:examples.deploy', { allowusers: ['bob'] })] },
    request: {},
    expect: true,
  },
  {
    name: 'per-alias rule denies that alias',
    policy: { rules: [rule('st2:examples.greet', { allowusers: ['bob'] })] },
    request: {},
    expect: DENIALS.user,
  },
  {
    name: 'rule key without colon means any group',
    policy: { rules: [rule('help', { denyusers: ['alice'] })] },
    request: { command: 'core:help' },
    expect: DENIALS.user,
  },
  {
    name: 'rule keys match command keys case-insensitively',
    policy: { rules: [rule('ST2:Examples.*', { denyusers: ['alice'] })] },
    request: {},
    expect: DENIALS.user,
  },
  {
    name: 'user globs are case-sensitive',
    policy: { rules: [rule('*', { allowusers: ['ALICE'] })] },
    request: {},
    expect: DENIALS.user,
  },
  {
    name: 'glob ? matches one character',
    policy: { rules: [rule('st2:examples.gree?', { denyusers: ['*'] })] },
    request: {},
    expect: DENIALS.user,
  },
  {
    name: 'glob [a-z] range',
    policy: { rules: [rule('*', { allowusers: ['[a-c]lice'] })] },
    request: {},
    expect: true,
  },
  {
    name: 'glob [!x] negation',
    policy: { rules: [rule('*', { allowusers: ['[!a]lice'] })] },
    request: {},
    expect: DENIALS.user,
  },
  {
    name: 'glob * crosses slashes (not a path glob)',
    policy: { rules: [rule('*', { allowusers: ['team/*'] })] },
    request: { user: 'team/a/b' },
    expect: true,
  },
  // defaults
  {
    name: 'defaults apply when no rule matches',
    policy: { defaults: { allowprivate: false } },
    request: { room: undefined },
    expect: DENIALS.private,
  },
  {
    name: 'a matching rule is merged over the defaults',
    policy: { defaults: { allowprivate: false }, rules: [rule('*', { allowusers: ['alice'] })] },
    request: { room: undefined },
    expect: DENIALS.private,
  },
  {
    name: 'a rule overrides a default key',
    policy: { defaults: { allowprivate: false }, rules: [rule('*', { allowprivate: true })] },
    request: { room: undefined },
    expect: true,
  },
  // admins
  {
    name: 'admin-only command refused to non-admins',
    policy: { admins: ['bob'] },
    request: { room: undefined, adminOnly: true },
    expect: DENIALS.admin,
  },
  {
    name: 'admin-only command allowed to admins in a DM',
    policy: { admins: ['al*'] },
    request: { room: undefined, adminOnly: true },
    expect: true,
  },
  {
    name: 'admin-only command refused in a room by default',
    policy: { admins: ['alice'] },
    request: { adminOnly: true },
    expect: DENIALS.adminDirect,
  },
  {
    name: 'admin-only command allowed in a room when allowmuc is true',
    policy: { admins: ['alice'], rules: [rule('*', { allowmuc: true })] },
    request: { adminOnly: true },
    expect: true,
  },
  // hidden
  {
    name: 'hidden denials are marked hidden',
    policy: { hideDenials: true, rules: [rule('*', { denyusers: ['alice'] })] },
    request: {},
    expect: DENIALS.user,
    hidden: true,
  },
  {
    name: 'denials are visible by default',
    policy: { rules: [rule('*', { denyusers: ['alice'] })] },
    request: {},
    expect: DENIALS.user,
    hidden: false,
  },
];

describe('ACL decide (Errbot semantics)', () => {
  for (const c of cases) {
    test(c.name, () => {
      const decision = decide(policy(c.policy), { ...base, ...c.request });
      if (c.expect === true) {
        assert.deepEqual(decision, { allowed: true });
      } else {
        const denied = decision as { allowed: boolean; reason?: string; hidden?: boolean };
        assert.equal(denied.allowed, false);
        assert.equal(denied.reason, c.expect);
        if (c.hidden !== undefined) assert.equal(denied.hidden, c.hidden);
      }
    });
  }
});

test('ruleFor returns the defaults when nothing matches', () => {
  assert.deepEqual(ruleFor(policy({ defaults: { allowmuc: false } }), 'core:help'), {
    allowmuc: false,
  });
});

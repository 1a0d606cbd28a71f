import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decide } from '../../src/acl/index.js';
import { parseConfig } from '../../src/config/index.js';
import { parseYaml } from '../../src/config/load.js';
import { CWD, parse } from './support.js';

function fromYaml(text: string) {
  const { data, ruleOrder } = parseYaml(text, 'test.yaml');
  return parseConfig(data, {}, 'test.yaml', { cwd: CWD, ruleOrder });
}

describe('ACL rules from the file', () => {
  test('rules keep the order they are written in', () => {
    const config = fromYaml(
      [
        'acl:',
        '  rules:',
        "    'st2:core.*': { allowusers: alice }",
        "    'st2:*': { denyusers: [bob] }",
        "    'core:*': {}",
        "    '*': { allowprivate: false }",
      ].join('\n'),
    );
    assert.deepEqual(
      config.acl.rules.map((r) => r.command),
      ['st2:core.*', 'st2:*', 'core:*', '*'],
    );
  });

  test('integer-like keys keep their place too (JS objects would move them first)', () => {
    const config = fromYaml(
      ['acl:', '  rules:', '    zeta: {}', '    10: {}', '    alpha: {}', '    2: {}'].join('\n'),
    );
    assert.deepEqual(
      config.acl.rules.map((r) => r.command),
      ['zeta', '10', 'alpha', '2'],
    );
  });

  test('single strings become lists', () => {
    const config = parse({
      acl: {
        rules: { 'st2:*': { allowusers: 'alice', denyrooms: ['#a', '#b'] } },
        defaults: { allowargs: '*' },
      },
    });
    assert.deepEqual(config.acl.rules, [
      { command: 'st2:*', rule: { allowusers: ['alice'], denyrooms: ['#a', '#b'] } },
    ]);
    assert.deepEqual(config.acl.defaults, { allowargs: ['*'] });
  });

  test('every rule key is accepted', () => {
    const rule = {
      allowusers: ['a'],
      denyusers: ['b'],
      allowrooms: ['#c'],
      denyrooms: ['#d'],
      allowprivate: false,
      allowmuc: true,
      allowargs: ['x*'],
      denyargs: ['*y'],
    };
    const config = parse({ acl: { rules: { 'st2:*': rule }, defaults: rule } });
    assert.deepEqual(config.acl.rules[0]?.rule, rule);
    assert.deepEqual(config.acl.defaults, rule);
  });

  test('a rule with nothing after it allows everything', () => {
    const config = fromYaml(['acl:', '  rules:', "    'core:*':"].join('\n'));
    assert.deepEqual(config.acl.rules, [{ command: 'core:*', rule: {} }]);
  });

  test('hide_denials and admins reach the policy', () => {
    const config = parse({ bot: { admins: ['U1'] }, acl: { hide_denials: true } });
    assert.equal(config.acl.hideDenials, true);
    assert.deepEqual(config.acl.admins, ['U1']);
  });

  test('the policy works with the ACL engine: the first matching rule wins', () => {
    const config = fromYaml(
      [
        'acl:',
        '  rules:',
        "    'st2:examples.*': { allowusers: [alice] }",
        "    'st2:*': { allowusers: [bob] }",
      ].join('\n'),
    );
    const ask = (command: string, user: string) =>
      decide(config.acl, { command, args: '', user, room: '#ops' }).allowed;
    assert.deepEqual(
      [
        ask('st2:examples.greet', 'alice'),
        ask('st2:examples.greet', 'bob'),
        ask('st2:other.x', 'bob'),
      ],
      [true, false, true],
    );
  });

  test('err-stackstorm: numeric user ids written without quotes (Telegram, Discord) are accepted', () => {
    const config = fromYaml(
      [
        'bot:',
        '  admins: [123456789]',
        'acl:',
        '  rules:',
        "    'st2:*':",
        '      allowusers:',
        '        - 123456789',
        '        - 987654321098765432',
        "        - '555'",
        '      denyrooms: -1001234567890',
      ].join('\n'),
    );
    const rule = config.acl.rules[0]?.rule ?? assert.fail('a rule');
    assert.deepEqual(rule.allowusers, ['123456789', '987654321098765432', '555']);
    assert.deepEqual(rule.denyrooms, ['-1001234567890']);
    assert.deepEqual(config.bot.admins, ['123456789']);
    const ask = (user: string) =>
      decide(config.acl, { command: 'st2:st2', args: '', user, room: '#ops' }).allowed;
    assert.deepEqual(
      [ask('123456789'), ask('987654321098765432'), ask('987654321098765430'), ask('42')],
      [true, true, false, false],
    );
  });

  test('a number that is not an id is still refused', () => {
    assert.throws(
      () => fromYaml(['acl:', '  rules:', "    'st2:*': { allowusers: [1.5] }"].join('\n')),
      /acl\.rules\.st2:\*\.allowusers\.0: /,
    );
  });
});

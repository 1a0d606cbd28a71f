import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  confirmationMode,
  type AliasConfirmationRule,
  type ConfirmationMode,
} from '../../src/chatops/confirmation-policy.js';

const alias = (ref: string, twofactor?: unknown) => {
  const [pack = '', name = ''] = ref.split('.');
  return { pack, name, extra: twofactor === undefined ? {} : { security: { twofactor } } };
};
const mode = (
  ref: string,
  twofactor: unknown,
  aliases: AliasConfirmationRule[] = [],
  twofactorMode: ConfirmationMode = 'confirm',
) => confirmationMode(alias(ref, twofactor), { aliases, twofactorMode });

test('an alias without the flag, not configured, runs at once', () => {
  assert.equal(mode('ops.status', undefined), undefined);
  assert.equal(
    confirmationMode({ pack: 'ops', name: 'x' }, { aliases: [], twofactorMode: 'confirm' }),
    undefined,
  );
});

test("hubot's flag: any true value holds the alias in the default mode; false does not", () => {
  for (const flag of [true, 1, 'yes', { duo: true }]) {
    assert.equal(mode('ops.reboot', flag, [], 'action'), 'action', JSON.stringify(flag));
  }
  for (const flag of [false, 0, '', null]) {
    assert.equal(mode('ops.reboot', flag), undefined, JSON.stringify(flag));
  }
});

test('a flag naming a mode picks it', () => {
  assert.equal(mode('ops.reboot', 'approve'), 'approve');
  assert.equal(mode('ops.reboot', ' Action '), 'action');
  assert.equal(mode('ops.reboot', 'confirm', [], 'action'), 'confirm');
});

test('the configuration wins: the exact ref first, then globs in the order written', () => {
  const rules: AliasConfirmationRule[] = [
    { pattern: 'ops.*', mode: 'approve' },
    { pattern: 'ops.re*', mode: 'action' },
    { pattern: 'ops.reboot', mode: 'confirm' },
    { pattern: 'ops.safe', mode: 'none' },
  ];
  assert.equal(mode('ops.reboot', undefined, rules), 'confirm');
  assert.equal(mode('ops.restart', undefined, rules), 'approve');
  assert.equal(mode('ops.safe', 'approve', rules), undefined, 'none exempts a flagged alias');
  assert.equal(mode('db.drop', undefined, rules), undefined);
  assert.equal(mode('OPS.reboot', undefined, rules), undefined, 'refs are case-sensitive');
});

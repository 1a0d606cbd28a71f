import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AuditLog,
  REDACTED,
  redactParameters,
  secretByName,
  type AuditedCommand,
} from '../../src/chatops/audit.js';
import type { Execution } from '../../src/stackstorm/model.js';
import { capturingLogger } from '../support/logs.js';

const command = (parameters: Record<string, unknown>[]): AuditedCommand => ({
  alias: { pack: 'ops', name: 'login' },
  parameters,
  author: { backend: 'test', id: 'U1', name: 'alice', aclKey: 'alice' },
  backend: 'test',
  channel: '#ops',
});

test('secret parameter names', () => {
  for (const name of [
    'password',
    'db_password',
    'sudo_password',
    'passphrase',
    'api_key',
    'apiKey',
    'sshKey',
    'private_key',
    'key',
    'token',
    'authToken',
    'client_secret',
    'pass',
    'credentials',
  ]) {
    assert.equal(secretByName(name), true, name);
  }
  for (const name of ['hosts', 'monkey', 'keyboard_layout', 'compass', 'message', 'user']) {
    assert.equal(secretByName(name), false, name);
  }
});

test('redactParameters: by name and by the names given', () => {
  assert.deepEqual(
    redactParameters({ host: 'web1', password: 'x', pin: '1234' }, new Set(['pin'])),
    {
      host: 'web1',
      password: REDACTED,
      pin: REDACTED,
    },
  );
});

test('one line per decision: who, where, alias, parameters, executions; declared secrets redacted', () => {
  const logs = capturingLogger();
  const audit = new AuditLog(logs.logger);
  const execution: Execution = {
    id: 'e1',
    status: 'requested',
    action: {
      ref: 'ops.login',
      runner_type: 'remote-shell-cmd',
      parameters: { pin: { type: 'string', secret: true } },
    },
  };
  audit.record(command([{ host: 'web1', pin: '1234', private_key: 'k' }]), 'ran', {
    executions: [execution],
  });
  assert.equal(logs.lines.length, 1);
  const line = logs.lines[0] ?? {};
  assert.equal(line.msg, 'audit');
  assert.equal(line.decision, 'ran');
  assert.equal(line.user, 'alice');
  assert.equal(line.userName, 'alice');
  assert.equal(line.backend, 'test');
  assert.equal(line.channel, '#ops');
  assert.equal(line.alias, 'ops.login');
  assert.deepEqual(line.parameters, { host: 'web1', pin: REDACTED, private_key: REDACTED });
  assert.deepEqual(line.executions, ['e1']);
  assert.ok(!logs.text().includes('1234'), 'the secret is not logged');
});

test('several executions: one parameter map each; a failure is audited with those started', async () => {
  const logs = capturingLogger();
  const audit = new AuditLog(logs.logger);
  const cmd = command([{ issue: 'AB-1' }, { issue: 'CD-2' }]);
  await assert.rejects(
    audit.run(cmd, 'ran', (started) => {
      started.push({ id: 'e1', status: 'requested' });
      return Promise.reject(new Error('st2 refused the second'));
    }),
    /st2 refused the second/,
  );
  const line = logs.lines[0] ?? {};
  assert.equal(line.decision, 'failed');
  assert.deepEqual(line.parameters, [{ issue: 'AB-1' }, { issue: 'CD-2' }]);
  assert.deepEqual(line.executions, ['e1']);
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { routeVerdict } from '../../src/app/check.js';
import { parseConfig } from '../../src/config/index.js';
import type { St2Rule } from '../../src/stackstorm/index.js';

const rule = (ref: string, route: string, enabled = true) =>
  ({
    ref,
    enabled,
    trigger: { type: 'core.st2.generic.notifytrigger' },
    criteria: { 'trigger.route': { type: 'equals', pattern: route } },
  }) as unknown as St2Rule;

const config = (stackstorm: Record<string, unknown>) =>
  parseConfig(
    {
      stackstorm: {
        api_url: 'https://st2.example.com/api/v1',
        api_auth: { apikey: 'k' },
        ...stackstorm,
      },
    },
    {},
  );

describe('route verdict', () => {
  test('stormbot route with the contrib rule is fine', () => {
    assert.equal(routeVerdict([rule('stormbot.notify', 'stormbot')], config({})).ok, true);
  });
  test('no rule for the route: fail, naming the fix', () => {
    const v = routeVerdict([rule('chatops.notify', 'hubot')], config({}));
    assert.equal(v.ok, false);
    assert.match(v.fix ?? '', /contrib\/stackstorm\/stormbot/);
  });
  test('a disabled rule does not count', () => {
    assert.equal(routeVerdict([rule('stormbot.notify', 'stormbot', false)], config({})).ok, false);
  });
  test('route hubot announces on chatops: stormbot must listen to chatops', () => {
    const rules = [rule('chatops.notify', 'hubot')];
    const wrong = routeVerdict(rules, config({ route_key: 'hubot' }));
    assert.equal(wrong.ok, false);
    assert.match(wrong.fix ?? '', /add "chatops" to stackstorm.routes/);
    assert.equal(routeVerdict(rules, config({ route_key: 'hubot', routes: ['chatops'] })).ok, true);
  });
});

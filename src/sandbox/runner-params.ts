/**
 * The sandbox's parameter schema of an action: st2's runner parameters (in the model) under the
 * action's own, plus the sandbox's control parameter.
 */
import { RUNNER_PARAMETERS, type ActionParameter } from '../stackstorm/model.js';
import type { ActionRecord } from './types.js';

/**
 * The sandbox's own control parameter: `fail=true` makes any execution fail. st2 would refuse
 * it as an unknown parameter; the sandbox accepts it on every action.
 */
export const SANDBOX_PARAMETERS: Readonly<Record<string, ActionParameter>> = {
  fail: { type: 'boolean' },
};

/** The full parameter schema of an action: runner parameters overridden by the action's. */
export function parameterSchema(action: ActionRecord): Record<string, ActionParameter> {
  const out: Record<string, ActionParameter> = {};
  for (const [name, spec] of Object.entries(RUNNER_PARAMETERS[action.runner_type] ?? {})) {
    out[name] = { ...spec };
  }
  for (const [name, spec] of Object.entries(action.parameters))
    out[name] = { ...out[name], ...spec };
  return out;
}

/**
 * What `POST /aliasexecution` does once the body is valid (docs/reference/st2-api.md §4.1, steps 1–10):
 * find the alias by name, check it, parse the command with the format, add the immutable
 * parameters, check and cast the action's parameters, schedule the execution(s) with the
 * notify hook, and render the ack.
 */
import { formatStrings } from './alias-engine.js';
import type { Requester } from './auth.js';
import type { SandboxContext } from './context.js';
import { INTERNAL_SERVER_ERROR, St2HttpError, badRequest, notFound } from './errors.js';
import type { ExecutionViewOptions } from './executions.js';
import { JinjaUndefinedError, renderStrict, renderValues } from './jinja.js';
import { castParameters, validateParameters } from './params.js';
import { pyRepr } from '../stackstorm/model.js';
import type { AliasRecord } from './types.js';

/** The fields of an alias execution request. */
export interface AliasExecutionInput {
  name?: string | undefined;
  format: string;
  command: string;
  user?: string | undefined;
  source_channel?: string | undefined;
  source_context?: unknown;
  notification_route?: string | undefined;
  notification_channel?: string | undefined;
}

/** One element of the response: the execution, the alias, and the rendered ack. */
export type AliasExecutionResult = Record<string, unknown>;

/** Run an alias execution request; `multiple` parses every occurrence (match_and_execute). */
export function executeAlias(
  ctx: SandboxContext,
  requester: Requester,
  input: AliasExecutionInput,
  multiple: boolean,
  view: ExecutionViewOptions,
): AliasExecutionResult[] {
  const name = input.name;
  if (!name) throw badRequest('Alias execution "name" is required');
  const alias = ctx.registry.aliasByName(name);
  if (!alias) throw notFound(`Unable to find the ActionAliasDB instance. ${pyRepr({ name })}`);
  if (!alias.enabled) throw badRequest(`Action alias with name "${name}" is disabled.`);
  if (!formatStrings(alias).includes(input.format)) {
    throw badRequest(`Format string "${input.format}" is not available on the alias "${name}"`);
  }
  const parsed = ctx.aliases.parse(input.format, input.command, multiple);

  const context: Record<string, unknown> = {
    action_alias_ref: { id: alias.id, name: alias.name },
    api_user: input.user,
    user: requester.user,
    source_channel: input.source_channel,
  };
  const withImmutable = injectImmutable(ctx, alias, parsed, context);

  const action = ctx.registry.action(alias.action_ref);
  if (!action) throw notFound(`Action with ref "${alias.action_ref}" not found `);
  const prepared = withImmutable.map((params) => {
    const cast = castParameters(action, params);
    validateParameters(action, cast);
    return cast;
  });

  const route = input.notification_route || input.notification_channel;
  return prepared.map((parameters) => {
    const execution = ctx.engine.create({
      action,
      parameters,
      context,
      notify: route
        ? {
            route,
            data: {
              user: input.user,
              source_channel: input.source_channel,
              source_context: input.source_context,
            },
          }
        : undefined,
    });
    const result: AliasExecutionResult = {
      execution: ctx.engine.view(execution, view),
      actionalias: alias,
    };
    renderAck(ctx, alias, result);
    return result;
  });
}

function injectImmutable(
  ctx: SandboxContext,
  alias: AliasRecord,
  parsed: Record<string, string | null>[],
  actionContext: Record<string, unknown>,
): Record<string, unknown>[] {
  const immutable = alias.immutable_parameters;
  if (!immutable || Object.keys(immutable).length === 0) return parsed;
  let rendered: Record<string, unknown>;
  try {
    rendered = renderValues(immutable, { st2kv: { system: {}, user: {} }, ...actionContext });
  } catch (error) {
    ctx.logger.warn(
      { err: error, alias: alias.ref },
      'sandbox: immutable_parameters could not be rendered (st2 answers 500)',
    );
    throw new St2HttpError(500, INTERNAL_SERVER_ERROR);
  }
  return parsed.map((params) => {
    const overridden = Object.keys(immutable).filter((key) => key in params);
    if (overridden.length > 0) {
      throw badRequest(`Immutable arguments cannot be overriden: ${overridden.join(',')}`);
    }
    return { ...params, ...rendered };
  });
}

/** Add `message` / `extra` rendered from `ack.format` / `ack.extra` (strict undefined). */
function renderAck(ctx: SandboxContext, alias: AliasRecord, result: AliasExecutionResult): void {
  const ack = alias.ack;
  if (!ack || Object.keys(ack).length === 0) return;
  const context = { execution: result.execution, actionalias: result.actionalias };
  if (ack.format !== undefined) {
    try {
      result.message = renderStrict(ack.format, context);
    } catch (error) {
      if (!(error instanceof JinjaUndefinedError)) {
        throw templateFailure(ctx, alias, 'ack.format', error);
      }
      result.message = `Cannot render "format" in field "ack" for alias. ${error.message}`;
    }
  }
  if (ack.extra !== undefined) {
    try {
      result.extra = renderValues(ack.extra, context);
    } catch (error) {
      if (!(error instanceof JinjaUndefinedError)) {
        throw templateFailure(ctx, alias, 'ack.extra', error);
      }
      result.extra = `Cannot render "extra" in field "ack" for alias. ${error.message}`;
    }
  }
}

/** st2 answers a bare 500 for a template that does not compile; log why for the pack author. */
function templateFailure(
  ctx: SandboxContext,
  alias: AliasRecord,
  field: string,
  error: unknown,
): St2HttpError {
  ctx.logger.warn(
    { err: error, alias: alias.ref },
    `sandbox: ${field} could not be rendered (st2 answers 500)`,
  );
  return new St2HttpError(500, INTERNAL_SERVER_ERROR);
}

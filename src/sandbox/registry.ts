/**
 * The sandbox's view of StackStorm's database: aliases (ordered like the API: pack, then
 * name) and actions, with ids that stay stable across updates.
 */
import type { Clock } from '../core/clock.js';
import { BUILTIN_ACTIONS, type ActionSpec } from './builtin-actions.js';
import { objectId } from './ids.js';
import type { ActionRecord, AliasInput, AliasRecord } from './types.js';

/** Fill in the computed fields of an alias. */
export function toAliasRecord(input: AliasInput, id: string): AliasRecord {
  const record: AliasRecord = {
    ...input,
    id,
    name: input.name,
    pack: input.pack,
    ref: `${input.pack}.${input.name}`,
    uid: `action_alias:${input.pack}:${input.name}`,
    enabled: input.enabled ?? true,
    action_ref: input.action_ref,
    formats: input.formats ?? [],
  };
  return dropNulls(record);
}

/** Fill in the computed fields of an action. */
export function toActionRecord(spec: ActionSpec, id: string): ActionRecord {
  return {
    ...spec,
    id,
    ref: `${spec.pack}.${spec.name}`,
    uid: `action:${spec.pack}:${spec.name}`,
    enabled: spec.enabled ?? true,
    parameters: spec.parameters ?? {},
  };
}

function dropNulls<T extends object>(obj: T): T {
  return Object.fromEntries(
    Object.entries(obj).filter(([, v]) => v !== null && v !== undefined),
  ) as T;
}

/** Aliases and actions, in memory. */
export class Registry {
  /** Aliases in insertion order (the order "the database returns" for lookups by name). */
  private readonly aliasMap = new Map<string, AliasRecord>();
  private readonly actionMap = new Map<string, ActionRecord>();
  private version = 0;

  constructor(private readonly clock: Clock) {
    for (const spec of BUILTIN_ACTIONS) this.putAction(spec);
  }

  /** Bumped on every alias change, so caches know when to rebuild. */
  get aliasVersion(): number {
    return this.version;
  }

  /** Every alias in API order: pack, then name. */
  aliases(): AliasRecord[] {
    return [...this.aliasMap.values()].sort((a, b) => cmp(a.pack, b.pack) || cmp(a.name, b.name));
  }

  /** The first alias (in insertion order) with this name, as st2's lookup by name does. */
  aliasByName(name: string): AliasRecord | undefined {
    for (const alias of this.aliasMap.values()) if (alias.name === name) return alias;
    return undefined;
  }

  /** An alias by ref (`pack.name`, contains a dot) or by id. */
  aliasByRefOrId(refOrId: string): AliasRecord | undefined {
    if (refOrId.includes('.')) {
      for (const alias of this.aliasMap.values()) if (alias.ref === refOrId) return alias;
      return undefined;
    }
    return this.aliasMap.get(refOrId);
  }

  /** An alias by id. */
  aliasById(id: string): AliasRecord | undefined {
    return this.aliasMap.get(id);
  }

  /** Add or replace (same ref keeps its id) an alias. Returns the stored record and whether it is new. */
  putAlias(input: AliasInput): { alias: AliasRecord; created: boolean } {
    const existing =
      (input.id !== undefined ? this.aliasMap.get(input.id) : undefined) ??
      this.aliasByRefOrId(`${input.pack}.${input.name}`);
    const id = existing?.id ?? input.id ?? objectId(this.clock.now());
    if (existing && existing.id !== id) this.aliasMap.delete(existing.id);
    const alias = toAliasRecord(input, id);
    this.aliasMap.set(id, alias);
    this.version++;
    return { alias, created: existing === undefined };
  }

  /** Remove an alias by ref or id; returns it as it was. */
  deleteAlias(refOrId: string): AliasRecord | undefined {
    const alias = this.aliasByRefOrId(refOrId);
    if (!alias) return undefined;
    this.aliasMap.delete(alias.id);
    this.version++;
    return alias;
  }

  /** Add or replace an action by ref. */
  putAction(spec: ActionSpec): ActionRecord {
    const ref = `${spec.pack}.${spec.name}`;
    const id = this.actionMap.get(ref)?.id ?? objectId(this.clock.now());
    const action = toActionRecord(spec, id);
    this.actionMap.set(ref, action);
    return action;
  }

  /** An action by ref. */
  action(ref: string): ActionRecord | undefined {
    return this.actionMap.get(ref);
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Watching a packs directory: alias and action files that change are reloaded, and the
 * differences are applied to the registry with `st2.actionalias__create|update|delete`
 * events, as st2 publishes them when aliases are registered again.
 */
import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from '../log.js';
import { loadSandboxPacks, type LoadedSandboxPacks } from './packs.js';
import { toAliasRecord, type Registry } from './registry.js';
import type { AliasRecord } from './types.js';

/** Apply freshly loaded packs: returns the alias events to publish, in order. */
export function syncPacks(
  registry: Registry,
  loaded: LoadedSandboxPacks,
  fileRefs: Set<string>,
): { event: 'create' | 'update' | 'delete'; alias: AliasRecord }[] {
  const events: { event: 'create' | 'update' | 'delete'; alias: AliasRecord }[] = [];
  for (const action of loaded.actions) registry.putAction(action);
  const seen = new Set<string>();
  for (const input of loaded.aliases) {
    const ref = `${input.pack}.${input.name}`;
    seen.add(ref);
    const existing = registry.aliasByRefOrId(ref);
    if (existing && canonical(toAliasRecord(input, existing.id)) === canonical(existing)) continue;
    const { alias, created } = registry.putAlias({
      ...input,
      ...(existing ? { id: existing.id } : {}),
    });
    events.push({ event: created ? 'create' : 'update', alias });
  }
  for (const ref of fileRefs) {
    if (seen.has(ref)) continue;
    const removed = registry.deleteAlias(ref);
    if (removed) events.push({ event: 'delete', alias: removed });
  }
  fileRefs.clear();
  for (const ref of seen) fileRefs.add(ref);
  return events;
}

/** JSON with sorted keys, for comparing aliases. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** A running watcher. */
export interface PackWatcher {
  close(): void;
}

/**
 * Watch `packsDir` (recursively) and call `onReload` with the reloaded packs after changes
 * settle for `debounceMs`.
 */
export function watchPacks(
  packsDir: string,
  logger: Logger,
  onReload: (loaded: LoadedSandboxPacks) => void,
  debounceMs = 150,
): PackWatcher {
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  const reload = (): void => {
    loadSandboxPacks(packsDir, logger).then(onReload, (error: unknown) => {
      logger.warn({ err: error }, 'sandbox: reloading packs failed');
    });
  };
  try {
    watcher = watch(packsDir, { recursive: true }, (_event, file) => {
      if (file && !/\.ya?ml$/.test(file)) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(reload, debounceMs);
      timer.unref();
    });
    watcher.on('error', (error) => {
      logger.warn({ err: error }, 'sandbox: pack watcher error');
    });
  } catch (error) {
    logger.warn({ err: error, packsDir }, 'sandbox: cannot watch the packs directory');
  }
  return {
    close: () => {
      if (timer) clearTimeout(timer);
      watcher?.close();
    },
  };
}

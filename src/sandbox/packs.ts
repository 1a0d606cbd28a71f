/**
 * Loading packs from disk into the registry: aliases and action metadata through the alias
 * engine's loader, and `pack.yaml` for `pack_info`-like actions.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadPackAliases, packDirs } from '../aliases/index.js';
import type { Logger } from '../log.js';
import { loadChain, type ChainDefinition } from './action-chain.js';
import type { ActionSpec } from './builtin-actions.js';
import type { AliasInput } from './types.js';

/** What was read from a packs directory. */
export interface LoadedSandboxPacks {
  aliases: AliasInput[];
  actions: ActionSpec[];
  /** `pack.yaml` contents (plus alias/action counts) by pack name. */
  packs: Map<string, Record<string, unknown>>;
  /** The chains of `action-chain` actions, by action ref. */
  chains: Map<string, ChainDefinition>;
}

/** Read every pack under `packsDir`; problems are logged and skipped. */
export async function loadSandboxPacks(
  packsDir: string,
  logger: Logger,
): Promise<LoadedSandboxPacks> {
  const loaded = await loadPackAliases(packsDir);
  for (const problem of loaded.problems) {
    logger.warn({ file: problem.file }, `sandbox: skipped pack file: ${problem.message}`);
  }
  const aliases: AliasInput[] = loaded.aliases.map((a) => ({ ...a }));
  const actions: ActionSpec[] = loaded.actions.map((a) => {
    const { ref: _ref, ...rest } = a;
    return { ...rest, runner_type: a.runner_type ?? 'python-script' };
  });
  const packs = new Map<string, Record<string, unknown>>();
  const chains = new Map<string, ChainDefinition>();
  for (const { dir, folder } of await packDirs(packsDir)) {
    let meta: Record<string, unknown> = { name: folder };
    try {
      const parsed: unknown = parseYaml(await readFile(join(dir, 'pack.yaml'), 'utf8'));
      if (typeof parsed === 'object' && parsed !== null)
        meta = { ...(parsed as Record<string, unknown>) };
    } catch {
      // A pack without pack.yaml is still a pack (named after its folder).
    }
    const name =
      typeof meta.ref === 'string' && meta.ref !== ''
        ? meta.ref
        : typeof meta.name === 'string'
          ? meta.name
          : folder;
    packs.set(name, { ...meta, ref: name });
    for (const action of actions) {
      if (action.pack !== name || action.runner_type !== 'action-chain') continue;
      if (typeof action.entry_point !== 'string') continue;
      try {
        chains.set(`${name}.${action.name}`, await loadChain(dir, action.entry_point));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        logger.warn({ action: `${name}.${action.name}` }, `sandbox: unusable chain: ${reason}`);
      }
    }
  }
  for (const [name, meta] of packs) {
    meta.aliases = aliases.filter((a) => a.pack === name).length;
    meta.actions = actions.filter((a) => a.pack === name).length;
  }
  return { aliases, actions, packs, chains };
}

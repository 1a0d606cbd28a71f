/**
 * Reads action aliases and action metadata from StackStorm pack folders, the way st2's
 * registrar finds them: `<packs>/<pack>/aliases/*.yaml` and `<packs>/<pack>/actions/*.yaml`.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Action, ActionAlias } from '../stackstorm/model.js';

/** What {@link loadPackAliases} found. */
export interface LoadedPacks {
  /** Aliases sorted by pack then name (st2's API order), with `ref` and `uid` set. */
  aliases: ActionAlias[];
  actions: Action[];
  /** Files that could not be read or are not valid; they are skipped. */
  problems: { file: string; message: string }[];
  /** The file each alias came from, by `pack.name`. */
  files: Map<string, string>;
}

const formatSchema = z.union([
  z.string(),
  z.looseObject({
    display: z.string().nullish(),
    representation: z.union([z.string(), z.array(z.string())]).nullish(),
    match_multiple: z.boolean().nullish(),
  }),
]);

const record = z.record(z.string(), z.unknown());

const aliasSchema = z.looseObject({
  name: z.string().min(1),
  pack: z.string().min(1).optional(),
  description: z.string().nullish(),
  enabled: z.boolean().optional(),
  action_ref: z.string().min(1),
  formats: z.array(formatSchema).default([]),
  ack: record.optional(),
  result: record.optional(),
  extra: record.optional(),
  immutable_parameters: record.optional(),
});

const actionSchema = z.looseObject({
  name: z.string().min(1),
  pack: z.string().min(1).optional(),
  description: z.string().nullish(),
  runner_type: z.string().optional(),
  parameters: z.record(z.string(), z.looseObject({})).nullish(),
});

const YAML_FILE = /\.ya?ml$/i;

function firstLine(e: unknown): string {
  return ((e as Error).message.split('\n')[0] ?? '').trim();
}

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function fileExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function yamlFiles(dir: string): Promise<string[]> {
  if (!(await isDir(dir))) return [];
  return (await readdir(dir)).filter((f) => YAML_FILE.test(f)).sort();
}

function issueText(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

async function readYaml(file: string): Promise<unknown> {
  return parseYaml(await readFile(file, 'utf8'), { uniqueKeys: false }) as unknown;
}

/** The pack's name: pack.yaml `ref`, else its `name`, else the folder name. */
async function packName(
  dir: string,
  folder: string,
  problems: LoadedPacks['problems'],
): Promise<string> {
  const file = join(dir, 'pack.yaml');
  try {
    const meta = await readYaml(file);
    if (meta && typeof meta === 'object') {
      const m = meta as Record<string, unknown>;
      if (typeof m.ref === 'string' && m.ref !== '') return m.ref;
      if (typeof m.name === 'string' && m.name !== '') return m.name;
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      problems.push({ file, message: `cannot read pack metadata: ${firstLine(e)}` });
    }
  }
  return folder;
}

/** Whether `dir` looks like a pack: a `pack.yaml`, or an `aliases/` or `actions/` folder. */
async function isPack(dir: string): Promise<boolean> {
  return (
    (await fileExists(join(dir, 'pack.yaml'))) ||
    (await isDir(join(dir, 'aliases'))) ||
    (await isDir(join(dir, 'actions')))
  );
}

/**
 * The pack folders under `packsDir`, or `packsDir` itself when it is one pack. Its `aliases/`
 * or `actions/` folder is a pack *named* so (a folder of packs) when it looks like a pack.
 */
export async function packDirs(packsDir: string): Promise<{ dir: string; folder: string }[]> {
  if (!(await isDir(packsDir))) throw new Error(`packs directory not found: ${packsDir}`);
  let self = await fileExists(join(packsDir, 'pack.yaml'));
  for (const sub of ['aliases', 'actions']) {
    const dir = join(packsDir, sub);
    if (!self && (await isDir(dir)) && !(await isPack(dir))) self = true;
  }
  if (self) {
    const folder =
      packsDir
        .replace(/[\\/]+$/, '')
        .split(/[\\/]/)
        .pop() ?? packsDir;
    return [{ dir: packsDir, folder }];
  }
  const out: { dir: string; folder: string }[] = [];
  for (const folder of (await readdir(packsDir)).sort()) {
    if (folder.startsWith('.')) continue;
    const dir = join(packsDir, folder);
    if (await isDir(dir)) out.push({ dir, folder });
  }
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Read a YAML file and validate it; on failure record why in `problems` and return undefined.
 */
async function readValidated<T>(
  file: string,
  schema: {
    safeParse(raw: unknown): { success: true; data: T } | { success: false; error: z.ZodError };
  },
  kind: string,
  problems: LoadedPacks['problems'],
): Promise<T | undefined> {
  let raw: unknown;
  try {
    raw = await readYaml(file);
  } catch (e) {
    problems.push({ file, message: `invalid YAML: ${firstLine(e)}` });
    return undefined;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    problems.push({ file, message: `invalid ${kind}: ${issueText(parsed.error)}` });
    return undefined;
  }
  return parsed.data;
}

/**
 * Read every pack's aliases and actions (`actions: false`: aliases only, much faster on big
 * packs). Invalid files are reported in `problems` and skipped; an alias whose `pack` field
 * differs from its pack is refused, as st2's registrar does. Throws only when `packsDir` is not
 * a directory.
 */
export async function loadPackAliases(
  packsDir: string,
  options: { actions?: boolean } = {},
): Promise<LoadedPacks> {
  const problems: LoadedPacks['problems'] = [];
  const aliases = new Map<string, ActionAlias>();
  const files = new Map<string, string>();
  const actions: Action[] = [];
  for (const { dir, folder } of await packDirs(packsDir)) {
    const pack = await packName(dir, folder, problems);
    for (const name of await yamlFiles(join(dir, 'aliases'))) {
      const file = join(dir, 'aliases', name);
      const a = await readValidated(file, aliasSchema, 'alias', problems);
      if (a === undefined) continue;
      if (a.pack !== undefined && a.pack !== pack) {
        problems.push({
          file,
          message: `alias is in pack "${pack}" but its "pack" field says "${a.pack}"`,
        });
        continue;
      }
      const ref = `${pack}.${a.name}`;
      if (files.has(ref)) {
        problems.push({
          file,
          message: `alias ${ref} is also defined in ${files.get(ref) ?? ''}; this file wins`,
        });
      }
      const { description, ...rest } = a;
      const alias: ActionAlias = {
        ...rest,
        ...(description != null ? { description } : {}),
        pack,
        ref,
        uid: `action_alias:${pack}:${a.name}`,
        enabled: a.enabled ?? true,
        metadata_file: `aliases/${name}`,
      };
      aliases.set(ref, alias);
      files.set(ref, file);
    }
    if (options.actions === false) continue;
    for (const name of await yamlFiles(join(dir, 'actions'))) {
      const file = join(dir, 'actions', name);
      const action = await readValidated(file, actionSchema, 'action', problems);
      if (action === undefined) continue;
      const { description, parameters, ...rest } = action;
      actions.push({
        ...rest,
        ...(description != null ? { description } : {}),
        ...(parameters != null ? { parameters } : {}),
        pack,
        ref: `${pack}.${action.name}`,
        metadata_file: `actions/${name}`,
      });
    }
  }
  const sorted = [...aliases.values()].sort(
    (x, y) => compare(x.pack, y.pack) || compare(x.name, y.name),
  );
  return {
    aliases: sorted,
    actions: actions.sort((x, y) => compare(x.ref, y.ref)),
    problems,
    files,
  };
}

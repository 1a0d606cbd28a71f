/**
 * The alias benchmark's workload: generated packs shaped like real ones (2-3 formats per alias,
 * shared leading words such as `st2`, `deploy`, `pack`) and commands for them (mostly matching,
 * with quoted values, trailing `key=value` pairs, typos and ambiguous ones).
 */
import type { ActionAlias, AliasFormat } from '../src/stackstorm/model.js';

/** A small seeded generator (mulberry32): the same workload on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LEADS = [
  'st2',
  'deploy',
  'pack',
  'k8s',
  'aws',
  'jira',
  'git',
  'show',
  'list',
  'run',
  'restart',
  'status',
  'db',
  'dns',
  'vm',
  'ci',
  'incident',
  'oncall',
  'user',
  'ticket',
];
const NOUNS = [
  'service',
  'cluster',
  'node',
  'pod',
  'bucket',
  'queue',
  'topic',
  'release',
  'build',
  'job',
  'pipeline',
  'branch',
  'tag',
  'image',
  'volume',
  'snapshot',
  'backup',
  'record',
  'zone',
  'instance',
  'host',
  'group',
  'policy',
  'role',
  'secret',
  'config',
  'key',
  'alert',
  'check',
  'metric',
  'dashboard',
  'sensor',
  'rule',
  'trigger',
  'action',
  'execution',
  'workflow',
  'webhook',
  'channel',
  'team',
  'project',
  'issue',
  'sprint',
  'board',
  'repo',
  'app',
  'env',
  'region',
  'account',
  'quota',
];
const VERBS = [
  'get',
  'list',
  'create',
  'delete',
  'update',
  'describe',
  'start',
  'stop',
  'restart',
  'scale',
  'rollback',
  'promote',
  'sync',
  'enable',
  'disable',
  'approve',
  'close',
  'assign',
  'tail',
  'watch',
];
const VALUES = [
  'web',
  'api',
  'db-1',
  'prod',
  'staging',
  'us-east-1',
  'v1.2.3',
  'nginx',
  '"two words"',
  "'quoted value'",
  'http://example.com/x',
  '42',
  'alpha,beta',
];

/** Generate `count` aliases with 2-3 formats each, sharing leading words. */
export function generateAliases(count: number, seed = 1): ActionAlias[] {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const used = new Set<string>();
  const aliases: ActionAlias[] = [];
  while (aliases.length < count) {
    const lead = pick(LEADS);
    const noun = `${pick(NOUNS)}${rand() < 0.5 ? '' : String(Math.floor(rand() * 40))}`;
    const verb = pick(VERBS);
    const key = `${lead} ${noun} ${verb}`;
    if (used.has(key)) continue;
    used.add(key);
    const n = aliases.length;
    const formats: AliasFormat[] = [`${key} {{name}}`];
    formats.push(`${lead} ${verb} ${noun} {{name}} in {{env=prod}}`);
    if (rand() < 0.5) {
      formats.push({
        display: `${noun} ${verb} <name>`,
        representation: [`${noun} ${verb} {{name}}`],
      });
    }
    aliases.push({
      name: `${noun}_${verb}_${n}`,
      pack: lead,
      action_ref: `${lead}.${noun}_${verb}`,
      description: `${verb} a ${noun}`,
      formats,
    });
  }
  return aliases;
}

/** Commands for the aliases: mostly matching ones (with values, quotes, extras), some misses. */
export function generateCommands(
  aliases: readonly ActionAlias[],
  count: number,
  seed = 2,
): string[] {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const out: string[] = [];
  while (out.length < count) {
    const alias = pick(aliases);
    const f = pick(alias.formats);
    let text =
      typeof f === 'string'
        ? f
        : ((Array.isArray(f.representation) ? f.representation[0] : f.representation) ?? '');
    text = text.replace(/{{\s*(\w+)\s*(=[^}]*)?}}/g, () => pick(VALUES));
    if (rand() < 0.1) text += ` timeout=${Math.floor(rand() * 100)}`;
    if (rand() < 0.1) text = text.replace(/^(\w)(\w)/, '$2$1');
    out.push(text);
  }
  return out;
}

/**
 * Alias engine benchmark: build time, match latency (p50/p99), throughput and memory of the
 * index, against the same work done by a full linear scan, for generated realistic packs.
 */
import { performance } from 'node:perf_hooks';
import {
  AliasIndex,
  createLinearMatcher,
  type ActionAlias,
  type AliasFormat,
  type AliasMatch,
} from '../src/aliases/index.js';

/** Figures for one alias-set size. */
export interface AliasBenchResult {
  aliases: number;
  formats: number;
  commands: number;
  buildMs: number;
  heapDeltaMb: number;
  index: { p50Us: number; p99Us: number; matchesPerSec: number };
  linear: { commands: number; p50Us: number; p99Us: number; matchesPerSec: number };
  speedup: number;
  outcomes: Record<AliasMatch['kind'], number>;
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LEADS = ['st2', 'deploy', 'pack', 'k8s', 'aws', 'jira', 'git', 'show', 'list', 'run',
  'restart', 'status', 'db', 'dns', 'vm', 'ci', 'incident', 'oncall', 'user', 'ticket'];
const NOUNS = ['service', 'cluster', 'node', 'pod', 'bucket', 'queue', 'topic', 'release',
  'build', 'job', 'pipeline', 'branch', 'tag', 'image', 'volume', 'snapshot', 'backup',
  'record', 'zone', 'instance', 'host', 'group', 'policy', 'role', 'secret', 'config', 'key',
  'alert', 'check', 'metric', 'dashboard', 'sensor', 'rule', 'trigger', 'action', 'execution',
  'workflow', 'webhook', 'channel', 'team', 'project', 'issue', 'sprint', 'board', 'repo',
  'app', 'env', 'region', 'account', 'quota'];
const VERBS = ['get', 'list', 'create', 'delete', 'update', 'describe', 'start', 'stop',
  'restart', 'scale', 'rollback', 'promote', 'sync', 'enable', 'disable', 'approve', 'close',
  'assign', 'tail', 'watch'];
const VALUES = ['web', 'api', 'db-1', 'prod', 'staging', 'us-east-1', 'v1.2.3', 'nginx',
  '"two words"', "'quoted value'", 'http://example.com/x', '42', 'alpha,beta'];

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
    formats.push(`${key} {{name}} in {{env=prod}}`);
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
export function generateCommands(aliases: readonly ActionAlias[], count: number, seed = 2): string[] {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const out: string[] = [];
  while (out.length < count) {
    const alias = pick(aliases);
    const f = pick(alias.formats);
    let text = typeof f === 'string' ? f : (Array.isArray(f.representation) ? f.representation[0] : f.representation) ?? '';
    text = text.replace(/{{\s*(\w+)\s*(=[^}]*)?}}/g, () => pick(VALUES));
    if (rand() < 0.1) text += ` timeout=${Math.floor(rand() * 100)}`;
    if (rand() < 0.1) text = text.replace(/^(\w)(\w)/, '$2$1');
    out.push(text);
  }
  return out;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length));
  return sorted[i] ?? 0;
}

function timeEach(commands: readonly string[], fn: (c: string) => AliasMatch): {
  p50Us: number;
  p99Us: number;
  matchesPerSec: number;
  outcomes: Record<AliasMatch['kind'], number>;
} {
  const times: number[] = [];
  const outcomes: Record<AliasMatch['kind'], number> = { match: 0, no_match: 0, ambiguous: 0, disabled: 0 };
  const start = performance.now();
  for (const c of commands) {
    const t0 = performance.now();
    const r = fn(c);
    times.push((performance.now() - t0) * 1000);
    outcomes[r.kind]++;
  }
  const total = performance.now() - start;
  times.sort((a, b) => a - b);
  return {
    p50Us: percentile(times, 50),
    p99Us: percentile(times, 99),
    matchesPerSec: Math.round((commands.length / total) * 1000),
    outcomes,
  };
}

function heapUsed(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  return process.memoryUsage().heapUsed;
}

/** Run the benchmark for one alias count. */
export function benchAliases(count: number, commandCount = 20_000, linearCount = 300): AliasBenchResult {
  const aliases = generateAliases(count);
  const commands = generateCommands(aliases, commandCount);
  const heap0 = heapUsed();
  const t0 = performance.now();
  const index = new AliasIndex(aliases);
  const buildMs = performance.now() - t0;
  const heapDeltaMb = (heapUsed() - heap0) / 1024 / 1024;
  // Warm up, then measure.
  for (const c of commands.slice(0, 2000)) index.match(c);
  const idx = timeEach(commands, (c) => index.match(c));
  const linear = createLinearMatcher(aliases);
  const sample = commands.slice(0, linearCount);
  for (const c of sample.slice(0, 20)) linear(c);
  const lin = timeEach(sample, linear);
  const formats = aliases.reduce((n, a) => n + a.formats.length, 0);
  return {
    aliases: count,
    formats,
    commands: commands.length,
    buildMs: Math.round(buildMs),
    heapDeltaMb: Math.round(heapDeltaMb * 10) / 10,
    index: { p50Us: round(idx.p50Us), p99Us: round(idx.p99Us), matchesPerSec: idx.matchesPerSec },
    linear: { commands: sample.length, p50Us: round(lin.p50Us), p99Us: round(lin.p99Us), matchesPerSec: lin.matchesPerSec },
    speedup: Math.round(lin.p50Us / Math.max(idx.p50Us, 0.001)),
    outcomes: idx.outcomes,
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Run the alias benchmark at 1,000 and 10,000 aliases and print a table. */
export function runAliasBench(log: (line: string) => void = console.log): AliasBenchResult[] {
  const results = [1_000, 10_000].map((n) => benchAliases(n));
  log('alias engine');
  for (const r of results) {
    log(
      `  ${r.aliases} aliases (${r.formats} formats): build ${r.buildMs} ms, heap +${r.heapDeltaMb} MB`,
    );
    log(
      `    index : p50 ${r.index.p50Us} µs, p99 ${r.index.p99Us} µs, ${r.index.matchesPerSec} matches/s over ${r.commands} commands ${JSON.stringify(r.outcomes)}`,
    );
    log(
      `    linear: p50 ${r.linear.p50Us} µs, p99 ${r.linear.p99Us} µs, ${r.linear.matchesPerSec} matches/s over ${r.linear.commands} commands`,
    );
    log(`    speed-up (p50): ${r.speedup}x`);
  }
  return results;
}

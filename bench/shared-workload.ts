/**
 * The shared-word workloads of the alias benchmark: 200 packs, 16 verbs, formats that share
 * their words as real packs do (`st2 …`, `<pack> <verb> …`), and commands for them with 10 %
 * misses. `late` moves the distinguishing words after a placeholder or a group, or makes the
 * format case-insensitive.
 */
import type { ActionAlias, AliasFormat } from '../src/stackstorm/model.js';
import { rng } from './alias-workload.js';

const PACK_WORDS = [
  'aws',
  'azure',
  'gcp',
  'k8s',
  'docker',
  'jira',
  'github',
  'gitlab',
  'jenkins',
  'ansible',
  'puppet',
  'chef',
  'vault',
  'consul',
  'nomad',
  'datadog',
  'pagerduty',
  'opsgenie',
  'slack',
  'nginx',
];
const VERBS = [
  'get',
  'list',
  'create',
  'delete',
  'update',
  'start',
  'stop',
  'restart',
  'show',
  'run',
  'deploy',
  'scale',
  'enable',
  'disable',
  'sync',
  'status',
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
  'alert',
  'check',
  'metric',
  'dashboard',
  'sensor',
  'rule',
  'trigger',
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
  'ticket',
  'user',
  'key',
  'certificate',
];
const VALUES = [
  'web',
  'api',
  'db-1',
  'prod',
  'us-east-1',
  'v1.2.3',
  '"two words"',
  "'quoted'",
  '42',
];

/** Pack names: the words above, then numbered. */
function packName(i: number): string {
  const word = PACK_WORDS[i % PACK_WORDS.length] ?? 'pack';
  return i < PACK_WORDS.length ? word : `${word}${Math.floor(i / PACK_WORDS.length)}`;
}

/** Generated aliases, and for each the command templates of its formats (`{}` marks a value). */
export interface SharedWorkload {
  aliases: ActionAlias[];
  templates: string[][];
}

/**
 * `count` aliases over 200 packs and 16 verbs; every (verb, noun) pair is used once, so most
 * commands match one format. A third of the formats start with `st2` or the pack name.
 */
export function generateSharedAliases(count: number, late: boolean, seed = 3): SharedWorkload {
  const rand = rng(seed);
  const aliases: ActionAlias[] = [];
  const templates: string[][] = [];
  for (let i = 0; i < count; i++) {
    const pack = packName(i % 200);
    const verb = VERBS[i % VERBS.length] ?? 'get';
    const k = Math.floor(i / VERBS.length);
    const noun = `${NOUNS[k % NOUNS.length] ?? 'thing'}${k < NOUNS.length ? '' : Math.floor(k / NOUNS.length)}`;
    const other = VERBS[(i + 7) % VERBS.length] ?? 'list';
    const style = i % 3;
    const formats: AliasFormat[] = [];
    const tpl: string[] = [];
    const add = (format: AliasFormat, template: string): void => {
      formats.push(format);
      tpl.push(template);
    };
    if (!late) {
      if (style === 0) {
        const lead = i % 2 === 0 ? `st2 ${pack}` : pack;
        add(`${lead} ${verb} ${noun} {{name}}`, `${lead} ${verb} ${noun} {}`);
      } else add(`${verb} ${noun} {{name}}`, `${verb} ${noun} {}`);
      add(`${verb} ${noun} {{name}} on {{host}} in {{env=prod}}`, `${verb} ${noun} {} on {}`);
      if (rand() < 0.5) {
        add(
          { display: `${noun} ${verb} <name>`, representation: [`${noun} ${verb} {{name}}`] },
          `${noun} ${verb} {}`,
        );
      }
    } else {
      if (style === 0) {
        add(`{{target}} ${verb} ${noun}`, `{} ${verb} ${noun}`);
      } else if (style === 1) {
        add(`(${verb}|${other}) ${noun} {{name}}`, `${rand() < 0.5 ? verb : other} ${noun} {}`);
      } else {
        add(
          `(?i)^\\s*${pack} ${verb} ${noun} {{name}}`,
          `${pack.toUpperCase()} ${verb} ${noun} {}`,
        );
      }
      add(`st2 {{pack}} ${verb} ${noun} {{name}}`, `st2 ${pack} ${verb} ${noun} {}`);
      if (rand() < 0.5) {
        add(
          { display: `${verb} <name> ${noun}`, representation: [`${verb} {{name}} ${noun} now`] },
          `${verb} {} ${noun} now`,
        );
      }
    }
    aliases.push({
      name: `${noun}_${verb}_${i}`,
      pack,
      action_ref: `${pack}.${noun}_${verb}`,
      description: `${verb} a ${noun}`,
      formats,
    });
    templates.push(tpl);
  }
  return { aliases, templates };
}

/** Commands from the templates: values filled in, sometimes trailing pairs; 10 % misses. */
export function generateSharedCommands(w: SharedWorkload, count: number, seed = 4): string[] {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const out: string[] = [];
  while (out.length < count) {
    const i = Math.floor(rand() * w.aliases.length);
    let text = pick(w.templates[i] ?? ['']).replace(/{}/g, () => pick(VALUES));
    if (rand() < 0.1) text += ` timeout=${Math.floor(rand() * 100)}`;
    if (rand() < 0.1) {
      // A miss: the distinguishing word (the noun) misspelt, or a verb no pack has.
      const words = text.split(' ');
      const at = words.findIndex(
        (x) => /^[a-z]+\d*$/.test(x) && NOUNS.some((n) => x.startsWith(n)),
      );
      if (at >= 0 && rand() < 0.7) words[at] = `${words[at]}x`;
      else words.unshift('frobnicate');
      text = words.join(' ');
    }
    out.push(text);
  }
  return out;
}

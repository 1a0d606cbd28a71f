/**
 * The whole bot against the sandbox serving the team's fixture packs (`test/fixtures/packs`):
 * one command per alias ends with a posted message — the result, or the refusal StackStorm
 * itself gives — within a bounded wait; nothing is silent.
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadPackAliases } from '../../src/aliases/index.js';
import type { RecordedMessage } from '../../src/backends/test/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { bounded } from '../support/wait.js';

const packs = resolve(import.meta.dirname, '../fixtures/packs');

/** One command, the alias it is for, and the last message it must end with. */
interface Case {
  readonly alias: string;
  readonly command: string;
  /** The result (or StackStorm's refusal) the bot posts. */
  readonly outcome: RegExp;
  /** Where it is posted: the room the command was typed in (default), or a direct message. */
  readonly direct?: boolean;
}

const DEFAULT_RESULT = /completed\.\nstatus : succeeded\n/;

/** Why each refusal is StackStorm's own is said next to it. */
const CASES: readonly Case[] = [
  // vcs: optional `( type {{flavor}})?` groups not taken: st2 passes None and accepts it.
  // token_save: the action's `{{ action_context.api_user }}` default is the chat user.
  { alias: 'vcs.user_show', command: 'vcs user show octo', outcome: /^octo \(None\)\n$/ },
  {
    alias: 'vcs.tag_create',
    command: 'vcs tag create api type server note "first cut"',
    outcome: /^Tagged api at main: first cut\n$/,
  },
  { alias: 'vcs.tags_list', command: 'vcs tags list api', outcome: /^Tags of api\n$/ },
  {
    alias: 'vcs.tag_latest',
    command: 'vcs tag latest type cloud web',
    outcome: /^Latest tag of web/,
  },
  {
    alias: 'vcs.token_save',
    command: 'vcs token save key s3cr3t',
    outcome: /^Token saved by alice\.\n$/,
  },
  // cloud.vm_list declares no parameters, but its runner does: st2 refuses extras (its schema
  // has properties, so `additionalProperties: false`).
  { alias: 'cloud.vm_list', command: 'cloud vm list', outcome: /^All machines\.$/ },
  {
    alias: 'cloud.vm_list',
    command: 'cloud vm list region=eu-west-1',
    outcome:
      /refused cloud\.vm_list: Additional properties are not allowed \('region' was unexpected\)/,
  },
  {
    alias: 'cloud.vm_start',
    command: 'cloud vm start i-0a1,i-0b2',
    outcome: /^• i-0a1 - starting\n• i-0b2 - starting\n$/,
  },
  { alias: 'cloud.vm_stop', command: 'cloud vm stop i-0a1', outcome: /^• i-0a1 - stopping\n$/ },
  {
    alias: 'shell.remote_cmd',
    command: 'run date on web1,web2',
    outcome: /^Ran \*date\* on \*2\* hosts\.\n\nHost: \*web1\*\n {4}---> stdout: \w{3} \w{3}/,
  },
  {
    alias: 'shell.local_cmd',
    command: 'on the box run hostname',
    outcome: /^st2-sandbox\nexit 0$/,
  },
  // core.noop declares no parameters and neither does its runner: any extra is accepted.
  {
    alias: 'shell.poke',
    command: 'poke the ops room mood=happy',
    outcome: /^Poked the ops room\.$/,
  },
  {
    alias: 'shell.disk',
    command: 'disk usage of web1,web2',
    outcome: /^web1: \(sandbox\) simulated: df -hweb2: /,
  },
  // Two formats of one alias both match: st2 refuses the command as ambiguous.
  {
    alias: 'deployer.deployer_ship',
    command: 'deployer ship main on bot1',
    outcome: /matches more than one StackStorm command, and StackStorm refuses ambiguous commands/,
  },
  { alias: 'deployer.deployer_ship', command: 'deployer ship main', outcome: DEFAULT_RESULT },
  {
    alias: 'deployer.deployer_restart',
    command: 'deployer restart on bot2',
    outcome: /bot2 : \n {2}stdout : \(sandbox\) simulated: service bot restart/,
  },
  // "hosts" is the remote runner's required parameter, not the action's: st2 asks for it.
  {
    alias: 'deployer.deployer_restart',
    command: 'deployer restart',
    outcome: /refused deployer\.deployer_restart: 'hosts' is a required property/,
  },
  { alias: 'deployer.deployer_branch', command: 'deployer branch', outcome: DEFAULT_RESULT },
  {
    alias: 'netdev.node_add',
    command: 'add netdev node sw2 at 10.0.0.2 with private',
    outcome: /^Added sw2 \(10\.0\.0\.2\) on primary\ncommunity: private$/,
  },
  { alias: 'netdev.verbs', command: 'netdev verbs', outcome: /^Verbs: \{"verb_filter": null\}$/ },
  { alias: 'netdev.where', command: 'netdev where is sw1 at rack4', outcome: /^sw1 is at rack4$/ },
  {
    alias: 'netdev.consistency',
    command: 'netdev check consistency on core-router.example.com',
    outcome: /hostname : core-router\.example\.com/,
  },
  {
    alias: 'netdev.config_pull',
    command: 'netdev config-pull sw1',
    outcome: /config_type : running/,
  },
  {
    alias: 'netdev.discover',
    command: 'netdev discover name lab nodes 10.0.0.1,10.0.0.2 snmp public',
    outcome: /nodes : \['10\.0\.0\.1', '10\.0\.0\.2'\]\n {2}communities : \['public'\]/,
  },
  {
    alias: 'actions.list_actions',
    command: 'kit list actions pack core',
    outcome: /^Here is what I found:\n• pack - core\n• limit - 10\n$/,
  },
  {
    alias: 'actions.list_rules',
    command: 'kit list rules limit 3',
    outcome: /^Here is what I found:\n• pack\n• limit - 3\n$/,
  },
  { alias: 'actions.get_action', command: 'kit show action core.local', outcome: /^core\.local$/ },
  {
    alias: 'tickets.tickets.ack_ticket',
    command: 'ack ticket id P12 from me@example.com',
    outcome: /^Acknowledged P12\.$/,
  },
  {
    alias: 'tickets.tickets.open_tickets',
    command: 'open tickets',
    outcome: /^Open tickets in new; open\.$/,
  },
  {
    alias: 'tickets.tickets.file_ticket',
    command: 'file ticket "disk full" urgency=high',
    outcome: /^Filed: disk full \(high\)$/,
  },
  { alias: 'tickets.tickets.approve', command: 'approve CHG0001', outcome: /number : CHG0001/ },
  {
    alias: 'tickets.tickets.assign',
    command: 'assign ticket INC42 to alice',
    outcome: /^INC42 -> alice$/,
  },
  {
    alias: 'tickets.tickets.tickets_of',
    command: 'tickets assigned to bob',
    outcome: /name : bob/,
  },
  // match_multiple: one execution per match; the last result is the second one.
  {
    alias: 'tickets.closes',
    command: 'this closes DESK-1 and closes DESK-22',
    outcome: /^Closed DESK-22\.$/,
  },
  {
    alias: 'minion.minion.exec',
    command: 'minion-exec test.ping',
    outcome: /^Minions said\ntest\.ping on \*$/,
  },
  {
    alias: 'minion.minion.runner',
    command: 'minion jobs.list',
    outcome: /^Runner said\njobs\.list$/,
  },
  {
    alias: 'store.pack_fetch',
    command: 'store fetch st2,vcs',
    outcome: /^ {2}Fetched \*st2\*, \*vcs\* packs!\n$/,
  },
  { alias: 'store.pack_find', command: 'store find chat', outcome: /^query: chat$/ },
  { alias: 'store.pack_about', command: 'store about vcs', outcome: /^pack: vcs$/ },
  { alias: 'store.pack_top', command: 'store top 10', outcome: /^Top 10 \(a number: 11\)$/ },
  { alias: 'chat.note_me', command: 'note me buy milk', outcome: /^buy milk$/, direct: true },
  { alias: 'chat.shout', command: 'shout hello', outcome: /^HELLO\n\(said by st2admin\)$/ },
  // The optional `( notify {{notify}})?` not taken: st2 casts None as an array and fails.
  {
    alias: 'chat.pipeline',
    command: 'pipeline run build',
    outcome:
      /refused chat\.pipeline: Failed to cast value "None" \(type: NoneType\) for parameter "notify" of type "array": 'NoneType' object has no attribute 'split'/,
  },
  {
    alias: 'chat.pipeline',
    command: 'pipeline run build notify ops',
    outcome: /^Pipeline build: succeeded$/,
  },
  {
    alias: 'chat.release',
    command: 'release cut 1.2.0 quiet false',
    outcome: /^Release 1\.2\.0 succeeded$/,
  },
  // st2 matches no disabled alias; the bot says which one is switched off.
  {
    alias: 'chat.forget',
    command: 'forget everything',
    outcome: /^The StackStorm command chat\.forget is disabled\.$/,
  },
  // "[beta]" is a character class: "b enable …" is what matches it.
  { alias: 'chat.beta', command: 'b enable search', outcome: DEFAULT_RESULT },
  { alias: 'chat.snapshot', command: 'snapshot db.main', outcome: DEFAULT_RESULT },
];

describe('the bot on the fixture packs', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ sandbox: { packsDir: packs } });
  });
  after(async () => {
    await t.close();
  });

  test('the cases name every alias of the packs', async () => {
    const loaded = await loadPackAliases(packs);
    assert.deepEqual(loaded.problems, [], 'the packs load without problems');
    const covered = new Set(CASES.map((c) => c.alias));
    assert.deepEqual(
      loaded.aliases.map((a) => `${a.pack}.${a.name}`).filter((ref) => !covered.has(ref)),
      [],
      'aliases without a case',
    );
    assert.equal(loaded.aliases.length, 44, 'aliases in the fixture packs');
  });

  test('one command per alias: each ends with its result or StackStorm refusal', async () => {
    for (const [i, c] of CASES.entries()) {
      const room = `#fixture-${i}`;
      const from = t.backend.sent.length;
      await t.backend.say(`!st2 ${c.command}`, { room });
      const here = (m: RecordedMessage): boolean =>
        c.direct
          ? m.target.kind === 'direct' && m.target.user.id === 'alice'
          : m.target.kind === 'room' && m.target.room.id === room;
      await bounded(
        t.backend.waitFor((m) => here(m) && c.outcome.test(m.message.text), from),
        {
          what: `${c.alias}: "${c.command}" to post ${String(c.outcome)}`,
          seen: () => t.backend.sent.slice(from).map((m) => m.message.text),
        },
      );
      const notices = t.backend.sent
        .slice(from)
        .filter((m) => m.message.text.startsWith('stormbot could not post'));
      assert.deepEqual(notices, [], `${c.alias}: nothing left unposted`);
    }
  });
});

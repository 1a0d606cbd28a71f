import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AliasCatalog } from '../../src/chatops/catalog.js';
import type { ActionAlias } from '../../src/stackstorm/model.js';
import { flushMicrotasks, ManualClock } from '../support/clock.js';
import { capturingLogger } from '../support/logs.js';
import { bounded, stepUntil } from '../support/wait.js';

const REFRESH_MS = 60_000;

function alias(name: string, format: string, extra: Partial<ActionAlias> = {}): ActionAlias {
  return { name, pack: 'ops', action_ref: `ops.${name}`, formats: [format], ...extra };
}

/** A StackStorm whose alias list the test sets, counting calls; `hold` makes the next call wait. */
class FakeSt2 {
  aliases: ActionAlias[] = [];
  calls = 0;
  failing: Error | undefined;
  private gate: Promise<void> | undefined;

  /** The next `listAliases` waits until the returned function is called (with the list then). */
  hold(): () => void {
    let release!: () => void;
    this.gate = new Promise<void>((resolve) => (release = resolve));
    return release;
  }

  async listAliases(): Promise<ActionAlias[]> {
    this.calls++;
    const gate = this.gate;
    this.gate = undefined;
    if (gate) await gate;
    if (this.failing) throw this.failing;
    return structuredClone(this.aliases);
  }
}

function makeCatalog(refreshMs = REFRESH_MS) {
  const st2 = new FakeSt2();
  const clock = new ManualClock();
  const logs = capturingLogger();
  const catalog = new AliasCatalog({ st2, clock, logger: logs.logger, refreshMs });
  const messages = () => logs.lines.map((l) => l.msg);
  return { st2, clock, logs, catalog, messages };
}

const deploy = alias('deploy', 'deploy {{app}}');
const restart = alias('restart', 'restart {{service}}');
const status = alias('status', 'status of {{service}}');

describe('alias catalog reload', () => {
  test('the first load indexes every alias', async () => {
    const { st2, catalog, messages } = makeCatalog();
    st2.aliases = [deploy, restart];
    assert.equal(catalog.loaded, false);
    await catalog.reload();
    assert.equal(catalog.loaded, true);
    assert.deepEqual(
      catalog.index.all().map((a) => a.name),
      ['deploy', 'restart'],
    );
    assert.equal(catalog.index.match('deploy web').kind, 'match');
    assert.ok(messages().includes('aliases loaded'), 'the load is logged');
  });

  test('a reload that finds nothing changed keeps the very same index', async () => {
    const { st2, catalog, messages } = makeCatalog();
    st2.aliases = [deploy, restart];
    await catalog.reload();
    const before = catalog.index;
    await catalog.reload();
    await catalog.reload();
    assert.equal(st2.calls, 3);
    assert.equal(catalog.index, before, 'no new index was built');
    assert.ok(!messages().includes('aliases reloaded'), 'nothing reported as reloaded');
  });

  test('the same alias with its keys in another order is unchanged', async () => {
    const { st2, catalog } = makeCatalog();
    st2.aliases = [{ ...deploy, ack: { enabled: true, format: 'on it' } }];
    await catalog.reload();
    const before = catalog.index;
    st2.aliases = [
      {
        ack: { format: 'on it', enabled: true },
        formats: ['deploy {{app}}'],
        action_ref: 'ops.deploy',
        pack: 'ops',
        name: 'deploy',
      },
    ];
    await catalog.reload();
    assert.equal(catalog.index, before, 'no new index was built');
    st2.aliases = [{ ...deploy, ack: { enabled: false, format: 'on it' } }];
    await catalog.reload();
    assert.notEqual(catalog.index, before, 'a nested change is a change');
  });

  test('a changed alias is applied, a new one added, a removed one removed; the rest kept as is', async () => {
    const { st2, catalog, logs } = makeCatalog();
    st2.aliases = [deploy, restart, status, alias('a', 'a'), alias('b', 'b'), alias('c', 'c')];
    await catalog.reload();
    const before = catalog.index;
    const keptBefore = before.get('ops.status');
    st2.aliases = [
      alias('deploy', 'deploy {{app}} to {{env}}'),
      status,
      alias('a', 'a'),
      alias('b', 'b'),
      alias('c', 'c'),
      alias('scale', 'scale {{app}}'),
    ];
    await catalog.reload();
    const index = catalog.index;
    assert.notEqual(index, before, 'a new index replaced the old one');
    assert.equal(index.get('ops.restart'), undefined, 'the removed alias is gone');
    assert.deepEqual(index.get('ops.deploy')?.formats, ['deploy {{app}} to {{env}}']);
    assert.ok(index.get('ops.scale'), 'the new alias is there');
    assert.equal(index.get('ops.status'), keptBefore, 'an unchanged alias is kept, not replaced');
    assert.equal(index.match('restart web').kind, 'no_match');
    assert.equal(index.match('deploy web to prod').kind, 'match');
    assert.deepEqual(before.get('ops.restart'), restart, 'the old index was left untouched');
    const reloaded = logs.lines.find((l) => l.msg === 'aliases reloaded');
    assert.deepEqual(
      { changed: reloaded?.changed, removed: reloaded?.removed },
      { changed: 2, removed: 1 },
    );
  });

  test('when most aliases changed, the new index follows StackStorm order', async () => {
    const { st2, catalog } = makeCatalog();
    st2.aliases = [deploy, restart, status];
    await catalog.reload();
    st2.aliases = [
      alias('deploy', 'deploy {{app}} now'),
      alias('restart', 'restart {{service}} now'),
      status,
    ];
    await catalog.reload();
    assert.deepEqual(
      catalog.index.all().map((a) => a.name),
      ['deploy', 'restart', 'status'],
    );
    assert.equal(catalog.index.match('restart web now').kind, 'match');
  });

  test('a failing reload rejects and keeps the old index', async () => {
    const { st2, catalog } = makeCatalog();
    st2.aliases = [deploy];
    await catalog.reload();
    const before = catalog.index;
    st2.aliases = [restart];
    st2.failing = new Error('connection refused');
    await assert.rejects(catalog.reload(), /connection refused/);
    assert.equal(catalog.index, before);
    assert.equal(catalog.index.match('deploy web').kind, 'match');
  });

  test('matches use the loaded index until the reload has its answer', async () => {
    const { st2, catalog } = makeCatalog();
    st2.aliases = [deploy];
    await catalog.reload();
    const before = catalog.index;
    st2.aliases = [restart];
    const release = st2.hold();
    const reloading = catalog.reload();
    await stepUntil(() => st2.calls === 2, { what: 'the reload to ask st2' });
    assert.equal(catalog.index, before, 'the old index serves while st2 is asked');
    release();
    await bounded(reloading, { what: 'the reload' });
    assert.equal(catalog.index.match('restart web').kind, 'match');
  });

  test('a stream event that arrives during a reload is not undone by it', async () => {
    const { st2, catalog } = makeCatalog();
    st2.aliases = [deploy, restart, status];
    await catalog.reload();
    const release = st2.hold();
    const reloading = catalog.reload();
    await stepUntil(() => st2.calls === 2, { what: 'the reload to ask st2' });
    // st2 answered before the change; the event reports it.
    const changed = alias('deploy', 'ship {{app}}');
    catalog.apply('update', changed);
    catalog.apply('delete', status);
    assert.equal(catalog.index.match('ship web').kind, 'match', 'events apply at once');
    release();
    await bounded(reloading, { what: 'the reload' });
    assert.equal(catalog.index.match('ship web').kind, 'match');
    assert.equal(catalog.index.get('ops.status'), undefined);
  });

  test('a stream event during the first load is kept too', async () => {
    const { st2, catalog } = makeCatalog();
    st2.aliases = [deploy];
    const release = st2.hold();
    const loading = catalog.reload();
    await stepUntil(() => st2.calls === 1, { what: 'the load to ask st2' });
    catalog.apply('create', restart);
    release();
    await bounded(loading, { what: 'the load' });
    assert.ok(catalog.index.get('ops.deploy'), "st2's list is loaded");
    assert.ok(catalog.index.get('ops.restart'), "the event's alias is kept");
  });

  test('a reload asked for while one runs runs after it, and sees what changed meanwhile', async () => {
    const { st2, catalog } = makeCatalog();
    st2.aliases = [deploy];
    await catalog.reload();
    const release = st2.hold();
    const first = catalog.reload();
    await stepUntil(() => st2.calls === 2, { what: 'the first reload to ask st2' });
    const second = catalog.reload();
    const third = catalog.reload();
    assert.equal(second, third, 'reloads asked for meanwhile are one');
    assert.equal(st2.calls, 2, 'the second waits for the first');
    st2.aliases = [deploy, restart];
    release();
    await bounded(Promise.all([first, second]), { what: 'both reloads' });
    assert.equal(st2.calls, 3);
    assert.ok(catalog.index.get('ops.restart'), 'the second reload saw the new alias');
  });

  test('a format that cannot be compiled is logged when it appears, not at every reload', async () => {
    const { st2, catalog, logs } = makeCatalog();
    const broken = alias('broken', 'broken (unclosed {{x}}');
    st2.aliases = [deploy, broken];
    await catalog.reload();
    await catalog.reload();
    st2.aliases = [deploy, broken, restart];
    await catalog.reload();
    const skipped = logs.lines.filter((l) => String(l.msg).startsWith('alias format skipped'));
    assert.equal(skipped.length, 1, JSON.stringify(skipped));
    assert.equal(skipped[0]?.alias, 'ops.broken');
    assert.equal(catalog.index.match('deploy web').kind, 'match', 'the others still match');
  });
});

describe('alias catalog polling', () => {
  test('reloads every refresh period; a failure is logged and polling goes on', async () => {
    const { st2, clock, catalog, messages } = makeCatalog();
    st2.aliases = [deploy];
    await catalog.start();
    assert.equal(st2.calls, 1);
    const first = catalog.index;
    await clock.advance(REFRESH_MS);
    await stepUntil(() => st2.calls === 2, { what: 'the first periodic reload' });
    assert.equal(catalog.index, first, 'nothing changed, nothing built');
    st2.failing = new Error('st2 down');
    await clock.advance(REFRESH_MS);
    await stepUntil(() => messages().includes('periodic alias reload failed'), {
      what: 'the failure to be logged',
      seen: messages,
    });
    assert.equal(catalog.index, first);
    st2.failing = undefined;
    st2.aliases = [deploy, restart];
    await clock.advance(REFRESH_MS);
    await stepUntil(() => catalog.index.get('ops.restart') !== undefined, {
      what: 'the next periodic reload to apply the new alias',
    });
    catalog.stop();
    await clock.advance(REFRESH_MS);
    assert.equal(st2.calls, 4, 'no reload after stop');
  });

  test('start joins a load under way (the app loads while the stream connects) and loads once', async () => {
    const { st2, clock, catalog } = makeCatalog();
    st2.aliases = [deploy];
    const release = st2.hold();
    const loading = catalog.reload();
    await stepUntil(() => st2.calls === 1, { what: 'the load to ask st2' });
    const starting = catalog.start();
    release();
    await bounded(Promise.all([loading, starting]), { what: 'the load and the start' });
    assert.equal(st2.calls, 1, 'st2 was asked once');
    assert.equal(catalog.index.match('deploy web').kind, 'match');
    assert.equal(clock.nextDelay(), REFRESH_MS, 'polling is scheduled');
    catalog.stop();
  });

  test('stopping during a periodic reload lets it finish and schedules no other', async () => {
    const { st2, clock, catalog } = makeCatalog();
    st2.aliases = [deploy];
    await catalog.start();
    st2.aliases = [deploy, restart];
    const release = st2.hold();
    await clock.advance(REFRESH_MS);
    await stepUntil(() => st2.calls === 2, { what: 'the periodic reload to ask st2' });
    catalog.stop();
    release();
    await stepUntil(() => catalog.index.get('ops.restart') !== undefined, {
      what: 'the reload under way to finish',
    });
    await flushMicrotasks();
    assert.equal(clock.pending, 0, 'no reload scheduled after stop');
  });

  test('a first load that fails leaves the catalog empty, and polling loads it later', async () => {
    const { st2, clock, catalog, messages } = makeCatalog();
    st2.aliases = [deploy];
    st2.failing = new Error('st2 down');
    await catalog.start();
    assert.equal(catalog.loaded, false);
    assert.ok(messages().includes('could not load aliases from StackStorm'), 'logged');
    st2.failing = undefined;
    await clock.advance(REFRESH_MS);
    await stepUntil(() => catalog.loaded, { what: 'the periodic reload to load the aliases' });
    assert.equal(catalog.index.match('deploy web').kind, 'match');
    catalog.stop();
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { faultOf, openStream, startTestSandbox, type TestSandbox } from './helpers.js';

interface Alias {
  id: string;
  name: string;
  pack: string;
  ref: string;
  uid: string;
  enabled: boolean;
  [k: string]: unknown;
}

describe('action aliases', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startTestSandbox();
    const { sandbox } = t;
    sandbox.addAlias({
      name: 'run',
      pack: 'zeta',
      action_ref: 'core.remote',
      description: 'Run a command',
      formats: ['run {{cmd}} on {{hosts}}'],
    });
    sandbox.addAlias({
      name: 'greet',
      pack: 'alpha',
      action_ref: 'core.echo',
      description: 'Say hello',
      formats: ['greet {{message=Hello}}'],
    });
    sandbox.addAlias({
      name: 'status',
      pack: 'alpha',
      action_ref: 'core.noop',
      description: 'Status',
      formats: [
        { display: 'status <role>', representation: ['status {{role}}', 'show {{role}} status'] },
        { representation: ['hidden format'] },
      ],
    });
    sandbox.addAlias({
      name: 'off',
      pack: 'alpha',
      action_ref: 'core.noop',
      enabled: false,
      formats: ['off switch'],
    });
    sandbox.addAlias({
      name: 'lorem1',
      pack: 'beta',
      action_ref: 'core.noop',
      formats: ['lorem {{a}} ipsum'],
    });
    sandbox.addAlias({
      name: 'lorem2',
      pack: 'beta',
      action_ref: 'core.noop',
      formats: ['lorem {{b}} ipsum'],
    });
    for (const name of ['fixes', 'dupe']) {
      sandbox.addAlias({
        name,
        pack: 'gamma',
        action_ref: 'core.noop',
        formats: [
          {
            display: `${name} <key>`,
            representation: [`(?:\\b|^)${name} (?P<key>[A-Z]+-[0-9]+)(?:\\b|$)`],
            match_multiple: true,
          },
        ],
      });
    }
  });
  after(() => t.close());

  describe('GET /api/v1/actionalias', () => {
    test('limit=-1 returns every alias in pack, name order, with computed fields', async () => {
      const res = await t.api('/api/v1/actionalias?limit=-1');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-total-count'), '8');
      assert.equal(res.headers.get('x-limit'), null);
      const list = (await res.json()) as Alias[];
      assert.deepEqual(
        list.map((a) => a.ref),
        [
          'alpha.greet',
          'alpha.off',
          'alpha.status',
          'beta.lorem1',
          'beta.lorem2',
          'gamma.dupe',
          'gamma.fixes',
          'zeta.run',
        ],
      );
      const greet = list[0]!;
      assert.match(greet.id, /^[0-9a-f]{24}$/);
      assert.equal(greet.uid, 'action_alias:alpha:greet');
      assert.equal(greet.enabled, true);
      assert.equal(list[1]!.enabled, false);
    });

    test('paging headers, filters, sort and attribute selection', async () => {
      const page = await t.api('/api/v1/actionalias?limit=2&offset=1');
      assert.equal(page.headers.get('x-limit'), '2');
      assert.equal(page.headers.get('x-total-count'), '8');
      assert.deepEqual(
        ((await page.json()) as Alias[]).map((a) => a.ref),
        ['alpha.off', 'alpha.status'],
      );
      const byPack = (await (await t.api('/api/v1/actionalias?pack=beta')).json()) as Alias[];
      assert.deepEqual(
        byPack.map((a) => a.name),
        ['lorem1', 'lorem2'],
      );
      const byName = (await (await t.api('/api/v1/actionalias?name=run')).json()) as Alias[];
      assert.deepEqual(
        byName.map((a) => a.ref),
        ['zeta.run'],
      );
      const sorted = (await (
        await t.api('/api/v1/actionalias?sort=-name&limit=-1')
      ).json()) as Alias[];
      assert.equal(sorted[0]!.name, 'status');
      const slim = (await (
        await t.api('/api/v1/actionalias?include_attributes=name&limit=1')
      ).json()) as Alias[];
      assert.deepEqual(Object.keys(slim[0]!).sort(), ['id', 'name', 'ref']);
    });

    test('a trailing slash and the direct /v1 path are the same resource', async () => {
      assert.equal((await t.api('/api/v1/actionalias/?limit=-1')).status, 200);
      const direct = await t.api('/v1/actionalias?limit=-1');
      assert.equal(direct.status, 200);
      assert.equal(((await direct.json()) as Alias[]).length, 8);
    });

    test('limit=0 and limit<=-2 are refused with st2 texts', async () => {
      const zero = await t.api('/api/v1/actionalias?limit=0');
      assert.equal(zero.status, 400);
      assert.equal(
        await faultOf(zero),
        'Limit, "0" specified, must be a positive number or -1 for full result set.',
      );
      const minus = await t.api('/api/v1/actionalias?limit=-2');
      assert.equal(minus.status, 400);
      assert.equal(await faultOf(minus), 'Limit, "-2" specified, must be a positive number.');
      for (const query of ['limit=ten', 'offset=1.5', 'limit=+3']) {
        const res = await t.api(`/api/v1/actionalias?${query}`);
        assert.equal(res.status, 400, query);
        const name = query.split('=')[0]!;
        assert.equal(await faultOf(res), `Parameter "${name}" is not of type integer`);
      }
      const help = await t.api('/api/v1/actionalias/help?offset=x');
      assert.equal(await faultOf(help), 'Parameter "offset" is not of type integer');
      const both = await t.api(
        '/api/v1/actionalias?include_attributes=name&exclude_attributes=pack',
      );
      assert.equal(both.status, 400);
    });

    test('include/exclude_attributes must name fields of the alias model (st2: 400)', async () => {
      const include = await t.api('/api/v1/actionalias?include_attributes=name,nosuch');
      assert.equal(include.status, 400);
      assert.equal(
        await faultOf(include),
        'Invalid or unsupported include attribute specified: nosuch',
      );
      const exclude = await t.api('/api/v1/actionalias?exclude_attributes=bogus.deep');
      assert.equal(exclude.status, 400);
      assert.equal(
        await faultOf(exclude),
        'Invalid or unsupported exclude attribute specified: bogus',
      );
      const fine = await t.api('/api/v1/actionalias?exclude_attributes=formats,ack&limit=-1');
      assert.equal(fine.status, 200);
      assert.ok(((await fine.json()) as Alias[]).every((a) => !('formats' in a)));
    });

    test('GET /actionalias/{ref_or_id}: by ref, by id, 404 otherwise', async () => {
      const byRef = (await (await t.api('/api/v1/actionalias/alpha.greet')).json()) as Alias;
      assert.equal(byRef.name, 'greet');
      const byId = await t.api(`/api/v1/actionalias/${byRef.id}`);
      assert.equal(((await byId.json()) as Alias).ref, 'alpha.greet');
      const missing = await t.api('/api/v1/actionalias/alpha.nope');
      assert.equal(missing.status, 404);
      assert.equal(
        await faultOf(missing),
        'Resource with a reference or id "alpha.nope" not found',
      );
    });
  });

  describe('GET /api/v1/actionalias/help', () => {
    const help = async (query = '') => {
      const res = await t.api(`/api/v1/actionalias/help${query}`);
      return {
        res,
        body: (await res.json()) as { available: number; helpstrings: Record<string, unknown>[] },
      };
    };

    test('one entry per display text of enabled aliases, in API order, key "available"', async () => {
      const { res, body } = await help();
      assert.equal(res.status, 200);
      assert.equal(body.available, 7);
      assert.deepEqual(
        body.helpstrings.map((h) => h.display),
        [
          'greet {{message=Hello}}',
          'status <role>',
          'lorem {{a}} ipsum',
          'lorem {{b}} ipsum',
          'dupe <key>',
          'fixes <key>',
          'run {{cmd}} on {{hosts}}',
        ],
      );
      assert.deepEqual(body.helpstrings[0], {
        pack: 'alpha',
        display: 'greet {{message=Hello}}',
        description: 'Say hello',
      });
    });

    test('filter is a case-insensitive regex on the display; pack is exact', async () => {
      assert.deepEqual(
        (await help('?filter=LOREM%20%5C%7B')).body.helpstrings.map((h) => h.display),
        ['lorem {{a}} ipsum', 'lorem {{b}} ipsum'],
      );
      const byPack = (await help('?pack=zeta')).body;
      assert.equal(byPack.available, 1);
    });

    test('limit/offset window; available counts before paging', async () => {
      const first = (await help('?limit=2')).body;
      assert.equal(first.available, 7);
      assert.equal(first.helpstrings.length, 2);
      const rest = (await help('?offset=5&limit=0')).body;
      assert.deepEqual(
        rest.helpstrings.map((h) => h.display),
        ['fixes <key>', 'run {{cmd}} on {{hosts}}'],
      );
      const window = (await help('?offset=1&limit=1')).body;
      assert.deepEqual(
        window.helpstrings.map((h) => h.display),
        ['status <role>'],
      );
    });

    test('a non-integer limit is a 400, an invalid regex a 500', async () => {
      assert.equal((await help('?limit=ten')).res.status, 400);
      const bad = await help('?filter=%28');
      assert.equal(bad.res.status, 500);
      assert.equal(
        (bad.body as unknown as { faultstring: string }).faultstring,
        'Internal Server Error',
      );
    });
  });

  describe('POST /api/v1/actionalias/match', () => {
    const match = (body: unknown) =>
      t.api('/api/v1/actionalias/match', { method: 'POST', json: body });

    test('200 with actionalias, display and the representation that matched', async () => {
      const res = await match({ command: 'show web status' });
      assert.equal(res.status, 200);
      const body = (await res.json()) as {
        actionalias: Alias;
        display: string | null;
        representation: string;
      };
      assert.equal(body.actionalias.ref, 'alpha.status');
      assert.equal(body.display, 'status <role>');
      assert.equal(body.representation, 'show {{role}} status');
      const plain = (await (await match({ command: 'run ls on h1' })).json()) as {
        display: string;
      };
      assert.equal(plain.display, 'run {{cmd}} on {{hosts}}');
      const hidden = (await (await match({ command: 'hidden format' })).json()) as {
        display: unknown;
      };
      assert.equal(hidden.display, null);
    });

    test('the three 400 texts, command in single quotes', async () => {
      const none = await match({ command: 'hello donny' });
      assert.equal(none.status, 400);
      assert.equal(await faultOf(none), "Command 'hello donny' matched no patterns");
      const two = await match({ command: 'lorem x ipsum' });
      assert.equal(two.status, 400);
      assert.equal(await faultOf(two), "Command 'lorem x ipsum' matched more than 1 pattern");
      const multi = await match({ command: 'this fixes AB-1 and is a dupe AB-2' });
      assert.equal(
        await faultOf(multi),
        "Command 'this fixes AB-1 and is a dupe AB-2' matched more than 1 (multi) pattern",
      );
    });

    test('disabled aliases never match', async () => {
      assert.equal(
        await faultOf(await match({ command: 'off switch' })),
        "Command 'off switch' matched no patterns",
      );
    });

    test('body validation texts', async () => {
      const missing = await match({});
      assert.equal(missing.status, 400);
      assert.equal(await faultOf(missing), "'command' is a required property");
      const extra = await match({ command: 'x', user: 'ann' });
      assert.equal(
        await faultOf(extra),
        "Additional properties are not allowed ('user' was unexpected)",
      );
      const wrongType = await match({ command: 42 });
      assert.equal(await faultOf(wrongType), "42 is not of type 'string'");
    });

    test('an invalid format in an enabled alias makes matching a 500', async () => {
      const alias = t.sandbox.addAlias({
        name: 'broken',
        pack: 'omega',
        action_ref: 'core.noop',
        formats: ['bad {{a-b}}'],
      });
      try {
        const res = await match({ command: 'anything' });
        assert.equal(res.status, 500);
        assert.equal(await faultOf(res), 'Internal Server Error');
      } finally {
        t.sandbox.deleteAlias(alias.id);
      }
    });
  });

  describe('POST/PUT/DELETE /api/v1/actionalias', () => {
    const body = {
      name: 'made',
      pack: 'http',
      action_ref: 'core.echo',
      formats: ['made {{message}}'],
    };

    test('create (201), update (200), delete (204), each with its stream event', async () => {
      const stream = await openStream(t, '?events=st2.actionalias__*');
      try {
        const created = await t.api('/api/v1/actionalias', { method: 'POST', json: body });
        assert.equal(created.status, 201);
        const alias = (await created.json()) as Alias;
        assert.equal(alias.ref, 'http.made');
        assert.equal(alias.uid, 'action_alias:http:made');
        const createEvent = await stream.next('st2.actionalias__create');
        assert.equal((JSON.parse(createEvent.data) as Alias).id, alias.id);
        const matched = await t.api('/api/v1/actionalias/match', {
          method: 'POST',
          json: { command: 'made it' },
        });
        assert.equal(matched.status, 200);

        const updated = await t.api('/api/v1/actionalias/http.made', {
          method: 'PUT',
          json: { ...body, id: 'ignored', description: 'now described' },
        });
        assert.equal(updated.status, 200);
        const after = (await updated.json()) as Alias;
        assert.equal(after.id, alias.id);
        assert.equal(after.description, 'now described');
        const updateEvent = await stream.next('st2.actionalias__update');
        assert.equal((JSON.parse(updateEvent.data) as Alias).description, 'now described');

        const deleted = await t.api(`/api/v1/actionalias/${alias.id}`, { method: 'DELETE' });
        assert.equal(deleted.status, 204);
        assert.equal(await deleted.text(), '');
        const deleteEvent = await stream.next('st2.actionalias__delete');
        assert.equal((JSON.parse(deleteEvent.data) as Alias).description, 'now described');
        assert.equal((await t.api('/api/v1/actionalias/http.made')).status, 404);
      } finally {
        await stream.response.body?.cancel().catch(() => undefined);
      }
    });

    test('st2 refusals: missing field, unknown field, duplicate ref, unknown alias', async () => {
      const missing = await t.api('/api/v1/actionalias', {
        method: 'POST',
        json: { name: 'x', pack: 'http' },
      });
      assert.equal(missing.status, 400);
      assert.equal(await faultOf(missing), "'action_ref' is a required property");
      const unknown = await t.api('/api/v1/actionalias', {
        method: 'POST',
        json: { ...body, colour: 'red' },
      });
      assert.equal(unknown.status, 400);
      assert.equal(
        await faultOf(unknown),
        "Additional properties are not allowed ('colour' was unexpected)",
      );
      const existing = (await (await t.api('/api/v1/actionalias/alpha.greet')).json()) as Alias;
      const dupe = await t.api('/api/v1/actionalias', {
        method: 'POST',
        json: { ...body, name: 'greet', pack: 'alpha' },
      });
      assert.equal(dupe.status, 409);
      assert.equal(((await dupe.json()) as Record<string, unknown>)['conflict-id'], existing.id);
      for (const method of ['PUT', 'DELETE']) {
        const res = await t.api('/api/v1/actionalias/http.nope', {
          method,
          ...(method === 'PUT' ? { json: body } : {}),
        });
        assert.equal(res.status, 404, method);
        assert.equal(await faultOf(res), 'Resource with a reference or id "http.nope" not found');
      }
    });
  });
});

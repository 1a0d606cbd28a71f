import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { z } from 'zod';
import { ENV_VARS, OTHER_ENV_VARS, fileSchema } from '../../src/config/index.js';

const docs = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');

type Def = z.core.$ZodTypeDef & Record<string, unknown>;

/** Dotted leaf keys of the schema; records appear as `<name>` / `<glob>` placeholders. */
function leafKeys(schema: z.core.$ZodType, prefix: string): string[] {
  let node = schema;
  for (;;) {
    const def = node._zod.def as Def;
    if (def.type === 'default' || def.type === 'prefault' || def.type === 'optional') {
      node = def.innerType as z.core.$ZodType;
    } else if (def.type === 'pipe') node = def.out as z.core.$ZodType;
    else break;
  }
  const def = node._zod.def as Def;
  if (def.type === 'object') {
    const shape = def.shape as Record<string, z.core.$ZodType>;
    const entries = Object.entries(shape);
    // An empty object (rbac_auth.standalone) is a leaf.
    if (entries.length === 0) return [prefix];
    return entries.flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
  }
  if (def.type === 'record') {
    // Back-ends' settings are free-form (each back-end documents its own).
    if (prefix === 'backends') return ['backends.<name>'];
    return [prefix, ...leafKeys(def.valueType as z.core.$ZodType, `${prefix}.<glob>`)];
  }
  return [prefix];
}

describe('docs/configuration.md', () => {
  const keys = leafKeys(fileSchema, '').filter((k) => !k.startsWith('acl.defaults.'));
  for (const key of keys) {
    test(`documents ${key}`, () => {
      assert.equal(
        docs.includes(`\`${key}\``),
        true,
        `docs/configuration.md does not mention \`${key}\``,
      );
    });
  }
  const names = [...new Set([...ENV_VARS.map((v) => v.name), ...Object.values(OTHER_ENV_VARS)])];
  for (const name of names) {
    test(`documents ${name}`, () => {
      assert.equal(
        docs.includes(`\`${name}`),
        true,
        `docs/configuration.md does not mention ${name}`,
      );
    });
  }
  test('the walk found the keys (guards the test itself)', () => {
    assert.ok(keys.length > 50, `only ${keys.length} keys found`);
    assert.equal(keys.includes('stackstorm.api_auth.user.password'), true);
    assert.equal(keys.includes('acl.rules.<glob>.allowusers'), true);
  });
});

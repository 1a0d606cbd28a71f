/**
 * The architecture of `src/`, checked: no import cycle, and the folder rules below. Imports are
 * read with TypeScript's own pre-processor (static `import`/`export … from` and `import('…')`,
 * type-only ones included), relative ones resolved to files under `src/`.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

/** A folder rule: files under `scope` import nothing under `forbidden` except `allowed`. */
interface FolderRule {
  readonly rule: string;
  /** Path prefixes (from the repository root) of the importing files. */
  readonly scope: readonly string[];
  /** Path prefixes they must not import. */
  readonly forbidden: readonly string[];
  /** Path prefixes under `forbidden` that stay allowed. */
  readonly allowed?: readonly string[];
}

const RULES: readonly FolderRule[] = [
  {
    rule: 'chatops uses the st2 model, the client port and its errors, never client internals',
    scope: ['src/chatops/'],
    forbidden: ['src/stackstorm/'],
    // The client's coded errors are part of the port's contract (`src/chatops/ports.ts`).
    allowed: ['src/stackstorm/model.ts', 'src/stackstorm/index.ts', 'src/stackstorm/errors.ts'],
  },
  {
    rule: 'back-ends receive validated settings, never config internals',
    scope: ['src/backends/'],
    forbidden: ['src/config/'],
  },
  {
    rule: 'the wiring reaches back-ends through the registry only',
    scope: ['src/app/', 'src/cli/'],
    forbidden: ['src/backends/'],
    allowed: ['src/backends/registry.ts'],
  },
  {
    rule: 'lib depends on nothing but the clock, the errors and the logger',
    scope: ['src/lib/'],
    forbidden: ['src/'],
    allowed: ['src/lib/', 'src/core/clock.ts', 'src/core/errors.ts', 'src/log.ts'],
  },
  {
    rule: 'aliases know nothing of chatops, back-ends, the web server or the sandbox',
    scope: ['src/aliases/'],
    forbidden: ['src/chatops/', 'src/backends/', 'src/web/', 'src/sandbox/'],
  },
];

const ROOT = resolve(import.meta.dirname, '..');

/** Every `.ts` file under `dir`, as paths from the repository root. */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The `src/` files `file` imports (relative specifiers only; packages and `node:` are outside). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles
    .map((f) => f.fileName)
    .filter((spec) => spec.startsWith('.'))
    .flatMap((spec) => {
      const base = resolve(join(ROOT, dirname(file)), spec);
      const found = [base.replace(/\.js$/, '.ts'), base, join(base, 'index.ts')].find(
        (p) => existsSync(p) && statSync(p).isFile(),
      );
      return found ? [relative(ROOT, found).split('\\').join('/')] : [];
    });
}

/** The import graph of `src/`: file → the files it imports. */
function importGraph(): Map<string, string[]> {
  return new Map(sources('src').map((file) => [file, importsOf(file)]));
}

/**
 * The import cycles of `graph`: for each knot (strongly connected component of more than one
 * file, or a file importing itself), shortest cycles that together pass through every file of it.
 */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component = new Set<string>();
    let w: string | undefined;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.add(w);
    } while (w !== v);
    if (component.size === 1 && !graph.get(v)?.includes(v)) return;
    // Enough cycles that every file of the knot shows in one.
    const covered = new Set<string>();
    for (const file of [...component].sort()) {
      if (covered.has(file)) continue;
      const cycle = cycleIn(graph, file, component);
      cycle.forEach((f) => covered.add(f));
      cycles.push(cycle);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles;
}

/** A shortest path from `start` back to itself inside `component` (breadth first). */
function cycleIn(
  graph: ReadonlyMap<string, readonly string[]>,
  start: string,
  component: ReadonlySet<string>,
): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (const w of graph.get(v) ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        const path: string[] = [];
        for (let u = v; u !== start; u = previous.get(u)!) path.unshift(u);
        return [start, ...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/** `file imports target` for every import that breaks `rule`. */
function violations(graph: ReadonlyMap<string, readonly string[]>, rule: FolderRule): string[] {
  const under = (path: string, prefixes: readonly string[] = []) =>
    prefixes.some((p) => path === p || path.startsWith(p));
  return [...graph]
    .filter(([file]) => under(file, rule.scope))
    .flatMap(([file, targets]) =>
      targets
        .filter((t) => under(t, rule.forbidden) && !under(t, rule.allowed))
        .map((t) => `${file} imports ${t}`),
    );
}

const graph = importGraph();

test('the scanner sees the imports of src/', () => {
  assert.ok(graph.size > 50, `found ${graph.size} files under src/`);
  assert.ok(graph.get('src/cli/index.ts')?.length, 'src/cli/index.ts imports something');
});

test('the cycle finder reports the path of a cycle', () => {
  const toy = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a', 'd']],
    ['d', []],
  ]);
  assert.deepEqual(importCycles(toy), [['a', 'b', 'c', 'a']]);
});

test('a folder rule reports each forbidden import, and spares the allowed ones', () => {
  const toy = new Map([
    ['src/chatops/a.ts', ['src/stackstorm/model.ts', 'src/stackstorm/http.ts', 'src/core/x.ts']],
    ['src/web/b.ts', ['src/stackstorm/http.ts']],
  ]);
  assert.deepEqual(violations(toy, RULES[0]!), ['src/chatops/a.ts imports src/stackstorm/http.ts']);
});

test('src/ has no import cycle', () => {
  const cycles = importCycles(graph);
  assert.deepEqual(
    cycles.map((c) => c.join(' → ')),
    [],
    `import cycles:\n${cycles.map((c) => `  ${c.join(' → ')}`).join('\n')}`,
  );
});

for (const rule of RULES) {
  test(`folder rule: ${rule.rule}`, () => {
    const broken = violations(graph, rule);
    assert.deepEqual(broken, [], `${rule.rule}:\n${broken.map((b) => `  ${b}`).join('\n')}`);
  });
}

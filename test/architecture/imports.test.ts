// The import graph of src/: one way only (each folder imports its own rank or lower), and no cycles, type imports included.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../../src');

/**
 * Rank of each top-level part of src/ (a folder, or a file at the top). A module may import from its own rank or
 * lower. `data`, `value` and `plot` stand beside the core: they may import only rank 0 (errors, random, matrix, runtime), and anything above them may
 * import them.
 */
const RANKS: Record<string, number> = {
  errors: 0, random: 0, matrix: 0, runtime: 0,
  data: 0.5, value: 0.5, plot: 0.5,
  backend: 1,
  tensor: 2, ops: 2,
  nn: 3,
  train: 4,
  io: 5,
  model: 6,
  interop: 7,
  worker: 8, cli: 8,
  index: 9,
};
const BESIDE = ['data', 'value', 'plot'];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every relative import of a file (static, type-only, re-exports and dynamic), resolved to a .ts path. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+['"](\.[^'"]+)['"]/gms),
    ...text.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g),
    ...text.matchAll(/^\s*import\s+['"](\.[^'"]+)['"]/gm),
  ].map((m) => m[1]);
  return specs.map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
}

function partOf(file: string): string {
  const rel = relative(SRC, file).split(/[\\/]/);
  return rel.length === 1 ? rel[0].replace(/\.ts$/, '') : rel[0];
}

const graph = new Map(files(SRC).map((f) => [f, importsOf(f)]));

describe('the import graph of src/', () => {
  it('every part of src/ has a rank (a new folder must be placed in the layering)', () => {
    const parts = [...new Set([...graph.keys()].map(partOf))];
    expect(parts.filter((p) => RANKS[p] === undefined)).toEqual([]);
  });

  it('imports resolve to files in src/', () => {
    const missing = [...graph].flatMap(([f, deps]) => deps.filter((d) => !graph.has(d)).map((d) => `${relative(SRC, f)} → ${relative(SRC, d)}`));
    expect(missing).toEqual([]);
  });

  it('no module imports upward, and the parts beside the core import only errors, random and matrix', () => {
    const bad: string[] = [];
    for (const [f, deps] of graph) {
      const from = partOf(f);
      for (const d of deps) {
        const to = partOf(d);
        if (to === from) continue;
        const upward = RANKS[to] > RANKS[from];
        const sideways = BESIDE.includes(from) && RANKS[to] !== 0;
        if (upward || sideways) bad.push(`${relative(SRC, f)} (${from}) → ${relative(SRC, d)} (${to})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('has no import cycle, counting type imports', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string): void => {
      state.set(f, 'open');
      stack.push(f);
      for (const d of graph.get(f) ?? []) {
        if (state.get(d) === 'open') cycles.push([...stack.slice(stack.indexOf(d)), d].map((p) => relative(SRC, p)).join(' → '));
        else if (!state.has(d) && graph.has(d)) visit(d);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of graph.keys()) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it('the checker sees the kinds of import it must (a test of the test)', () => {
    const sample = importsOf(join(SRC, 'backend/backend.ts')).map((p) => relative(SRC, p));
    expect(sample).toContain('backend/ts/spec.ts'); // `import type * as Spec from …`
    expect(importsOf(join(SRC, 'index.ts')).length).toBeGreaterThan(5); // re-exports
  });
});

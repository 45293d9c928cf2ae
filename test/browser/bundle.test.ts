// Tests scripts/build-browser.mjs: the browser bundle is self-contained, Node-free and small.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { assertNoNodeImports, buildLibrary, repoRoot } from '../../scripts/build-browser.mjs';
import { libraryEntry } from './harness.js';

const tmp = mkdtempSync(join(tmpdir(), 'simdnet-bundle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('browser bundle', () => {
  it('builds dist/browser/simdnet.js: JS + inlined WASM ≤ 110 KB gzipped, no WASM file to host', async () => {
    const outdir = join(tmp, 'out');
    await buildLibrary({ entry: libraryEntry(), outdir });
    const js = readFileSync(join(outdir, 'simdnet.js'));
    const gz = gzipSync(js, { level: 9 }).length;
    console.log(`simdnet.js: ${(js.length / 1024).toFixed(1)} KB, ${(gz / 1024).toFixed(1)} KB gzipped (entry ${libraryEntry()})`);
    // The budget: two inlined builds (baseline and relaxed SIMD) of ~75 kernels (dense, convolution, pooling,
    // recurrent, normalization, optimizers), still a fraction of one TensorFlow.js WASM binary (~400 KB).
    expect(gz).toBeLessThanOrEqual(110 * 1024);
    // The module is inside the script: its base64 starts with the WASM magic '\0asm' = 'AGFzbQ'.
    expect(js.toString()).toContain('AGFzbQ');
    expect(js.toString()).not.toMatch(/\.wasm['"]/);
    // A source map next to it.
    expect(JSON.parse(readFileSync(join(outdir, 'simdnet.js.map'), 'utf8')).sources.length).toBeGreaterThan(3);
  });

  it("each bundle goes through an app's bundler for the browser: no Node builtin left for it to resolve", async () => {
    for (const file of ['simdnet.js', 'simdnet.threads.js', 'simdnet.worker.js']) {
      // no externals: esbuild fails on any import it cannot resolve, as an app build would (the loader's
      // Node-only `import('node:fs/promises')` used to be folded into a literal by minifySyntax)
      const r = await build({ entryPoints: [join(tmp, 'out', file)], bundle: true, write: false, format: 'esm', platform: 'browser', logLevel: 'silent' });
      expect(r.errors).toEqual([]);
    }
  });

  it("writes type declarations next to the bundles, re-exporting the main entry's (the worker: its messages)", () => {
    const lib = readFileSync(join(tmp, 'out', 'simdnet.d.ts'), 'utf8');
    expect(lib).toMatch(/^\/\/ Types of simdnet\.js/);
    const from = /export \* from "([^"]+)";/.exec(lib)![1];
    expect(resolve(tmp, 'out', from)).toBe(join(repoRoot, 'dist', 'index.js'));
    expect(readFileSync(join(tmp, 'out', 'simdnet.threads.d.ts'), 'utf8')).toContain(`export * from "${from}";`);
    expect(readFileSync(join(tmp, 'out', 'simdnet.worker.d.ts'), 'utf8')).toMatch(/export type \{ ToWorker, FromWorker, .*\} from/);
  });

  it('the worker bundle is self-contained too', async () => {
    const js = readFileSync(join(tmp, 'out', 'simdnet.worker.js')).toString();
    expect(js).toContain('AGFzbQ');
    expect(js).not.toMatch(/^import /m);
  });

  it('fails the build, naming the importer, when a Node builtin reaches the bundle', async () => {
    const entry = join(tmp, 'bad.ts');
    writeFileSync(join(tmp, 'helper.ts'), "import { readFileSync } from 'node:fs';\nexport const read = (p: string) => readFileSync(p);\n");
    writeFileSync(entry, "export { read } from './helper.ts';\nexport const ok = 1;\n");
    await expect(buildLibrary({ entry, outdir: join(tmp, 'bad') })).rejects.toThrow(/Node-only modules.*\n.*helper\.ts imports 'node:fs'/);
  });

  it('also catches bare builtin names and dynamic imports', async () => {
    const entry = join(tmp, 'bad2.ts');
    writeFileSync(entry, "import os from 'os';\nexport const f = () => import('node:path');\nexport const n = os.cpus;\n");
    const result = await build({ entryPoints: [entry], bundle: true, write: false, metafile: true, format: 'esm', platform: 'browser', external: ['os', 'node:*'], logLevel: 'silent' });
    expect(() => assertNoNodeImports(result.metafile)).toThrow(/imports 'os'[\s\S]*imports 'node:path'/);
  });

  it('rejects top-level await in the entry', async () => {
    const entry = join(tmp, 'tla.ts');
    writeFileSync(entry, 'export const v = await Promise.resolve(1);\n');
    await expect(buildLibrary({ entry, outdir: join(tmp, 'tla') })).rejects.toThrow(/[Tt]op-level await/);
  });

  it('the Node-only modules of the library are not part of it', async () => {
    const { metafiles } = await buildLibrary({ entry: libraryEntry(), outdir: join(tmp, 'out2') });
    const inputs = Object.keys(metafiles[0]!.inputs);
    expect(inputs.some((f) => f.includes('src/backend/wasm/'))).toBe(true);
    expect(inputs.filter((f) => f.includes('_node.') || f.includes('src/cli/'))).toEqual([]);
    expect(repoRoot).toBeTruthy();
  });
});

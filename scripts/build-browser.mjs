// Browser builds with esbuild: the library bundle (dist/browser/) and the demo (demo/dist/), Node-free by check.
//
//   node scripts/build-browser.mjs            # dist/browser/simdnet.js + simdnet.worker.js + simdnet.threads.js (+ .map, + .d.ts)
//   node scripts/build-browser.mjs --demo     # also demo/dist/ (main.js, worker.js)
//
// The WASM is already inlined as base64 by src/backend/wasm/wasm_bytes.ts (made by `npm run asbuild`),
// so the bundle is one self-contained file: no .wasm path to configure, nothing else to host.

import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const WASM_BYTES = join(repoRoot, 'src/backend/wasm/wasm_bytes.ts');

// Every Node builtin, with and without `node:`, is left external so the metafile names who imported it.
const NODE_BUILTINS = [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'node:*'];

/** Options shared by every browser bundle: ESM, minified, source-mapped, and no top-level await. */
function baseOptions() {
  return {
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome100', 'firefox100', 'safari15'],
    // A library entry with top-level await would block every importer; make esbuild reject it.
    supported: { 'top-level-await': false },
    // Not minifySyntax: it folds `const m = 'node:fs/promises'; import(m)` (the Node-only path of the loader, kept
    // out of sight of bundlers) into `import("node:fs/promises")`, which an app's bundler then fails to resolve
    // for the browser. Costs 0.4 KB gzipped.
    minifyWhitespace: true,
    minifyIdentifiers: true,
    sourcemap: true,
    external: NODE_BUILTINS,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: repoRoot,
  };
}

/**
 * Throws if any input of the bundle imports a Node builtin, naming the importing file and the import.
 * @param {import('esbuild').Metafile} metafile
 */
export function assertNoNodeImports(metafile, label = 'bundle') {
  const builtins = new Set(builtinModules);
  const offenders = [];
  for (const [file, input] of Object.entries(metafile.inputs)) {
    for (const imp of input.imports) {
      const bare = imp.path.replace(/^node:/, '').split('/')[0];
      if (imp.path.startsWith('node:') || (imp.external && builtins.has(bare))) offenders.push(`${file} imports '${imp.path}'`);
    }
  }
  if (offenders.length) {
    throw new Error(`${label}: Node-only modules must not reach the browser bundle:\n  ${offenders.join('\n  ')}`);
  }
}

/**
 * Leaves the shared-memory (threads) builds out of a bundle: they only run on cross-origin-isolated pages, and
 * each costs ~20 KB gzipped. Without them `init({ threads })` falls back to one thread and says why.
 * `dist/browser/simdnet.threads.js` is the bundle that keeps them.
 * @type {import('esbuild').Plugin}
 */
export const withoutThreadsBuilds = {
  name: 'without-threads-builds',
  setup(b) {
    b.onLoad({ filter: /wasm_bytes\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8').replace(/(export const WASM_THREADS\w*: string =\s*)'[^']*'/g, "$1''");
      return { contents: text, loader: 'ts' };
    });
  },
};

function requireWasmBytes() {
  if (!existsSync(WASM_BYTES)) {
    throw new Error(`build-browser: ${relative(repoRoot, WASM_BYTES)} is missing; run \`npm run asbuild\` first`);
  }
}

/**
 * Throws if an app's bundler, reading the finished bundle, would meet a Node builtin: the metafile of the build
 * only sees the sources, and minifying can turn a hidden specifier into a literal one. Re-reads `text` with
 * esbuild as an app would (platform browser) and checks what it imports.
 */
async function assertBundleable(text, label) {
  const { metafile } = await build({
    stdin: { contents: text, loader: 'js', resolveDir: repoRoot }, bundle: true, write: false, metafile: true,
    format: 'esm', platform: 'browser', external: NODE_BUILTINS, logLevel: 'silent',
  });
  assertNoNodeImports(metafile, `${label} (as an app's bundler reads it)`);
}

async function bundle(entry, outfile, plugins = []) {
  const result = await build({ ...baseOptions(), entryPoints: [entry], outfile, plugins, write: false });
  assertNoNodeImports(result.metafile, relative(repoRoot, outfile));
  for (const out of result.outputFiles) if (out.path.endsWith('.js')) await assertBundleable(out.text, relative(repoRoot, outfile));
  for (const out of result.outputFiles) writeAtomic(out.path, out.contents);
  return result.metafile;
}

/**
 * Write-then-rename: test processes building at the same time never see a half-written file. Unchanged output is
 * left alone, so the test suite's rebuilds from the same sources write nothing while `npm pack` reads dist/.
 */
function writeAtomic(path, contents) {
  const bytes = typeof contents === 'string' ? Buffer.from(contents) : contents;
  if (existsSync(path) && Buffer.compare(readFileSync(path), bytes) === 0) return;
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

/**
 * Type declarations for the bundles, so `simdnet/browser` type-checks under strict TypeScript (no TS7016).
 * simdnet.js and simdnet.threads.js are built from src/index.ts, so they re-export the declarations tsc wrote for
 * it (dist/index.d.ts, made by `npm run build:ts`). The worker bundle is a script with no exports; its types
 * are the messages it exchanges.
 */
function writeTypes(outdir) {
  const path = relative(outdir, join(repoRoot, 'dist/index.js')).split(sep).join('/');
  const from = JSON.stringify(path.startsWith('.') ? path : `./${path}`);
  const lib = (file) => `// Types of ${file}: the API of simdnet's main entry, bundled for browsers with the WASM inside.\nexport * from ${from};\n`;
  writeAtomic(join(outdir, 'simdnet.d.ts'), lib('simdnet.js'));
  writeAtomic(join(outdir, 'simdnet.threads.d.ts'), lib('simdnet.threads.js (the bundle that keeps the shared-memory builds)'));
  writeAtomic(join(outdir, 'simdnet.worker.d.ts'),
    "// Types of simdnet.worker.js: a module worker script with no exports; these are the messages it exchanges (see trainInWorker).\n" +
    `export type { ToWorker, FromWorker, TrainRequest, StopRequest, ProgressMessage, DoneMessage, ErrorMessage } from ${from};\n`);
}

/**
 * Builds the library for browsers: `dist/browser/simdnet.js` (entry `src/index.ts`) and
 * `dist/browser/simdnet.worker.js` (the training worker of src/worker/worker.ts), each with a source map, and
 * `dist/browser/simdnet.threads.js` (the same library with the shared-memory builds). Built from the default
 * entry, each also gets a .d.ts.
 *
 * ```js
 * import { buildLibrary } from './scripts/build-browser.mjs';
 * const { files } = await buildLibrary();  // [{ file, bytes, gzip }]
 * ```
 * @param {{ entry?: string, outdir?: string, plugins?: import('esbuild').Plugin[] }} [opts]
 */
export async function buildLibrary(opts = {}) {
  requireWasmBytes();
  const entry = resolve(repoRoot, opts.entry ?? 'src/index.ts');
  const outdir = resolve(repoRoot, opts.outdir ?? 'dist/browser');
  mkdirSync(outdir, { recursive: true });
  const lib = join(outdir, 'simdnet.js');
  const threads = join(outdir, 'simdnet.threads.js');
  const worker = join(outdir, 'simdnet.worker.js');
  const core = [withoutThreadsBuilds, ...(opts.plugins ?? [])];
  const metafiles = [
    await bundle(entry, lib, core),
    await bundle(join(repoRoot, 'src/worker/worker.ts'), worker, core),
    await bundle(entry, threads, opts.plugins),
  ];
  if (entry === resolve(repoRoot, 'src/index.ts')) writeTypes(outdir);
  return { files: [lib, worker, threads].map(sizeOf), metafiles };
}

/**
 * Builds the demo page's scripts into `demo/dist/` (main.js for the page, worker.js for training).
 * @param {{ outdir?: string, plugins?: import('esbuild').Plugin[] }} [opts]
 */
export async function buildDemo(opts = {}) {
  requireWasmBytes();
  const outdir = resolve(repoRoot, opts.outdir ?? 'demo/dist');
  mkdirSync(outdir, { recursive: true });
  const main = join(outdir, 'main.js');
  const worker = join(outdir, 'worker.js');
  const core = [withoutThreadsBuilds, ...(opts.plugins ?? [])];
  await bundle(join(repoRoot, 'demo/main.ts'), main, core);
  await bundle(join(repoRoot, 'src/worker/worker.ts'), worker, core);
  writeFileSync(join(outdir, '.gitignore'), '*\n');
  return { files: [main, worker].map(sizeOf) };
}

/** Size of a built file, raw and gzipped (level 9, what a server would send). */
export function sizeOf(file) {
  const bytes = readFileSync(file);
  return { file: relative(repoRoot, file), bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

async function main() {
  const args = process.argv.slice(2);
  const entryArg = args.find((a) => a.startsWith('--entry='));
  const { files } = await buildLibrary({ entry: entryArg?.slice('--entry='.length) });
  const all = args.includes('--demo') ? [...files, ...(await buildDemo()).files] : files;
  for (const f of all) console.log(`${f.file}  ${(f.bytes / 1024).toFixed(1)} KB  (${(f.gzip / 1024).toFixed(1)} KB gzipped)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err) => { console.error(err.message ?? err); process.exit(1); });
}

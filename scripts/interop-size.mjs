// Measures what the interop code would add to the core browser bundle (dist/browser/simdnet.js) if the main entry
// exported it, entry by entry; writes a Markdown table (the figures behind the simdnet/onnx and simdnet/tfjs subpaths).
//
//   node scripts/interop-size.mjs [--out bench/results/interop-size.md]

import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { repoRoot, withoutThreadsBuilds } from './build-browser.mjs';

/** The entry variants: the core as shipped, then the core plus each interop export (what a bundler would keep). */
const VARIANTS = [
  ['core (src/index.ts, as dist/browser/simdnet.js)', ''],
  ['core + toOnnx', "export { toOnnx } from './src/interop/onnx/index.ts';"],
  ['core + fromOnnx', "export { fromOnnx } from './src/interop/onnx/index.ts';"],
  ['core + toOnnx + fromOnnx', "export { toOnnx, fromOnnx } from './src/interop/onnx/index.ts';"],
  ['core + toTfjs + fromTfjs', "export { toTfjs, fromTfjs } from './src/interop/tfjs/index.ts';"],
  ['core + everything in simdnet/onnx and simdnet/tfjs', "export * from './src/interop/onnx/index.ts'; export * from './src/interop/tfjs/index.ts';"],
];

/** Minified bytes and gzip -9 bytes of one entry, with the options of the browser build (no threads builds). */
async function sizeOf(extra) {
  const r = await build({
    stdin: { contents: `export * from './src/index.ts';\n${extra}`, resolveDir: repoRoot, loader: 'ts' },
    bundle: true, format: 'esm', platform: 'browser', target: ['es2022', 'chrome100', 'firefox100', 'safari15'],
    supported: { 'top-level-await': false }, minify: true, write: false, logLevel: 'silent', plugins: [withoutThreadsBuilds],
  });
  const bytes = r.outputFiles[0].contents;
  return { bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

const rows = [];
let core;
for (const [name, extra] of VARIANTS) {
  const s = await sizeOf(extra);
  core ??= s;
  rows.push(`| ${name} | ${(s.bytes / 1024).toFixed(1)} | ${(s.gzip / 1024).toFixed(1)} | ${extra ? `+${((s.gzip - core.gzip) / 1024).toFixed(1)} (+${((100 * (s.gzip - core.gzip)) / core.gzip).toFixed(1)}%)` : '–'} |`);
}
const text = [
  '# What the interop code adds to the browser bundle',
  '',
  `${new Date().toISOString().slice(0, 10)}, esbuild ${(await import('esbuild')).version}, minified ESM as scripts/build-browser.mjs builds it (WASM inlined, no threads builds), gzip -9.`,
  'Command: `node scripts/interop-size.mjs --out bench/results/interop-size.md`.',
  '',
  '| entry | minified KB | gzipped KB | added to the core, gzipped KB |',
  '| --- | ---: | ---: | ---: |',
  ...rows,
  '',
  'The core bundle has a 110 KB gzipped budget (test/browser/bundle.test.ts), and everything above would take most of',
  "what is left of it, so the interop code ships as subpaths (`simdnet/onnx`, `simdnet/tfjs`, `simdnet/tfjs/node`) that share the core's",
  'modules: an app pays for toOnnx / fromOnnx / toTfjs / fromTfjs only where it imports them, and its bundler keeps only',
  'those it uses (the rows above are that cost). A test keeps src/interop/ out of dist/browser/simdnet.js.',
  '',
].join('\n');
process.stdout.write(text);
const i = process.argv.indexOf('--out');
if (i > 0 && process.argv[i + 1]) writeFileSync(process.argv[i + 1], text);

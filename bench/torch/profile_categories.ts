/** Sorts a `node --cpu-prof` profile of an MNIST run into what fit_overhead.md discusses: GEMMs, other kernels, copies, accuracy, JS per step, one-off work. */
// Usage: node --import tsx bench/torch/profile_categories.ts --epochs 4 /tmp/prof/fit [/tmp/prof/kernels-fused ...]

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { markdownTable } from '../util.js';

/** Categories in table order; a label goes to the first whose pattern matches it. */
export const CATEGORIES: [string, RegExp][] = [
  ['GEMMs (forward, dW, dX)', /^wasm (gemm|matmul)/],
  ['accuracy count (argmaxMatches)', /^wasm argmaxMatches/],
  ['other kernels (loss, ReLU backward, bias gradient, SGD)', /^wasm /],
  ['batch gathering (copy of x and y rows)', /^copyBytes |^copy \(src\/backend/],
  ['garbage collection', /^\(garbage collector\)/],
  ['once per run: reading and parsing the IDX files', /^parseMnist|^(read|readFileUtf8|openFileHandle|fstat|close|existsSync|access)$/],
  ['once per fit call: checking and uploading x and y (toMatrix, targets, alloc, write)', /^(toMatrix|targets|alloc|writeF32|write|toFloat32) \(|^grow$/],
  ['start-up: loading the WASM module, weights', /src\/backend\/wasm\/loader|^(wasmBackendFrom|initValues|uniform|normal) \(|^(compile|instantiate)/],
  ['JS per step in src/ (fit loop, layers, optimizer, backend wrappers)', /\(src\/(train|nn|backend)\//],
  ['JS per step in the bench driver', /\(bench\/compare\/mnist/],
];
const OTHER = 'module loading, start-up and the rest';

/** Self time per category (µs) from one profile's self times per label; also the labels of the per-step JS category. */
export function categorize(self: Map<string, number>): { total: Map<string, number>; js: [string, number][]; other: [string, number][] } {
  const total = new Map<string, number>([...CATEGORIES.map(([n]) => [n, 0] as [string, number]), [OTHER, 0]]);
  const js: [string, number][] = [];
  const other: [string, number][] = [];
  for (const [label, us] of self) {
    if (label === '(idle)' || label === '(program)' || label === '(root)') continue;
    const cat = CATEGORIES.find(([, re]) => re.test(label))?.[0] ?? OTHER;
    total.set(cat, total.get(cat)! + us);
    if (cat.startsWith('JS per step in src')) js.push([label, us]);
    if (cat === OTHER) other.push([label, us]);
  }
  return { total, js: js.sort((a, b) => b[1] - a[1]), other: other.sort((a, b) => b[1] - a[1]) };
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { epochs: { type: 'string', default: '4' } } });
if (positionals.length) {
  // imported here, not at the top: profile_summary.ts also prints a table when its own argv names .cpuprofile files
  const { selfTimes } = await import('../compare/profile_summary.js');
  const epochs = Number(values.epochs);
  const results = positionals.map((dir) => {
    const self = new Map<string, number>();
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.cpuprofile'))) {
      for (const [k, v] of selfTimes(JSON.parse(readFileSync(join(dir, f), 'utf8')))) self.set(k, (self.get(k) ?? 0) + v);
    }
    return { dir, ...categorize(self) };
  });
  const names = [...results[0].total.keys()];
  const ms = (us: number) => (us / 1000 / epochs).toFixed(1);
  console.log(`Self time per epoch (ms, the profile's total over ${epochs} epochs ÷ ${epochs}), one column per profile\n`);
  console.log(markdownTable(['where', ...results.map((r) => r.dir)], names.map((n) => [n, ...results.map((r) => ms(r.total.get(n)!))])));
  for (const r of results) {
    if (!r.js.length) continue;
    console.log(`\nJS per step in src/, ${r.dir}: ${r.js.slice(0, 12).map(([l, us]) => `${l} ${ms(us)}`).join('; ')}`);
  }
  for (const r of results) console.log(`\nLargest in "${OTHER}", ${r.dir}: ${r.other.slice(0, 8).map(([l, us]) => `${l} ${ms(us)}`).join('; ')}`);
}

/**
 * GEMM throughput of the WASM and pure-TS backends (`npm run bench`): GFLOP/s = 2·m·k·n / time, medians after warm-up.
 * `npm run bench -- --all` adds matmulTransA and matmulTransB (WASM only); `--wasm-only` skips the TS backend.
 * The relaxed-SIMD build is measured too where the engine runs it (Node 20: `node --experimental-wasm-relaxed-simd --import tsx bench/gemm.ts`).
 */

import type { Backend, Buf } from '../src/backend/backend.js';
import { createTsBackend } from '../src/backend/ts/ts_backend.js';
import { createWasmBackend } from '../src/backend/wasm/create.js';
import { relaxedSimdSupported } from '../src/backend/wasm/loader.js';
import { Random } from '../src/random.js';
import { machineHeader, markdownTable, measure, type Timing } from './util.js';

type Kernel = 'matmul' | 'matmulTransA' | 'matmulTransB';

/** m×k×n: the cubes, then MNIST-MLP-shaped products (batch × 784 inputs × hidden units). */
const SHAPES: [number, number, number][] = [
  [64, 64, 64], [128, 128, 128], [256, 256, 256], [512, 512, 512], [1024, 1024, 1024],
  [32, 784, 64], [128, 784, 128], [256, 784, 256],
];

/** Operand sizes for C = A·B (matmul), C = Aᵀ·B (transA: A m×k, B m×n) and C = A·Bᵀ (transB: A m×n, B k×n). */
function sizes(kernel: Kernel, m: number, k: number, n: number): [number, number, number] {
  if (kernel === 'matmul') return [m * k, k * n, m * n];
  if (kernel === 'matmulTransA') return [m * k, m * n, k * n];
  return [m * n, k * n, m * k];
}

/** Times one product on `be`; returns [wall, cpu] GFLOP/s. */
function gflops(be: Backend, kernel: Kernel, [m, k, n]: [number, number, number], rng: Random): [number, number] {
  const bufs: Buf[] = sizes(kernel, m, k, n).map((len) => {
    const b = be.alloc(len);
    be.write(b, Float32Array.from({ length: len }, () => rng.normal()));
    return b;
  });
  const flop = 2 * m * k * n;
  // the TS backend runs at well under 1 GFLOP/s: for products over 0.2 GFLOP, 3 single-call samples
  const slow = be.name === 'ts' && flop > 2e8;
  const t: Timing = measure(() => be[kernel](bufs[0], bufs[1], bufs[2], m, k, n), slow ? { warmup: 1, samples: 3, minSampleMs: 0 } : { samples: 7 });
  for (const b of bufs) be.free(b);
  return [flop / (t.wallMs * 1e6), flop / (t.cpuMs * 1e6)];
}

async function main(): Promise<void> {
  const all = process.argv.includes('--all');
  const withTs = !process.argv.includes('--wasm-only');
  const wasm = await createWasmBackend(undefined, { simd: 'baseline' });
  const relaxed = relaxedSimdSupported() ? await createWasmBackend(undefined, { simd: 'relaxed' }) : null;
  const ts = createTsBackend();
  const f = (x: number, d = 2): string => (Number.isNaN(x) ? '–' : x.toFixed(d));
  console.log(`# GEMM GFLOP/s, single thread\n\n${machineHeader()}\n`);
  console.log('Medians of 7 samples after warm-up (TS above 0.2 GFLOP per product: 3 single calls). "wall" is 2mkn / wall-clock time;');
  console.log('"cpu" uses this process\'s CPU time instead, which leaves out time the OS gave to other processes.');
  if (!relaxed) console.log('Relaxed SIMD is not enabled in this engine, so only the baseline build is measured.');
  console.log('');
  for (const kernel of (all ? ['matmul', 'matmulTransA', 'matmulTransB'] : ['matmul']) as Kernel[]) {
    const useTs = withTs && kernel === 'matmul';
    const rows: (string | number)[][] = [];
    for (const shape of SHAPES) {
      const [w, wc] = gflops(wasm, kernel, shape, new Random(0));
      const [r, rc] = relaxed ? gflops(relaxed, kernel, shape, new Random(0)) : [NaN, NaN];
      const [t, tc] = useTs ? gflops(ts, kernel, shape, new Random(0)) : [NaN, NaN];
      rows.push([shape.join('×'), f(w), f(wc), ...(relaxed ? [f(r), f(rc)] : []), f(t), f(tc), f(w / t, 1)]);
      console.error(`${kernel} ${shape.join('×')}: wasm ${f(w)} (cpu ${f(wc)})${relaxed ? `  relaxed ${f(r)} (cpu ${f(rc)})` : ''}  ts ${f(t)} (cpu ${f(tc)})`);
    }
    const head = ['m×k×n', 'wasm wall', 'wasm cpu', ...(relaxed ? ['relaxed wall', 'relaxed cpu'] : []), 'ts wall', 'ts cpu', 'wasm/ts (wall)'];
    console.log(`## ${kernel}\n\n${markdownTable(head, rows)}\n`);
  }
}

await main();

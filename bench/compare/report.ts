/** Results of the comparison as rows, and their rendering as a markdown report with ratios and target checks. */

import { cpus, loadavg } from 'node:os';
import { cpuName } from '../util.js';
import { CONTENDERS, type Contender } from './contenders.js';
import { layersTable, type LayerTime } from './layers.js';

/**
 * One measured figure. `value` is GFLOP/s for GEMM (higher is better), seconds or µs otherwise (lower is better); the
 * convnet workload's row with key 'gemm' is simdnet's GEMM 128×784×128 in GFLOP/s, measured between its epochs.
 */
export interface Row {
  workload: 'gemm' | 'moons' | 'mnist' | 'layers' | 'convnet';
  /** GEMM shape label, or the way the step is written ('model', 'kernels', 'tfjs-core', 'tfjs-layers'). */
  key: string;
  contender: Contender;
  value: number;
  /** e.g. 'extrapolated from 6000 of 60000 rows'. */
  note?: string;
}

export interface Header {
  cpu: string;
  cores: number;
  node: string;
  date: string;
  tfjs: string;
  set: 'quick' | 'full';
  /** 1-minute load average when the run started (other processes competing for the cores). */
  load?: number;
}

export function machineHeader(tfjs: string, set: 'quick' | 'full'): Header {
  const cpu = cpuName();
  return { cpu, cores: cpus().length, node: process.version, date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), tfjs, set, load: loadavg()[0] };
}

const fmt = (v: number | undefined, digits = 3): string => {
  if (v === undefined || !Number.isFinite(v)) return '—';
  if (v >= 100) return v.toFixed(0);
  return v.toPrecision(digits);
};
const ratio = (r: number | undefined): string => (r === undefined || !Number.isFinite(r) ? '—' : `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×`);

/** The simdnet-wasm row used as the reference for the ratios of a time workload: the model API if measured, else kernels. */
function reference(rows: Row[], workload: Row['workload']): Row | undefined {
  const wasm = rows.filter((r) => r.workload === workload && r.contender === 'simdnet-wasm');
  return wasm.find((r) => r.key === 'model') ?? wasm[0];
}

const ORDER = ['model', 'kernels', 'tfjs-core', 'tfjs-layers'];
const WRITTEN: Record<string, string> = {
  model: 'simdnet model API',
  kernels: 'backend kernels, hand-written step',
  'tfjs-core': 'tf ops + `optimizer.minimize`',
  'tfjs-layers': 'tfjs-layers',
};

function gemmTable(rows: Row[]): string[] {
  const g = rows.filter((r) => r.workload === 'gemm');
  if (!g.length) return [];
  const shapes = [...new Set(g.map((r) => r.key))];
  const get = (s: string, c: Contender) => g.find((r) => r.key === s && r.contender === c)?.value;
  const out = [
    '### GEMM, C = A·B (GFLOP/s, higher is better)',
    '',
    `| m×k×n | ${CONTENDERS.join(' | ')} | wasm ÷ ts | wasm ÷ tfjs-wasm | wasm ÷ tfjs-cpu |`,
    `|---|${CONTENDERS.map(() => '---:').join('|')}|---:|---:|---:|`,
  ];
  for (const s of shapes) {
    const w = get(s, 'simdnet-wasm');
    const r = (c: Contender) => (w !== undefined && get(s, c) ? w / get(s, c)! : undefined);
    out.push(`| ${s} | ${CONTENDERS.map((c) => fmt(get(s, c))).join(' | ')} | ${ratio(r('simdnet-ts'))} | ${ratio(r('tfjs-wasm'))} | ${ratio(r('tfjs-cpu'))} |`);
  }
  return out;
}

function timeTable(rows: Row[], workload: 'moons' | 'mnist' | 'convnet', title: string, unit: string): string[] {
  const t = rows.filter((r) => r.workload === workload && r.key !== 'gemm');
  if (!t.length) return [];
  t.sort((a, b) => CONTENDERS.indexOf(a.contender) - CONTENDERS.indexOf(b.contender) || ORDER.indexOf(a.key) - ORDER.indexOf(b.key));
  const ref = reference(rows, workload);
  const out = [
    `### ${title} (${unit}, lower is better)`,
    '',
    `| contender | written as | ${unit} | simdnet-wasm (${ref ? WRITTEN[ref.key] ?? ref.key : '—'}) is faster by | note |`,
    '|---|---|---:|---:|---|',
  ];
  for (const r of t) {
    out.push(`| ${r.contender} | ${WRITTEN[r.key] ?? r.key} | ${fmt(r.value)} | ${ratio(ref ? r.value / ref.value : undefined)} | ${r.note ?? ''} |`);
  }
  if (workload === 'convnet') out.push('', ...convnetThroughput(rows));
  return out;
}

/** The convnet epoch in useful GFLOP/s (issue 12's count: 2·Ho·Wo·kh·kw·cin·cout per sample and pass) beside simdnet's GEMM. */
function convnetThroughput(rows: Row[]): string[] {
  const ref = reference(rows, 'convnet'), gemm = rows.find((r) => r.workload === 'convnet' && r.key === 'gemm')?.value;
  if (!ref || gemm === undefined) return [];
  const gf = CONVNET_EPOCH_GFLOP / ref.value;
  return [`simdnet-wasm trains the convnet at ${fmt(gf)} useful GFLOP/s (${CONVNET_EPOCH_GFLOP.toFixed(0)} GFLOP per epoch), ${(100 * gf / gemm).toFixed(0)}% of its GEMM 128×784×128 measured between the epochs (${fmt(gemm)} GFLOP/s).`];
}

/** Useful GFLOP of one convnet epoch over 60000 images (bench/compare/convnet_epoch.ts's convnetEpochFlops). */
const CONVNET_EPOCH_GFLOP = 60000 * (2 * (2 * 24 * 24 * 25 * 8) + 3 * (2 * 8 * 8 * 25 * 8 * 16)) / 1e9;

function verdict(ok: boolean | undefined): string {
  return ok === undefined ? 'not measured' : ok ? '**holds**' : '**does not hold**';
}

/** The targets of issue 6, each checked against the measured rows. */
function targets(rows: Row[]): string[] {
  const find = (w: Row['workload'], key: string, c: Contender) => rows.find((r) => r.workload === w && r.key === key && r.contender === c)?.value;
  const out = ['### Targets', '', '| target | measured | verdict |', '|---|---|---|'];
  for (const s of [...new Set(rows.filter((r) => r.workload === 'gemm' && !r.key.includes('³')).map((r) => r.key))]) {
    const w = find('gemm', s, 'simdnet-wasm'), t = find('gemm', s, 'tfjs-wasm');
    const r = w !== undefined && t !== undefined ? w / t : undefined;
    out.push(`| GEMM ${s} ≥ 1.1× tfjs-wasm | ${ratio(r)} | ${verdict(r === undefined ? undefined : r >= 1.1)} |`);
  }
  const mRef = reference(rows, 'mnist');
  if (mRef) {
    const tw = find('mnist', 'tfjs-layers', 'tfjs-wasm');
    const ts = find('mnist', mRef.key, 'simdnet-ts');
    const a = tw !== undefined ? tw / mRef.value : undefined, b = ts !== undefined ? ts / mRef.value : undefined;
    out.push(`| MNIST epoch ≥ 5× faster than tfjs-layers on tfjs-wasm | ${ratio(a)} | ${verdict(a === undefined ? undefined : a >= 5)} |`);
    out.push(`| MNIST epoch ≥ 15× faster than simdnet-ts | ${ratio(b)} | ${verdict(b === undefined ? undefined : b >= 15)} |`);
  }
  const cRef = reference(rows, 'convnet');
  if (cRef) {
    const tc = find('convnet', 'tfjs-layers', 'tfjs-cpu'), gemm = find('convnet', 'gemm', 'simdnet-wasm');
    const a = tc !== undefined ? tc / cRef.value : undefined;
    out.push(`| MNIST convnet epoch ≥ 10× faster than tfjs-layers on tfjs-cpu | ${ratio(a)} | ${verdict(a === undefined ? undefined : a >= 10)} |`);
    const share = gemm !== undefined ? CONVNET_EPOCH_GFLOP / cRef.value / gemm : undefined;
    out.push(`| MNIST convnet training ≥ 70% of simdnet's GEMM 128×784×128 GFLOP/s | ${share === undefined ? '—' : `${(100 * share).toFixed(0)}%`} | ${verdict(share === undefined ? undefined : share >= 0.7)} |`);
  }
  const sRef = reference(rows, 'moons');
  if (sRef) {
    out.push(`| moons step ≤ 12 µs | ${fmt(sRef.value)} µs | ${verdict(sRef.value <= 12)} |`);
    for (const key of ['tfjs-core', 'tfjs-layers']) {
      const t = find('moons', key, 'tfjs-wasm');
      const r = t !== undefined ? t / sRef.value : undefined;
      out.push(`| moons step ≥ 10× faster than tfjs-wasm (${WRITTEN[key]}) | ${ratio(r)} | ${verdict(r === undefined ? undefined : r >= 10)} |`);
    }
  }
  return out;
}

/** The whole report: header, one table per workload, target checks, then any extra blocks (the convolution kernel tables). Paste-able into the README. */
export function renderReport(h: Header, rows: Row[], notes: string[] = [], extra: string[] = []): string {
  const lines = [
    `## simdnet vs TensorFlow.js (${h.set} set)`,
    '',
    `${h.cpu}, ${h.cores} cores · Node ${h.node} · ${h.date} · tfjs ${h.tfjs}` +
      (h.load !== undefined ? ` · load average ${h.load.toFixed(1)} at start${h.load > h.cores * 0.5 ? ' (**busy machine: figures are noisy**)' : ''}` : ''),
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ];
  for (const block of [gemmTable(rows), timeTable(rows, 'moons', 'WildML moons, one full-batch training step (200 points, 2-3-2 tanh, softmax CE, L2, SGD)', 'µs'),
    timeTable(rows, 'mnist', 'MNIST, one epoch (60000 images, 784-128-64-10 ReLU, softmax CE, batch 64, SGD 0.1, no shuffling)', 's'),
    layersTable(rows.filter((r) => r.workload === 'layers').map((r) => {
      const [variant, part] = r.key.split('|');
      return { contender: r.contender, variant, part, us: r.value } as LayerTime;
    })),
    timeTable(rows, 'convnet', 'MNIST convnet, one epoch (60000 images, conv 5×5×8 → relu → maxpool 2 → conv 5×5×16 → relu → maxpool 2 → dense 10, softmax CE, batch 64, SGD 0.05, no shuffling)', 's'),
    targets(rows)]) {
    if (block.length) lines.push(...block, '');
  }
  if (extra.length) lines.push('### Convolution kernels (process CPU time, GFLOP/s counting useful flops)', '', ...extra);
  return lines.join('\n');
}

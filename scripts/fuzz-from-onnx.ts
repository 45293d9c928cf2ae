// Fuzzes fromOnnx with ≥ 10⁵ seeded inputs: byte mutations of ONNX files and graph edits that decode but break the op subset, the chain or the sizes.
// Run: `npm run fuzz:from-onnx` (= npx tsx scripts/fuzz-from-onnx.ts), or `npx tsx scripts/fuzz-from-onnx.ts --count 1000000 --seed 7 --out bench/results/fuzz-from-onnx.md`.
// Exits 1 when any input threw something other than a RangeError / TypeError, or built more weight bytes than twice its own size.

import { writeFileSync } from 'node:fs';
import { machineHeader, markdownTable } from '../bench/util.js';
import { init } from '../src/backend/index.js';
import { importSeeds, KINDS, runImportFuzz, type ImportFuzzReport } from '../test/interop/onnx/from_onnx_fuzz.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

function report(r: ImportFuzzReport, seed: number, memory: { rssMB: number; heapMB: number; startRssMB: number }): string {
  const outcomes = Object.keys(r.outcomes).sort();
  const pct = (n: number) => `${((100 * n) / r.inputs).toFixed(1)}%`;
  return [
    '# fromOnnx fuzzing',
    '',
    machineHeader(),
    '',
    `Command: \`npx tsx scripts/fuzz-from-onnx.ts --count ${r.inputs} --seed ${seed}\`. ${r.inputs} inputs in ${(r.ms / 1000).toFixed(1)} s ` +
      `(${((1000 * r.ms) / r.inputs).toFixed(0)} µs each, mutation included), on the WASM backend. Seeds: ${importSeeds().map((s) => `${s.name} (${s.bytes.length} B)`).join(', ')}. ` +
      'Kinds are taken in turn: the byte mutations of scripts/fuzz-onnx.ts (one per input), and graph edits (decode a seed, change one thing — an op type, ' +
      'a node dropped, duplicated, swapped or rewired, an attribute, initializer dims, the input shape or type, the opset — and encode it again), which reach the ' +
      'importers rather than the decoder. An input that imports is also run on one row (when it has at most 4096 inputs) and disposed.',
    '',
    '## Outcomes',
    '',
    markdownTable(['outcome', 'count', 'share'], outcomes.map((k) => [k, r.outcomes[k], pct(r.outcomes[k])])),
    '',
    markdownTable(['kind', ...outcomes], KINDS.map((k) => [k, ...outcomes.map((o) => r.byKind[k]?.[o] ?? 0)])),
    '',
    `**Untyped errors or amplified imports: ${r.failures.length}.**`,
    ...r.failures.slice(0, 20).map((f) => `- ${f.kind} of ${f.seed}: ${f.problem}\n  \`${f.hex}\``),
    '',
    `**Largest weights built per input byte** (over the ${r.outcomes.imported ?? 0} imports): ${r.maxAmplification.toFixed(2)} (4 bytes per weight; the check fails above 2).`,
    `**Memory:** resident set ${memory.startRssMB.toFixed(0)} MB before the run, at most ${memory.rssMB.toFixed(0)} MB during it (sampled every 1000 inputs); JS heap at most ${memory.heapMB.toFixed(0)} MB.`,
    `**Slowest input:** ${r.slowest.ms.toFixed(2)} ms, a ${r.slowest.kind} of ${r.slowest.seed} (${r.slowest.bytes} bytes), ${r.slowest.outcome}; ` +
      `run 9 more times, its median is ${r.slowest.rerunMs.toFixed(3)} ms (so the first figure is a pause of the process, not the input, when the two differ much).`,
    '',
    `<details><summary>the slowest input, hex</summary>\n\n\`${r.slowest.hex}\`\n\n</details>`,
    '',
    '## Error messages (digits shown as N, names as "…")',
    '',
    markdownTable(['message', 'count'], Object.entries(r.messages).sort((a, b) => b[1] - a[1]).map(([m, n]) => [m.replace(/\|/g, '\\|'), n])),
    '',
  ].join('\n');
}

const count = Number(arg('count', '100000'));
const seed = Number(arg('seed', '1'));
if (!Number.isInteger(count) || count < 1) throw new RangeError(`fuzz-from-onnx: --count must be a positive integer, got ${count}`);
await init();
const mb = (n: number) => n / 2 ** 20;
const memory = { startRssMB: mb(process.memoryUsage().rss), rssMB: 0, heapMB: 0 };
const chunks: ImportFuzzReport[] = [];
// In chunks of 1000 (each with its own seed) so that memory is sampled as the run goes.
for (let done = 0, k = 0; done < count; k++) {
  const n = Math.min(1000, count - done);
  chunks.push(runImportFuzz(n, seed * 1_000_003 + k));
  done += n;
  const m = process.memoryUsage();
  memory.rssMB = Math.max(memory.rssMB, mb(m.rss));
  memory.heapMB = Math.max(memory.heapMB, mb(m.heapUsed));
}
const r: ImportFuzzReport = chunks.reduce((a, b) => ({
  inputs: a.inputs + b.inputs, ms: a.ms + b.ms, failures: [...a.failures, ...b.failures],
  outcomes: merge(a.outcomes, b.outcomes), messages: merge(a.messages, b.messages),
  byKind: Object.fromEntries([...new Set([...Object.keys(a.byKind), ...Object.keys(b.byKind)])].map((k) => [k, merge(a.byKind[k] ?? {}, b.byKind[k] ?? {})])),
  slowest: a.slowest.ms >= b.slowest.ms ? a.slowest : b.slowest, maxAmplification: Math.max(a.maxAmplification, b.maxAmplification),
}));

function merge(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

const text = report(r, seed, memory);
process.stdout.write(text);
const out = arg('out', '');
if (out) writeFileSync(out, text);
process.exitCode = r.failures.length > 0 ? 1 : 0;

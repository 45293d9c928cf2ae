// Fuzzes decodeModel with ≥ 10⁵ seeded mutations of the ONNX fixtures; prints a Markdown report (outcomes, error shapes, slowest input, untyped errors).
// Run: `npm run fuzz:onnx` (= npx tsx scripts/fuzz-onnx.ts), or `npx tsx scripts/fuzz-onnx.ts --count 1000000 --seed 7 --out bench/results/fuzz-onnx.md`.
// Exits 1 when any input threw something other than a RangeError / TypeError, or re-encoded unstably; such inputs are listed in hex.

import { writeFileSync } from 'node:fs';
import { machineHeader, markdownTable } from '../bench/util.js';
import { MUTATIONS, fuzzSeeds, runFuzz, type FuzzReport } from '../test/interop/onnx/fuzz.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

function report(r: FuzzReport, seed: number): string {
  const outcomes = Object.keys(r.outcomes).sort();
  const pct = (n: number) => `${((100 * n) / r.inputs).toFixed(1)}%`;
  const lines = [
    '# decodeModel fuzzing',
    '',
    `${machineHeader()}`,
    '',
    `Command: \`npx tsx scripts/fuzz-onnx.ts --count ${r.inputs} --seed ${seed}\`. ${r.inputs} inputs in ${(r.ms / 1000).toFixed(1)} s ` +
      `(${((1000 * r.ms) / r.inputs).toFixed(0)} µs each, mutation included). Seeds: ${fuzzSeeds().map((s) => `${s.name} (${s.bytes.length} B)`).join(', ')}. ` +
      'Each input is one mutation of a seed, and in a quarter of the cases a second one on top. An input that decodes is also ' +
      'read (tensorToFloat32 of its FLOAT initializers) and re-encoded: encode → decode → encode must give the same bytes.',
    '',
    '## Outcomes',
    '',
    markdownTable(['outcome', 'count', 'share'], outcomes.map((k) => [k, r.outcomes[k], pct(r.outcomes[k])])),
    '',
    markdownTable(['mutation', ...outcomes], MUTATIONS.map((m) => [m, ...outcomes.map((k) => r.byMutation[m]?.[k] ?? 0)])),
    '',
    `**Untyped errors or unstable re-encodings: ${r.failures.length}.**`,
    ...r.failures.slice(0, 20).map((f) => `- ${f.mutation} of ${f.seed}: ${f.problem}\n  \`${f.hex}\``),
    '',
    `**Slowest input:** ${r.slowest.ms.toFixed(2)} ms, a ${r.slowest.mutation} of ${r.slowest.seed} (${r.slowest.bytes} bytes), ${r.slowest.outcome}; ` +
      `run 9 more times, its median is ${r.slowest.rerunMs.toFixed(3)} ms (so the first figure is a pause of the process, not the input, when the two differ much).`,
    '',
    `<details><summary>the slowest input, hex</summary>\n\n\`${r.slowest.hex}\`\n\n</details>`,
    '',
    '## Error messages (digits shown as N, names as "…", the field path and offset dropped where they lead the message)',
    '',
    markdownTable(['message', 'count'], Object.entries(r.messages).sort((a, b) => b[1] - a[1]).map(([m, n]) => [m.replace(/\|/g, '\\|'), n])),
    '',
  ];
  return lines.join('\n');
}

const count = Number(arg('count', '100000'));
const seed = Number(arg('seed', '1'));
if (!Number.isInteger(count) || count < 1) throw new RangeError(`fuzz-onnx: --count must be a positive integer, got ${count}`);
const r = runFuzz(count, seed);
const text = report(r, seed);
process.stdout.write(text);
const out = arg('out', '');
if (out) writeFileSync(out, text);
process.exitCode = r.failures.length > 0 ? 1 : 0;

// Fuzzes parseCsv: seeded cases (written from a known matrix, mutated, random, bad options) checked against a reference reader, and timed.
//
//   npx tsx scripts/fuzz-csv.ts [--cases 100000] [--seed 1]
//
// Every case must end in a result equal to the reference reader's (test/data/csv_reference.ts), or in a
// RangeError / TypeError naming the same line; a matrix written to CSV must come back bit for bit.
// Prints the counts, the failures (replay one with --only <i>), the slowest case and the throughput on large inputs.

import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parseCsv } from '../src/data/csv.js';
import { checkCase, fuzzCase, type CaseKind } from '../test/data/csv_fuzz.js';

const { values: args } = parseArgs({ options: { cases: { type: 'string', default: '100000' }, seed: { type: 'string', default: '1' }, only: { type: 'string' } } });
const cases = Number(args.cases), seed = Number(args.seed);

function timeCase(c: ReturnType<typeof fuzzCase>): number {
  const t = performance.now();
  try {
    parseCsv(c.text, c.options);
  } catch {
    // refusals are timed too
  }
  return performance.now() - t;
}

function run(): number {
  const counts: Record<CaseKind, { n: number; threw: number }> = { matrix: { n: 0, threw: 0 }, mutated: { n: 0, threw: 0 }, random: { n: 0, threw: 0 }, options: { n: 0, threw: 0 } };
  const failures: string[] = [];
  const slowest: { ms: number; i: number }[] = []; // the 10 slowest, timed again below to tell a slow input from a GC pause or a busy machine
  const times: number[] = [];
  const t0 = performance.now(), cpu0 = process.cpuUsage();
  const ids = args.only !== undefined ? [Number(args.only)] : Array.from({ length: cases }, (_, i) => i);
  for (const i of ids) {
    const c = fuzzCase(seed, i);
    const problem = checkCase(c);
    const start = performance.now();
    try {
      parseCsv(c.text, c.options);
    } catch {
      counts[c.kind].threw++;
    }
    const ms = performance.now() - start;
    times.push(ms);
    if (slowest.length < 10 || ms > slowest[9].ms) {
      slowest.push({ ms, i });
      slowest.sort((a, b) => b.ms - a.ms).splice(10);
    }
    counts[c.kind].n++;
    if (problem) failures.push(`case ${i} (${c.kind}): ${problem}\n  text ${JSON.stringify(c.text).slice(0, 300)}\n  options ${JSON.stringify(c.options)}`);
  }
  const total = (performance.now() - t0) / 1000, cpu = process.cpuUsage(cpu0);
  console.log(`seed ${seed}, ${ids.length} cases in ${total.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU ` +
    '(each parsed twice: once checked against the reference, once timed)');
  for (const [k, v] of Object.entries(counts)) console.log(`  ${k.padEnd(8)} ${String(v.n).padStart(7)} cases, ${String(v.threw).padStart(7)} refused with a RangeError/TypeError`);
  times.sort((a, b) => a - b);
  const q = (f: number) => times[Math.min(times.length - 1, Math.floor(f * times.length))].toFixed(3);
  console.log(`parse time per case: median ${q(0.5)} ms, 99.9th percentile ${q(0.999)} ms, max ${q(1)} ms (case ${slowest[0].i})`);
  const again = slowest.map(({ i }) => {
    const c = fuzzCase(seed, i);
    return { i, chars: c.text.length, ms: Array.from({ length: 5 }, () => timeCase(c)).sort((a, b) => a - b)[2] };
  }).sort((a, b) => b.ms - a.ms)[0];
  console.log(`slowest input, the 10 slowest timed again (median of 5): ${again.ms.toFixed(3)} ms (case ${again.i}, ${again.chars} characters)`);
  console.log(`failures: ${failures.length}`);
  for (const f of failures.slice(0, 10)) console.log(f);
  return failures.length;
}

/** Time to parse (or refuse) inputs built to be slow (median of 5 runs, wall and CPU): long runs of quotes, delimiters, line breaks, one huge cell, a big numeric file. */
function large(): void {
  const n = 1 << 20;
  const numeric = Array.from({ length: 20000 }, (_, i) => Array.from({ length: 10 }, (_, j) => ((i * 31 + j * 7) % 1000) / 8 - 60).join(',')).join('\n');
  const inputs: [string, string, Record<string, unknown>][] = [
    ['1 MiB of quotes', '"'.repeat(n), {}],
    ['1 MiB quoted cell of "" pairs', `"${'""'.repeat(n / 2)}"`, { header: true }],
    ['1 MiB of delimiters', ','.repeat(n), {}],
    ['1 MiB of CR', '\r'.repeat(n), {}],
    ['1 MiB of LF after one row', `1\n${'\n'.repeat(n)}`, {}],
    ['1 MiB of blank lines inside', `1\n${'\n'.repeat(n)}2`, {}],
    ['1 MiB unquoted cell', `a\n${'9'.repeat(n)}`, {}],
    ['1 MiB of digits with a dot each', `a\n${'1.'.repeat(n / 2)}`, {}],
    ['1 MiB of comment lines', `${'#\n'.repeat(n / 2)}1`, { comment: '#' }],
    [`numeric file, 20000 × 10 (${(numeric.length / 1e6).toFixed(1)} MB)`, numeric, { header: false }],
  ];
  for (const [name, text, options] of inputs) {
    let outcome = 'parsed';
    const wall: number[] = [], cpu: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t = performance.now(), c0 = process.cpuUsage();
      try {
        parseCsv(text, options);
      } catch (e) {
        outcome = `${(e as Error).constructor.name}: ${(e as Error).message.slice(0, 60)}`;
      }
      const c = process.cpuUsage(c0);
      wall.push(performance.now() - t);
      cpu.push((c.user + c.system) / 1000);
    }
    const ms = wall.sort((a, b) => a - b)[2], cpuMs = cpu.sort((a, b) => a - b)[2];
    console.log(`  ${name.padEnd(40)} ${ms.toFixed(1).padStart(6)} ms wall ${cpuMs.toFixed(1).padStart(6)} ms CPU ` +
      `${(cpuMs < 0.05 ? "—" : (text.length / 1e3 / cpuMs).toFixed(0)).padStart(5)} MB/s of CPU  ${outcome}`);
  }
}

const failed = run();
if (args.only === undefined) {
  console.log('large inputs:');
  large();
}
process.exitCode = failed > 0 ? 1 : 0;

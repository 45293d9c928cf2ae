/** Fuzzing helper for decodeModel: seeded mutations of ONNX bytes (bit flips, truncations, forged lengths, splices) and a runner that classifies every outcome. */
import { readFileSync } from 'node:fs';
import { decodeModel, encodeModel, tensorToFloat32 } from '../../../src/interop/onnx/index.js';
import { Random } from '../../../src/random.js';
import { sampleModel } from './samples.js';

/** A varint's value (as a number, exact below 2^53) and its byte count, or null when it is not a complete varint. */
function readVarint(b: Uint8Array, at: number, end: number): { value: number; size: number } | null {
  let value = 0, scale = 1;
  for (let i = 0; i < 10 && at + i < end; i++) {
    value += (b[at + i] & 0x7f) * scale;
    scale *= 128;
    if (b[at + i] < 0x80) return { value, size: i + 1 };
  }
  return null;
}

function encodeVarint(v: bigint): number[] {
  const out: number[] = [];
  let u = BigInt.asUintN(64, v);
  while (u >= 0x80n) { out.push(Number(u & 0x7fn) | 0x80); u >>= 7n; }
  out.push(Number(u));
  return out;
}

/**
 * Offsets of the length varints of every length-delimited field, walking into payloads that parse as messages.
 * A walker of its own (not ProtoReader), so that the mutations do not depend on the code they test.
 */
export function lengthOffsets(b: Uint8Array, start = 0, end = b.length, depth = 0, out: number[] = []): number[] {
  let p = start;
  while (p < end) {
    const tag = readVarint(b, p, end);
    if (tag === null || tag.value < 8) return out;
    p += tag.size;
    const wire = tag.value % 8;
    if (wire === 0) { const v = readVarint(b, p, end); if (v === null) return out; p += v.size; }
    else if (wire === 1) p += 8;
    else if (wire === 5) p += 4;
    else if (wire === 2) {
      const len = readVarint(b, p, end);
      if (len === null || p + len.size + len.value > end) return out;
      out.push(p);
      p += len.size;
      if (depth < 12) lengthOffsets(b, p, p + len.value, depth + 1, out);
      p += len.value;
    } else return out;
  }
  return out;
}

export const MUTATIONS = ['bit flips', 'truncation', 'forged length', 'byte overwrite', 'insertion', 'deletion', 'splice'] as const;
export type Mutation = (typeof MUTATIONS)[number];

function forgeLength(src: Uint8Array, rng: Random, lengths: number[]): Uint8Array {
  const at = lengths[rng.int(lengths.length)];
  const old = readVarint(src, at, src.length)!;
  const choices = [old.value + 1, old.value - 1, old.value + 1 + rng.int(64), rng.int(2 * old.value + 2), 0, 2 ** 31 - 1, 2 ** 32 + old.value, 2 ** 35];
  const forged = rng.int(10) === 0 ? -1n : BigInt(Math.max(0, choices[rng.int(choices.length)]));
  return Uint8Array.from([...src.subarray(0, at), ...encodeVarint(forged), ...src.subarray(at + old.size)]);
}

/** One mutated copy of `src`; `lengths` are its length-varint offsets (from lengthOffsets). */
export function mutate(src: Uint8Array, kind: Mutation, rng: Random, lengths: number[]): Uint8Array {
  const n = src.length;
  switch (kind) {
    case 'bit flips': {
      const b = src.slice();
      for (let k = 1 + rng.int(4); k > 0; k--) b[rng.int(n)] ^= 1 << rng.int(8);
      return b;
    }
    case 'truncation': return src.slice(0, rng.int(n));
    case 'forged length': return lengths.length ? forgeLength(src, rng, lengths) : src.slice();
    case 'byte overwrite': {
      const b = src.slice();
      const special = [0x00, 0x80, 0xff, 0x7f, 0x0b, 0x0c, 0x0f, rng.int(256)];
      for (let k = 1 + rng.int(3); k > 0; k--) b[rng.int(n)] = special[rng.int(special.length)];
      return b;
    }
    case 'insertion': {
      const at = rng.int(n + 1);
      const extra = Array.from({ length: 1 + rng.int(8) }, () => (rng.int(2) ? 0x80 | rng.int(128) : rng.int(256)));
      return Uint8Array.from([...src.subarray(0, at), ...extra, ...src.subarray(at)]);
    }
    case 'deletion': {
      const at = rng.int(n), len = 1 + rng.int(8);
      return Uint8Array.from([...src.subarray(0, at), ...src.subarray(at + len)]);
    }
    case 'splice': {
      const a = rng.int(n), len = 1 + rng.int(Math.min(64, n - a)), to = rng.int(n);
      return Uint8Array.from([...src.subarray(0, to), ...src.subarray(a, a + len), ...src.subarray(to)]);
    }
  }
}

/** The seed corpus: PyTorch's exports in test/fixtures/onnx and the sample model that uses every field of the subset. */
export function fuzzSeeds(): { name: string; bytes: Uint8Array }[] {
  const dir = new URL('../../fixtures/onnx/', import.meta.url);
  const files = ['mlp_tanh.onnx', 'mlp_relu_sigmoid.onnx', 'cnn_small.onnx'];
  const seeds = files.map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(new URL(f, dir))) }));
  return [...seeds, { name: 'sample (every field)', bytes: encodeModel(sampleModel()) }];
}

export interface FuzzReport {
  inputs: number;
  ms: number;
  /** Outcome → count: 'decoded', or the error class that decodeModel threw. */
  outcomes: Record<string, number>;
  /** Error message shapes (digits → N, field paths dropped) → count. */
  messages: Record<string, number>;
  byMutation: Record<string, Record<string, number>>;
  /** Errors that are neither RangeError nor TypeError, and re-encodings that did not reproduce themselves. */
  failures: { mutation: string; seed: string; problem: string; hex: string }[];
  slowest: { ms: number; mutation: string; seed: string; bytes: number; outcome: string; hex: string; rerunMs: number };
}

function shapeOf(message: string): string {
  return message.replace(/^[^:]+: /, '').replace(/^ModelProto.*? at byte \d+: /, '')
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/\d+/g, 'N');
}

/** Decodes the model, and when that works, reads its float tensors and checks that encode → decode → encode is stable. */
function exercise(bytes: Uint8Array): void {
  const m = decodeModel(bytes);
  for (const t of m.graph.initializer) if (t.dataType === 1 && t.dataLocation !== 1) tensorToFloat32(t);
  let once: Uint8Array;
  try {
    once = encodeModel(m); // refuses some decodable models (a GRAPH attribute), always with a RangeError
  } catch (e) {
    if (e instanceof RangeError) return;
    throw new Error(`encodeModel threw on a decoded model: ${String(e)}`);
  }
  const twice = encodeModel(decodeModel(once));
  if (Buffer.compare(once, twice) !== 0) throw new Error('encode(decode(x)) is not stable');
}

/** Runs `count` mutated inputs (mutation kinds and seeds taken in turn, details drawn from `seed`). */
export function runFuzz(count: number, seed: number): FuzzReport {
  const rng = new Random(seed);
  const seeds = fuzzSeeds().map((s) => ({ ...s, lengths: lengthOffsets(s.bytes) }));
  const r: FuzzReport = { inputs: count, ms: 0, outcomes: {}, messages: {}, byMutation: {}, failures: [], slowest: { ms: -1, mutation: '', seed: '', bytes: 0, outcome: '', hex: '', rerunMs: 0 } };
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const s = seeds[i % seeds.length];
    const mutation = MUTATIONS[Math.floor(i / seeds.length) % MUTATIONS.length];
    let bytes = mutate(s.bytes, mutation, rng, s.lengths);
    if (rng.int(4) === 0) bytes = mutate(bytes, MUTATIONS[rng.int(MUTATIONS.length)], rng, lengthOffsets(bytes));
    let outcome = 'decoded';
    const start = performance.now();
    try {
      exercise(bytes);
    } catch (e) {
      outcome = e instanceof Error ? e.constructor.name : typeof e;
      const typed = e instanceof RangeError || e instanceof TypeError;
      if (typed) r.messages[shapeOf(e.message)] = (r.messages[shapeOf(e.message)] ?? 0) + 1;
      else r.failures.push({ mutation, seed: s.name, problem: String(e), hex: Buffer.from(bytes).toString('hex') });
    }
    const ms = performance.now() - start;
    if (ms > r.slowest.ms) r.slowest = { ms, mutation, seed: s.name, bytes: bytes.length, outcome, hex: Buffer.from(bytes).toString('hex'), rerunMs: 0 };
    r.outcomes[outcome] = (r.outcomes[outcome] ?? 0) + 1;
    const row = (r.byMutation[mutation] ??= {});
    row[outcome] = (row[outcome] ?? 0) + 1;
  }
  r.ms = performance.now() - t0;
  r.slowest.rerunMs = medianRerun(exercise, Buffer.from(r.slowest.hex, 'hex'));
  return r;
}

/** The median time of 9 more runs of one input: tells a slow input from a pause (GC, JIT) that happened to hit it. */
export function medianRerun(run: (bytes: Uint8Array) => unknown, bytes: Uint8Array): number {
  const times: number[] = [];
  for (let k = 0; k < 9; k++) {
    const start = performance.now();
    try { run(bytes); } catch { /* its outcome was counted already */ }
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[4];
}

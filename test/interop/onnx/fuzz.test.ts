// A seeded fuzz sample of decodeModel (mutated PyTorch exports) and adversarial inputs built to be slow or to allocate: only typed errors, fast.
import { describe, expect, it } from 'vitest';
import { ProtoWriter, decodeModel, tensorToFloat32 } from '../../../src/interop/onnx/index.js';
import { MUTATIONS, fuzzSeeds, lengthOffsets, runFuzz } from './fuzz.js';

describe('decodeModel under mutation', () => {
  it('3000 mutated copies of the fixtures throw only RangeError / TypeError, and encode → decode is stable on the rest', () => {
    const r = runFuzz(3000, 2024);
    expect(r.failures).toEqual([]);
    expect(Object.keys(r.outcomes).every((k) => ['decoded', 'RangeError', 'TypeError'].includes(k))).toBe(true);
    expect(r.outcomes.RangeError).toBeGreaterThan(2000);        // the mutations do break files...
    expect(r.outcomes.decoded).toBeGreaterThan(50);             // ...and some still decode, so the success path is fuzzed too
    for (const m of MUTATIONS) expect(Object.values(r.byMutation[m]).reduce((a, b) => a + b, 0)).toBeGreaterThan(300);
    expect(r.ms).toBeLessThan(20_000);
    expect(r.slowest.ms).toBeLessThan(1_000);
  });

  it('finds the length fields to forge in every seed (the walker is independent of ProtoReader)', () => {
    for (const s of fuzzSeeds()) expect(lengthOffsets(s.bytes).length).toBeGreaterThan(20);
  });
});

describe('inputs built to be slow or to allocate', () => {
  const model = (graph: (g: ProtoWriter) => void) =>
    new ProtoWriter('t').int64(1, 7).message(7, graph).message(8, (o) => o.int64(2, 13)).finish();

  it('200 000 floats written one per tag decode in linear time', () => {
    const n = 200_000;
    const bytes = model((g) => g.message(5, (t) => {
      t.int64(1, n).int64(2, 1);
      for (let i = 0; i < n; i++) t.float(4, i);
    }));
    const start = performance.now();
    const data = tensorToFloat32(decodeModel(bytes).graph.initializer[0]);
    expect(performance.now() - start).toBeLessThan(2_000);
    expect(data.length).toBe(n);
    expect(data[n - 1]).toBe(n - 1);
  });

  it('a forged 2 GB raw_data length, or dims of 2^60 elements, are refused without allocating them', () => {
    const forged = Uint8Array.from([...model(() => {}), 0x4a, 0xff, 0xff, 0xff, 0xff, 0x07, 1, 2, 3]);
    expect(() => decodeModel(forged)).toThrow(/field 9 at byte \d+: length 2147483647 at byte \d+ runs past the end \(3 bytes left\)/);
    const huge = model((g) => g.message(5, (t) => t.int64(1, 2 ** 30).int64(1, 2 ** 30).int64(2, 1)));
    expect(() => decodeModel(huge)).toThrow(/more than 2\^53 − 1 elements/);
    const noData = model((g) => g.message(5, (t) => t.int64(1, 2 ** 40).int64(2, 1)));
    expect(() => tensorToFloat32(decodeModel(noData).graph.initializer[0])).toThrow(/has dims \[1099511627776\] but no data/);
  });

  it('1000 levels of nested unknown fields are skipped as bytes, without parsing (hence without recursion)', () => {
    let inner: Uint8Array = new ProtoWriter('t').int64(1, 1).finish();
    for (let i = 0; i < 1000; i++) inner = new ProtoWriter('t').bytes(99, inner).finish();
    expect(decodeModel(model((g) => g.bytes(99, inner))).graph.node).toEqual([]);
  });
});

// checkImported / buildImported: a foreign model's description is checked whole (kinds, shapes, weight names, sizes, finiteness) before anything is allocated.
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, init } from '../../src/backend/index.js';
import { buildImported, checkImported, f32Decimal, type ImportedModel } from '../../src/interop/imported.js';

beforeAll(async () => { await init(); });

const W = (n: number) => new Float32Array(n).map((_, i) => i / 10);
const good = (): ImportedModel => ({
  inputShape: [2],
  layers: [
    { config: { kind: 'dense', units: 3 }, weights: { W: W(6), b: W(3) }, source: 'node "a" (Gemm)' },
    { config: { kind: 'relu' }, weights: {}, source: 'node "r" (Relu)' },
  ],
});

describe('checkImported', () => {
  it('accepts a consistent description and builds it with the weights as given', () => {
    const model = buildImported('fromTest', good());
    expect(String(model)).toBe('dense(2→3) → relu');
    expect(model.getWeights()[0].W).toEqual([[0, 0.1, 0.2].map(Math.fround), [0.3, 0.4, 0.5].map(Math.fround)]);
    model.dispose();
  });

  it.each<[string, (m: ImportedModel) => ImportedModel, ErrorConstructor, RegExp]>([
    ['an unknown kind', (m) => ({ ...m, layers: [{ ...m.layers[0], config: { kind: 'conv9d' as 'dense' } }] }), TypeError, /^fromTest: node "a" \(Gemm\): layerFromConfig: unknown layer kind "conv9d"/],
    ['a missing weight', (m) => ({ ...m, layers: [{ ...m.layers[0], weights: { W: W(6) } }] }), RangeError, /node "a" \(Gemm\): dense\(2→3\) is missing its weight 'b'/],
    ['an extra weight', (m) => ({ ...m, layers: [{ ...m.layers[0], weights: { W: W(6), b: W(3), gamma: W(3) } }] }), RangeError, /has no weight 'gamma'/],
    ['a wrong size', (m) => ({ ...m, layers: [{ ...m.layers[0], weights: { W: W(5), b: W(3) } }] }), RangeError, /weight 'W' has 5 values, expected 6 \(2×3\)/],
    ['an infinite value', (m) => ({ ...m, layers: [{ ...m.layers[0], weights: { W: W(6), b: Float32Array.of(0, Infinity, 0) } }] }), RangeError, /weight 'b' has a non-finite value \(Infinity\) at index 1/],
    ['a bad input shape', (m) => ({ ...m, inputShape: [0] }), RangeError, /the input shape \[0\] is not 1 to 4 positive integers/],
    ['no layers', (m) => ({ ...m, layers: [] }), RangeError, /the model has no layers/],
    ['layers that do not chain', (m) => ({ ...m, inputShape: [4, 4, 1] }), RangeError, /^fromTest: sequential: layer 0 \(dense\(3\)\) expects \[features\] input/],
  ])('refuses %s without allocating', (_, edit, kind, message) => {
    const live = getBackend().liveBuffers();
    expect(() => buildImported('fromTest', edit(good()))).toThrow(kind);
    expect(() => checkImported('fromTest', edit(good()))).toThrow(message);
    expect(getBackend().liveBuffers()).toBe(live);
  });
});

describe('f32Decimal', () => {
  it('gives the shortest decimal with the same f32', () => {
    expect(f32Decimal(Math.fround(0.01))).toBe(0.01);
    expect(f32Decimal(Math.fround(0.3))).toBe(0.3);
    expect(f32Decimal(0.1234567891)).toBe(0.12345679);
    expect(Math.fround(f32Decimal(Math.fround(Math.PI)))).toBe(Math.fround(Math.PI));
  });
});

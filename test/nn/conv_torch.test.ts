// conv2d → relu → (max or average pool) → flatten → dense against PyTorch: its f64 losses and gradients (test/fixtures/conv_grads.json, make_torch_fixtures.py).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend, type BackendName } from '../../src/backend/index.js';
import { avgPool2d, conv2d, dense, flatten, maxPool2d, relu, sequential, type Layer } from '../../src/index.js';
import { availableBackends, maxRelDiff } from './reference.js';

interface TorchCase {
  inputShape: [number, number, number]; filters: number; kernelSize: number; strides: number; padding: 'valid' | 'same';
  pool: { kind: 'max' | 'avg'; poolSize: number; strides: number } | null; outShape: number[];
  x: number[][]; labels: number[]; W: number[][][]; b: number[][];
  expect: { loss: number; dW: number[][][]; db: number[][] };
}
const cases: TorchCase[] = JSON.parse(readFileSync(new URL('../fixtures/conv_grads.json', import.meta.url), 'utf8'));

let backends: BackendName[] = ['ts'];
beforeAll(async () => { backends = await availableBackends(); });

function modelOf(c: TorchCase) {
  const layers: Layer[] = [conv2d({ inputShape: c.inputShape, filters: c.filters, kernelSize: c.kernelSize, strides: c.strides, padding: c.padding }), relu()];
  if (c.pool) layers.push((c.pool.kind === 'max' ? maxPool2d : avgPool2d)({ poolSize: c.pool.poolSize, strides: c.pool.strides }));
  layers.push(flatten(), dense(3));
  const m = sequential(layers);
  m.setWeights([{ W: c.W[0], b: c.b[0] }, { W: c.W[1], b: c.b[1] }]);
  return m;
}

describe('PyTorch f64 losses and gradients (conv_grads.json)', () => {
  for (const c of cases) {
    const name = `${c.inputShape.join('×')} → ${c.filters} ${c.kernelSize}×${c.kernelSize} stride ${c.strides} ${c.padding}${c.pool ? `, ${c.pool.kind} pool ${c.pool.poolSize} stride ${c.pool.strides}` : ''}`;
    it(name, () => {
      for (const be of backends) {
        setBackend(be);
        const m = modelOf(c);
        expect(m.layers.at(-3)!.outputShape).toEqual(c.outShape); // the layer before flatten
        const { loss, grads } = m.gradients(c.x, c.labels, { loss: 'softmaxCrossEntropy' });
        expect(Math.abs(loss - c.expect.loss) / c.expect.loss, be).toBeLessThan(1e-6);
        grads.forEach((g, i) => {
          const scale = Math.max(...c.expect.dW[i].flat().map(Math.abs));
          expect(maxRelDiff(g.W, c.expect.dW[i], scale * 1e-3), `${be} layer ${i} W`).toBeLessThan(1e-4);
          expect(maxRelDiff(g.b, c.expect.db[i], scale * 1e-3), `${be} layer ${i} b`).toBeLessThan(1e-4);
        });
        m.dispose();
      }
    });
  }
});

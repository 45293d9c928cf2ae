// examples/dropout-mnist on a slice of MNIST: without dropout the wide network memorizes and its validation loss climbs past its best; with dropout both its best and its final validation loss are lower. TS and WASM run the same masks.
import { describe, expect, it } from 'vitest';
import { runDropoutMnist } from '../../examples/dropout-mnist/index.js';
import { maxRelDiff } from '../nn/reference.js';

describe('examples/dropout-mnist', () => {
  it('1000 training images, 256 wide, 20 epochs on WASM: dropout lowers the best and the final validation loss and narrows the train–validation gap', async () => {
    const { plain, dropout, figures } = await runDropoutMnist({ backend: 'wasm', train: 1000, validation: 1000, hidden: 256, epochs: 20, plot: true });
    for (const r of [plain, dropout]) {
      expect(r.valLoss).toHaveLength(20);
      expect(r.finalAccuracy).toBeCloseTo(r.valAccuracy.at(-1)!, 10); // predictClasses counted apart from fit's kernel count
      expect(r.finalAccuracy).toBeGreaterThan(0.8); // chance is 0.1
    }
    expect(plain.accuracy.at(-1)).toBe(1); // memorized every training image
    expect(plain.valLoss.at(-1)!).toBeGreaterThan(1.05 * plain.best.valLoss); // and got worse on new ones
    expect(dropout.best.valLoss).toBeLessThan(plain.best.valLoss);
    expect(dropout.valLoss.at(-1)!).toBeLessThan(plain.valLoss.at(-1)!);
    const gap = (r: typeof plain) => r.accuracy.at(-1)! - r.finalAccuracy;
    expect(gap(dropout)).toBeLessThan(gap(plain));
    expect(figures.map((f) => f.name)).toEqual(['without-dropout.svg', 'with-dropout.svg']);
    for (const f of figures) expect(f.svg).toContain('validation loss');
  });

  it('the pure-TS backend trains the same two runs (same masks) to the same curves as WASM, on a tiny slice', async () => {
    const opts = { train: 128, validation: 64, hidden: 16, epochs: 2 };
    const ts = await runDropoutMnist({ backend: 'ts', ...opts });
    const wasm = await runDropoutMnist({ backend: 'wasm', ...opts });
    for (const k of ['plain', 'dropout'] as const) {
      expect(maxRelDiff([...ts[k].loss, ...ts[k].valLoss], [...wasm[k].loss, ...wasm[k].valLoss])).toBeLessThan(1e-4);
    }
  });
});

// Smoke test of the layer-cost workload: each variant is the model it claims, trains through fit on both simdnet backends with its layers timed every step, and the table reads the medians as it says.
import { describe, expect, it } from 'vitest';
import { init } from '../../../src/backend/index.js';
import { LAYER_VARIANTS, layersCase, layersProblem, layersTable } from '../../../bench/compare/layers.js';

describe('bench/compare/layers', () => {
  it('each variant is the model it names; its fit steps lower the loss and record a time per step for the layers it has', async () => {
    await init();
    const p = layersProblem(16, 784, 8, 3);
    const chains: Record<string, string> = {
      dense: 'dense(784→8) → relu → dense(8→3)', '+batchNorm': 'dense(784→8) → batchNorm(8) → relu → dense(8→3)',
      '+dropout': 'dense(784→8) → relu → dropout(0.5) → dense(8→3)', '+both': 'dense(784→8) → batchNorm(8) → relu → dropout(0.5) → dense(8→3)',
    };
    for (const c of ['simdnet-wasm', 'simdnet-ts'] as const) {
      for (const v of LAYER_VARIANTS) {
        const lc = layersCase(c, v, p);
        expect(String(lc.model)).toBe(chains[v]);
        const first = await lc.steps(1);
        const later = await lc.steps(30);
        expect(later, `${c} ${v}`).toBeLessThan(first);
        expect(lc.perStep['dense(784→128)']).toHaveLength(31);
        expect(lc.perStep['dense(784→128)'].every((t) => t > 0)).toBe(true);
        expect(lc.perStep.batchNorm.every((t) => (v.includes('atch') || v === '+both' ? t > 0 : t === 0))).toBe(true);
        expect(lc.perStep.dropout.every((t) => (v === '+dropout' || v === '+both' ? t > 0 : t === 0))).toBe(true);
        lc.dispose();
      }
    }
  });

  it('the table puts each median in its column and the shares as layer ÷ dense(784→128)', () => {
    const lines = layersTable([
      { contender: 'simdnet-wasm', variant: '+both', part: 'step', us: 800 }, { contender: 'simdnet-wasm', variant: '+both', part: 'dense(784→128)', us: 500 },
      { contender: 'simdnet-wasm', variant: '+both', part: 'batchNorm', us: 25 }, { contender: 'simdnet-wasm', variant: '+both', part: 'relu', us: 4 },
      { contender: 'simdnet-wasm', variant: '+both', part: 'dropout', us: 10 },
    ]);
    expect(lines.at(-1)).toBe('| simdnet-wasm | + both | 800.0 | 500.0 | 25.0 | 4.0 | 10.0 | 5.0% | 2.0% |');
    expect(layersTable([])).toEqual([]);
  });
});

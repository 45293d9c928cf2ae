// Smoke test of the layer-cost workload: each variant is the model it claims, trains through fit on both simdnet backends, and the table derives the costs from the times as it says.
import { describe, expect, it } from 'vitest';
import { init } from '../../../src/backend/index.js';
import { LAYER_VARIANTS, layersCase, layersProblem, layersTable } from '../../../bench/compare/layers.js';

describe('bench/compare/layers', () => {
  it('each variant is the model it names and its fit steps lower the loss, on both backends', async () => {
    await init();
    const p = layersProblem(16, 20, 8, 3);
    const chains: Record<string, string> = {
      head: 'dense(8→3)', dense: 'dense(20→8) → relu → dense(8→3)', '+batchNorm': 'dense(20→8) → batchNorm(8) → relu → dense(8→3)',
      '+dropout': 'dense(20→8) → relu → dropout(0.5) → dense(8→3)', '+both': 'dense(20→8) → batchNorm(8) → relu → dropout(0.5) → dense(8→3)',
    };
    for (const c of ['simdnet-wasm', 'simdnet-ts'] as const) {
      for (const v of LAYER_VARIANTS) {
        const lc = layersCase(c, v, p);
        expect(String(lc.model)).toBe(chains[v]);
        const first = await lc.steps(1);
        const later = await lc.steps(30);
        expect(later, `${c} ${v}`).toBeLessThan(first);
        lc.dispose();
      }
    }
  });

  it('the table: added cost = variant − dense, share = added ÷ (dense − head)', () => {
    const lines = layersTable([
      { contender: 'simdnet-wasm', variant: 'head', us: 20 }, { contender: 'simdnet-wasm', variant: 'dense', us: 520 },
      { contender: 'simdnet-wasm', variant: '+batchNorm', us: 545 }, { contender: 'simdnet-wasm', variant: '+dropout', us: 530 },
    ]);
    const row = (start: string) => lines.find((l) => l.startsWith(`| simdnet-wasm | ${start}`));
    expect(row('dense(784→128) → relu')).toContain('| 520.0 |  | (500.0 µs) |');
    expect(row('+ batchNorm(128)')).toContain('| 545.0 | 25.0 | 5.0% |');
    expect(row('+ dropout(0.5)')).toContain('| 530.0 | 10.0 | 2.0% |');
    expect(layersTable([])).toEqual([]);
  });
});

// examples/time-series on both backends: an LSTM forecasts 1959–1960 one month ahead far better than the naive forecasts, never seeing those months.
import { describe, expect, it } from 'vitest';
import { airlinePassengers, runTimeSeries } from '../../examples/time-series/index.js';

describe('examples/time-series', () => {
  it('ships the 144 months of Series G (first, last, extremes and sum of the published series)', () => {
    const s = airlinePassengers();
    expect([s.length, s[0], s[143], Math.min(...s), Math.max(...s), s.reduce((a, b) => a + b, 0)]).toEqual([144, 112, 432, 104, 622, 40363]);
  });

  it.each(['ts', 'wasm'] as const)('on %s: beats "next = last month" by 2× and stays within 6 percent on the test years', async (backend) => {
    const r = await runTimeSeries({ backend, plot: true });
    expect(r.truth).toEqual(r.series.slice(120));
    expect(r.forecast).toHaveLength(24);
    // the references are computed from the data alone: last month (RMSE 51.8) and the same month a year before (50.0)
    expect(r.model.rmse).toBeLessThan(r.naive.rmse / 2);
    expect(r.model.rmse).toBeLessThan(r.seasonal.rmse / 2);
    expect(r.model.mape).toBeLessThan(0.06);
    expect(r.loss.at(-1)!).toBeLessThan(r.loss[0] / 5);
    expect(r.figures.map((f) => f.name)).toEqual(['airline-forecast.svg', 'airline-loss.svg']);
  });
});

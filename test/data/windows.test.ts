// Tests src/data/windows.ts: windows and targets by hand, stride and horizon, and the refusals.
import { describe, expect, it } from 'vitest';
import { slidingWindows } from '../../src/data/windows.js';

describe('slidingWindows', () => {
  it('cuts a series into windows and the value after each', () => {
    const { x, y } = slidingWindows([1, 2, 3, 4, 5], { window: 3 });
    expect(x.shape).toEqual([2, 3]);
    expect(Array.from(x.data)).toEqual([1, 2, 3, 2, 3, 4]);
    expect(Array.from(y.data)).toEqual([4, 5]);
    expect(y.shape).toEqual([2, 1]);
  });

  it('horizon picks a later target; stride skips starts', () => {
    const s = Array.from({ length: 10 }, (_, i) => i * 10);
    const h = slidingWindows(s, { window: 2, horizon: 3 });
    expect(h.x.shape[0]).toBe(6);
    expect([Array.from(h.x.data.slice(0, 2)), h.y.data[0]]).toEqual([[0, 10], 40]);
    const st = slidingWindows(s, { window: 4, stride: 3 });
    expect(Array.from(st.y.data)).toEqual([40, 70]);
    expect(Array.from(st.x.data.slice(4, 8))).toEqual([30, 40, 50, 60]);
  });

  it('refuses short series, bad sizes and non-finite values', () => {
    expect(() => slidingWindows([1, 2, 3], { window: 3 })).toThrow('slidingWindows: a series of 3 values has no window of 3 with a target 1 step after it');
    expect(() => slidingWindows([1, 2, 3], { window: 0 })).toThrow(RangeError);
    expect(() => slidingWindows([1, 2, 3], { window: 1, step: 2 } as never)).toThrow(TypeError);
    expect(() => slidingWindows([1, NaN, 3, 4], { window: 2 })).toThrow('slidingWindows: series[1] is NaN, not a finite number');
    expect(() => slidingWindows('abc' as never, { window: 1 })).toThrow(TypeError);
  });
});

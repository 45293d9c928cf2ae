// Sampler orders and DeviceData row selection.
import { describe, expect, it } from 'vitest';
import { backendByName } from '../../src/backend/index.js';
import { Random } from '../../src/random.js';
import { DeviceData, Sampler } from '../../src/train/batching.js';

describe('batching', () => {
  it('randomBatch draws distinct rows, every row eventually; shuffled is a permutation', () => {
    const s = new Sampler(10, new Random(1));
    const hits = new Set<number>();
    for (let k = 0; k < 50; k++) {
      const b = Array.from(s.randomBatch(4).subarray(0, 4));
      expect(new Set(b).size).toBe(4);
      b.forEach((i) => { expect(i).toBeLessThan(10); hits.add(i); });
    }
    expect(hits.size).toBe(10);
    expect(Array.from(s.shuffled()).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('select copies or gathers the requested rows of x and targets', () => {
    const be = backendByName('ts');
    const x = { data: Float32Array.from([0, 1, 10, 11, 20, 21, 30, 31, 40, 41]), shape: [5, 2] as [number, number] };
    const t = { rows: 5, cols: 1, data: Float32Array.from([0, 1, 2, 3, 4]), labels: null };
    const live = be.liveBuffers();
    const d = new DeviceData(be, x, t, 2);
    const g = d.select(1, 2, [4, 3, 0, 1, 2]);
    expect(Array.from(be.read(g.x!, 0, 4))).toEqual([30, 31, 0, 1]);
    expect(Array.from(be.read(g.t!, 0, 2))).toEqual([3, 0]);
    const c = d.select(3, 2, null);
    expect(Array.from(be.read(c.x!, 0, 4))).toEqual([30, 31, 40, 41]);
    d.dispose();
    expect(be.liveBuffers()).toBe(live);
  });
});

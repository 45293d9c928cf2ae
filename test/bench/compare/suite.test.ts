// Tests of the interleaved measurement: each case runs on its own tfjs backend, failures are dropped, not fatal.
import { describe, expect, it } from 'vitest';
import { assertActive, prepare } from '../../../bench/compare/contenders.js';
import { interleave, type Case } from '../../../bench/compare/suite.js';
import { tf } from '../../../bench/compare/tfjs.js';

describe('bench/compare/suite interleave', () => {
  it('makes each tfjs case\'s backend current before timing it, round after round', async () => {
    const seen: Record<string, Set<string>> = { 'tfjs-wasm': new Set(), 'tfjs-cpu': new Set() };
    const opts = { warmup: 1, samples: 2, sampleMs: 0, budgetMs: 0 };
    const cases: Case[] = (['tfjs-wasm', 'tfjs-cpu'] as const).map((c) => ({
      contender: c, key: 'probe', opts, dispose: () => {},
      run: () => { seen[c].add(tf.getBackend()); },
    }));
    await prepare('tfjs-wasm');
    await prepare('tfjs-cpu'); // the last one prepared is current, as after building every case
    const times = await interleave(cases, 3, () => {});
    expect([...seen['tfjs-wasm']]).toEqual(['wasm']);
    expect([...seen['tfjs-cpu']]).toEqual(['cpu']);
    expect(times.size).toBe(2);
  });

  it('drops a failing case, logs it, and keeps the others', async () => {
    const logs: string[] = [];
    const opts = { warmup: 1, samples: 1, sampleMs: 0, budgetMs: 0 };
    const ok: Case = { contender: 'simdnet-ts', key: 'ok', opts, dispose: () => {}, run: () => {} };
    const bad: Case = { contender: 'simdnet-ts', key: 'bad', opts, dispose: () => {}, run: () => { throw new Error('boom'); } };
    const times = await interleave([bad, ok], 2, (s) => logs.push(s));
    expect([...times.keys()]).toEqual([ok]);
    expect(logs.join('\n')).toContain('bad simdnet-ts: FAILED — boom');
  });

  it('assertActive refuses to time tfjs-wasm while tfjs-cpu is current', async () => {
    await prepare('tfjs-cpu');
    expect(() => assertActive('tfjs-wasm')).toThrow(/tfjs-wasm .* current backend is cpu/);
    expect(() => assertActive('simdnet-wasm')).not.toThrow();
  });
});

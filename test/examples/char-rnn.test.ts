// examples/char-rnn on both backends: the LSTM learns more than character frequencies (held-out loss below the text's unigram entropy) and writes from its seed.
import { describe, expect, it } from 'vitest';
import { runCharRnn, shakespeare } from '../../examples/char-rnn/index.js';

const SMALL = { units: 48, window: 16, chunk: 384, sampleLength: 60, plot: true } as const;

describe('examples/char-rnn', () => {
  it('ships 200 KB of tiny shakespeare: 62 characters, starting with the first citizen', () => {
    const text = shakespeare();
    expect(text.length).toBe(199994);
    expect(new Set(text).size).toBe(62);
    expect(text.startsWith('First Citizen:\nBefore we proceed any further, hear me speak.')).toBe(true);
  });

  it('on wasm: well below the unigram entropy on held-out text after 8192 windows; samples start from the seed, in the vocabulary', async () => {
    const r = await runCharRnn({ ...SMALL, backend: 'wasm', units: 64, chunk: 512, rounds: 16, lr: 0.01 });
    // untrained: near-uniform over the 62 characters (ln 62 = 4.127 nats)
    expect(Math.abs(r.heldOut.before - Math.log(62))).toBeLessThan(0.05);
    // the unigram entropy is the best any model ignoring the context can do (computed from the text alone)
    expect(r.heldOut.after).toBeLessThan(r.unigram - 0.3);
    for (const s of [r.before, r.after]) {
      expect(s.startsWith('First Citizen:\n')).toBe(true);
      expect(s).toHaveLength('First Citizen:\n'.length + 60);
      expect([...s].every((c) => r.vocab.includes(c))).toBe(true);
    }
    expect(r.losses).toHaveLength(16);
    expect(r.figures.map((f) => f.name)).toEqual(['char-rnn-loss.svg']);
  });

  it('on ts: the same program learns (held-out loss falls by half a nat in 1152 windows)', async () => {
    const r = await runCharRnn({ ...SMALL, backend: 'ts', rounds: 3 });
    expect(r.heldOut.after).toBeLessThan(r.heldOut.before - 0.5);
  });
});

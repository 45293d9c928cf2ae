/** Karpathy's min-char-rnn, the simdnet way: an LSTM reads a window of Shakespeare one character per step and learns the next character; then writes from a seed. */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { adam, dense, lstm, sequential, type Sequential } from '../../src/index.js';
import { lossCurve } from '../../src/plot/index.js';
import { Random } from '../../src/random.js';
import { backendFromArgv, isMain, saveFigures, svgDirFromArgv, useBackend, type BackendChoice, type Figure } from '../cli.js';

export interface CharRnnOptions {
  backend?: BackendChoice;
  /** Characters read per window: the LSTM's steps (default 32). */
  window?: number;
  units?: number;
  /** Training rounds; each fits one pass over `chunk` windows starting at random places in the text (default 60). */
  rounds?: number;
  chunk?: number;
  batchSize?: number;
  lr?: number;
  /** Characters to write before and after training, from `prime` (default 400, "First Citizen:\n"). */
  sampleLength?: number;
  prime?: string;
  /** Sampling temperature: logits / temperature before the softmax (default 0.8). */
  temperature?: number;
  seed?: number;
  log?: (line: string) => void;
  plot?: boolean;
}

export interface CharRnnResult {
  vocab: string;
  /** Mean cross-entropy (nats per character) of each round's pass. */
  losses: number[];
  /** Cross-entropy on the held-out last 10% of the text, before and after training. */
  heldOut: { before: number; after: number };
  /** The entropy of the text's character frequencies: the loss of the best model that ignores the context. */
  unigram: number;
  before: string;
  after: string;
  figures: Figure[];
}

/** data/shakespeare.txt: 200 KB of tiny shakespeare. */
export function shakespeare(): string {
  return readFileSync(fileURLToPath(new URL('../../data/shakespeare.txt', import.meta.url)), 'utf8');
}

/** One-hot windows: row r holds `window` characters (window·V values, one step of V per character) and the next one's index. */
function encode(text: string, index: Map<string, number>, starts: number[], window: number): { x: Float32Array; y: Uint8Array } {
  const V = index.size;
  const x = new Float32Array(starts.length * window * V);
  const y = new Uint8Array(starts.length);
  starts.forEach((s, r) => {
    for (let t = 0; t < window; t++) x[(r * window + t) * V + index.get(text[s + t])!] = 1;
    y[r] = index.get(text[s + window])!;
  });
  return { x, y };
}

/** Writes `length` characters after `prime`, each drawn from softmax(logits / temperature) of the last `window` characters. */
function sample(model: Sequential, vocab: string, index: Map<string, number>, prime: string, length: number, window: number, temperature: number, rng: Random): string {
  let text = prime.padStart(window, '\n');
  for (let i = 0; i < length; i++) {
    const { x } = encode(text, index, [text.length - window], window);
    const logits = model.predict({ data: x.subarray(0, window * vocab.length), shape: [1, window * vocab.length] }).data;
    const max = Math.max(...logits);
    const p = Array.from(logits, (l) => Math.exp((l - max) / temperature));
    let u = rng.uniform() * p.reduce((a, b) => a + b, 0), k = 0;
    while (k < p.length - 1 && (u -= p[k]) > 0) k++;
    text += vocab[k];
  }
  return text.slice(text.length - length - prime.length);
}

/**
 * Trains lstm(units) → dense(V) with softmax cross-entropy on windows of the first 90% of the text and measures the
 * last 10%.
 *
 * ```ts
 * const r = await runCharRnn({ backend: 'wasm', log: console.log });
 * console.log(r.after);
 * ```
 */
export async function runCharRnn(opts: CharRnnOptions = {}): Promise<CharRnnResult> {
  if (opts.backend) await useBackend(opts.backend);
  const [window, units, rounds, chunk] = [opts.window ?? 32, opts.units ?? 128, opts.rounds ?? 60, opts.chunk ?? 2048];
  const [prime, length, temperature] = [opts.prime ?? 'First Citizen:\n', opts.sampleLength ?? 400, opts.temperature ?? 0.8];
  const log = opts.log ?? (() => {});
  const text = shakespeare();
  const vocab = [...new Set(text)].sort().join('');
  const index = new Map([...vocab].map((c, i) => [c, i]));
  const V = vocab.length;
  const split = Math.floor(text.length * 0.9);
  const rng = new Random(opts.seed ?? 0);
  const counts = [...vocab].map((c) => text.split(c).length - 1);
  const unigram = -counts.reduce((s, n) => s + (n / text.length) * Math.log(n / text.length), 0);
  const model = sequential([lstm({ units, inputShape: [window, V] }), dense(V)], { seed: opts.seed ?? 0 });
  try {
    const held = encode(text, index, Array.from({ length: 512 }, (_, i) => split + Math.floor((i * (text.length - split - window - 1)) / 512)), window);
    const heldX = { data: held.x, shape: [512, window * V] as [number, number] };
    const lossOn = () => model.evaluate(heldX, held.y, { loss: 'softmaxCrossEntropy' }).loss;
    const heldBefore = lossOn();
    const before = sample(model, vocab, index, prime, length, window, temperature, new Random(7));
    log(`${text.length} characters, ${V} distinct; held-out loss ${heldBefore.toFixed(3)} nats/char untrained (uniform: ${Math.log(V).toFixed(3)}, unigram: ${unigram.toFixed(3)})`);
    const losses: number[] = [];
    const optimizer = adam({ lr: opts.lr ?? 0.005 });
    for (let r = 0; r < rounds; r++) {
      const starts = Array.from({ length: chunk }, () => rng.int(split - window - 1));
      const { x, y } = encode(text, index, starts, window);
      const h = await model.fit({ data: x, shape: [chunk, window * V] }, y, { loss: 'softmaxCrossEntropy', optimizer, batchSize: opts.batchSize ?? 64, seed: r, clipNorm: 5 });
      losses.push(h.loss[0]);
      if ((r + 1) % 10 === 0 || r === rounds - 1) log(`round ${r + 1}/${rounds}: loss ${h.loss[0].toFixed(3)} nats/char`);
    }
    const heldAfter = lossOn();
    const after = sample(model, vocab, index, prime, length, window, temperature, new Random(7));
    log(`held-out loss ${heldAfter.toFixed(3)} nats/char after ${rounds * chunk} windows`);
    log(`--- before training ---\n${before}\n--- after training ---\n${after}`);
    const figures: Figure[] = opts.plot ? [{ name: 'char-rnn-loss.svg', svg: lossCurve({ loss: losses }, { title: `lstm(${units}) on Shakespeare: cross-entropy per character (nats), ${chunk} windows per round`, xLabel: 'round', lossLabel: 'nats per character' }) }] : [];
    return { vocab, losses, heldOut: { before: heldBefore, after: heldAfter }, unigram, before, after, figures };
  } finally {
    model.dispose();
  }
}

if (isMain(import.meta.url)) {
  const svgDir = svgDirFromArgv();
  runCharRnn({ backend: backendFromArgv(), log: (line) => console.log(line), plot: svgDir !== null })
    .then((r) => (svgDir ? saveFigures(svgDir, r.figures) : undefined))
    .catch((e) => {
      console.error(e);
      process.exitCode = 1;
    });
}

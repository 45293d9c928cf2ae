// simdnet train mnist --model cnn: the convnet, its flags and refusals, and the saved model through info and predict.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryOut, type CliIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { parseTrainArgs } from '../../src/cli/train.js';

async function run(args: string[]) {
  const out = memoryOut(false);
  const err = memoryOut(false);
  const io: CliIO = { out, err, now: () => performance.now() };
  const code = await main(args, io);
  return { code, out: out.text(), err: err.text() };
}

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'simdnet-cli-cnn-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('simdnet train mnist --model cnn', () => {
  it('has its own defaults, which flags override', () => {
    const r = parseTrainArgs(['mnist', '--model', 'cnn']);
    if (r === 'help') throw new Error('help');
    expect(r.config).toMatchObject({ model: 'cnn', filters: [32, 64], hidden: [], optimizer: 'adam', lr: 0.003, lrDecay: 0.25, epochs: 3, batchSize: 64 });
    const o = parseTrainArgs(['mnist', '--model', 'cnn', '--filters', '8,16', '--hidden', '64', '--epochs', '5', '--lr', '0.001']);
    if (o === 'help') throw new Error('help');
    expect(o.config).toMatchObject({ filters: [8, 16], hidden: [64], epochs: 5, lr: 0.001 });
    const mlp = parseTrainArgs(['mnist']);
    if (mlp === 'help') throw new Error('help');
    expect(mlp.config.model).toBeUndefined();
  });

  it('refuses what does not fit, as usage errors (exit 2) or naming the layer (exit 1), before training', async () => {
    const moons = await run(['train', 'moons', '--model', 'cnn', '--out', join(dir, 'x')]);
    expect([moons.code, moons.err]).toEqual([2, expect.stringContaining("--model cnn needs an image dataset (mnist), not 'moons'")]);
    expect((await run(['train', 'mnist', '--filters', '8', '--out', join(dir, 'x')])).err).toContain('--filters goes with --model cnn');
    expect((await run(['train', 'mnist', '--model', 'resnet', '--out', join(dir, 'x')])).err).toContain('--model must be one of mlp, cnn');
    expect((await run(['train', 'mnist', '--model', 'cnn', '--preset', 'tutorial', '--out', join(dir, 'x')])).code).toBe(2);
    // 28 → 24 → 12 → 8 → 4: a third 5×5 convolution does not fit in 4×4
    const deep = await run(['train', 'mnist', '--model', 'cnn', '--filters', '4,4,4', '--limit', '64', '--limit-test', '10', '--out', join(dir, 'deep')]);
    expect(deep.code).toBe(1);
    expect(deep.err).toMatch(/sequential: layer 6 \(conv2d\(4 5×5\)\) the 5×5 window is larger than the 4×4 input/);
  });

  it('trains on 2000 images, far above chance; info and predict read the saved convnet', async () => {
    const o = join(dir, 'cnn');
    const r = await run(['train', 'mnist', '--model', 'cnn', '--filters', '4,8', '--limit', '2000', '--limit-test', '500', '--epochs', '1', '--out', o]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('model    conv 5×5×4 → maxpool 2 → conv 5×5×8 → maxpool 2 → 10, relu, softmaxCrossEntropy, adam lr 0.003 (×0.25 per epoch)');
    const report = JSON.parse(readFileSync(join(o, 'report.json'), 'utf8'));
    expect(report.model.layers).toBe('conv2d(4 5×5) → relu → maxPool2d(2×2) → conv2d(8 5×5) → relu → maxPool2d(2×2) → flatten → dense(128→10)');
    expect(report.model.parameters).toBe(5 * 5 * 4 + 4 + 5 * 5 * 4 * 8 + 8 + 128 * 10 + 10);
    expect(report.test.accuracy).toBeGreaterThan(0.5); // ten classes: chance is 0.1 (31 steps of a 1 000-parameter convnet)
    const info = await run(['info', join(o, 'model.bin')]);
    expect(info.out).toMatch(/conv2d\(4 5×5\) +\[24, 24, 4\] +104\n/);
    const p = await run(['predict', '--model', join(o, 'model.bin'), '--mnist', '500']);
    const pairs = p.out.trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    expect(pairs.filter(([k, label]) => k === label).length / 500).toBe(report.test.accuracy);
  });

  it('takes --dropout and --batch-norm into the convnet, refuses --normalize, and --threads gives the one-thread bits', async () => {
    const norm = await run(['train', 'mnist', '--model', 'cnn', '--normalize', 'standard', '--out', join(dir, 'x')]);
    expect([norm.code, norm.err]).toEqual([2, expect.stringContaining('--normalize standard goes with --model mlp')]);
    const flags = ['--filters', '4,8', '--limit', '256', '--limit-test', '64', '--epochs', '1', '--quiet'];
    const one = join(dir, 'bn1'), two = join(dir, 'bn2');
    const r1 = await run(['train', 'mnist', '--model', 'cnn', ...flags, '--hidden', '16', '--dropout', '0.25', '--batch-norm', '--out', one]);
    expect(r1.err).toBe('');
    const report = JSON.parse(readFileSync(join(one, 'report.json'), 'utf8'));
    expect(report.model.layers).toBe('conv2d(4 5×5) → batchNorm(4) → relu → maxPool2d(2×2) → conv2d(8 5×5) → batchNorm(8) → relu → maxPool2d(2×2) → flatten → dense(128→16) → batchNorm(16) → relu → dropout(0.25) → dense(16→10)');
    const r2 = await run(['train', 'mnist', '--model', 'cnn', ...flags, '--hidden', '16', '--dropout', '0.25', '--batch-norm', '--threads', '2', '--out', two]);
    expect(r2.err).toBe('');
    expect(readFileSync(join(two, 'model.bin'))).toEqual(readFileSync(join(one, 'model.bin')));
    const ts = await run(['train', 'mnist', '--threads', '2', '--backend', 'ts', '--out', join(dir, 'x')]);
    expect([ts.code, ts.err]).toEqual([2, expect.stringContaining('--threads goes with the wasm backend')]);
  });
});

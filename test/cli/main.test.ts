// Tests for src/cli/main.ts (and the commands behind it), run in-process: help, usage errors, train → info → predict.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init, setBackend } from '../../src/backend/index.js';
import { loadCliDataset } from '../../src/cli/datasets.js';
import { memoryOut, type CliIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { loadModel } from '../../src/model/load.js';

async function run(args: string[], opts: { tty?: boolean; stdin?: string; interruptAtStart?: boolean } = {}) {
  const out = memoryOut(opts.tty ?? false);
  const err = memoryOut(false);
  const io: CliIO = { out, err, now: () => performance.now(), readStdin: async () => opts.stdin };
  if (opts.interruptAtStart) io.onInterrupt = (handler) => { handler(); return () => {}; };
  const code = await main(args, io);
  return { code, out: out.text(), err: err.text() };
}

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'simdnet-cli-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('help and usage errors', () => {
  it('--help for the program and for every command', async () => {
    const top = await run(['--help']);
    expect(top.code).toBe(0);
    for (const c of ['train', 'predict', 'info']) expect(top.out).toContain(`simdnet ${c}`);
    for (const c of ['train', 'predict', 'info']) {
      const r = await run([c, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`^Usage: simdnet ${c}`));
    }
    expect((await run(['help', 'train'])).out).toMatch(/^Usage: simdnet train/);
  });
  it('no arguments prints the help and fails', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.out).toContain('Usage:');
  });
  it('an unknown command, flag, dataset or value: a message naming it, exit 2, nothing on stdout', async () => {
    const cases: [string[], string][] = [
      [['fly'], "unknown command 'fly'"],
      [['train', 'moons', '--epoch', '3'], "unknown option '--epoch'"],
      [['train', 'moons', '--epochs', '-1'], "--epochs must be an integer ≥ 1, got '-1'"],
      [['train', 'moons', '--lr', 'fast'], "--lr must be a decimal number, got 'fast'"],
      [['train', 'moons', '--optimizer', 'nadam'], '--optimizer must be one of adam, sgd, momentum, nesterov, adamw, rmsprop, adagrad'],
      [['train', 'moons', '--preset', 'tutorial'], "--preset must be one of default; got 'tutorial'"],
      [['train', 'cifar'], "unknown dataset 'cifar'"],
      [['train'], 'which dataset?'],
      [['predict', '--input', 'x.csv'], 'missing --model'],
      [['info'], 'which model file?'],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toContain(message);
      expect(r.out).toBe('');
    }
  });
  it('an --out that cannot be a folder fails before training', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const r = await run(['train', 'moons', '--out', join(file, 'sub')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`cannot write to --out ${join(file, 'sub')}`);
    expect(r.out).not.toContain('epoch');
  });
  it('a file that is not there: exit 1 and the path', async () => {
    const r = await run(['info', join(dir, 'missing.bin')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('missing.bin: no such file');
  });
});

describe('as a program', () => {
  it('node src/cli/main.ts sets the exit code and writes to the real streams', () => {
    const node = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });
    const version = node('--version');
    expect(version.status).toBe(0);
    expect(version.stdout).toBe(`simdnet ${JSON.parse(readFileSync('package.json', 'utf8')).version}\n`);
    const bad = node('train', 'moons', '--epochs', 'x');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("simdnet train: --epochs must be an integer ≥ 1, got 'x'");
    expect(bad.stdout).toBe('');
  });
});

describe('train moons → info → predict', () => {
  const out = () => join(dir, 'moons');
  let trained: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    trained = await run(['train', 'moons', '--epochs', '2', '--out', out(), '--seed', '1'], { tty: true });
  });

  it('trains, shows progress in place on a terminal and a final report', () => {
    expect(trained.err).toBe('');
    expect(trained.code).toBe(0);
    expect(trained.out).toContain('\r\x1b[2K');
    expect(trained.out).toMatch(/epoch 2\/2 {2}loss [\d.]+ {2}acc [\d.]+% {2}val_loss [\d.]+ {2}val_acc [\d.]+%/);
    expect(trained.out).toMatch(/test accuracy [\d.]+% .* on 200 samples/);
    expect(trained.out).toContain('model.bin, history.svg, decision-boundary.svg, report.json');
  });

  it('report.json holds the history, the config and test figures that the saved model reproduces', async () => {
    const report = JSON.parse(readFileSync(join(out(), 'report.json'), 'utf8'));
    expect(report.config).toMatchObject({ dataset: 'moons', epochs: 2, seed: 1 });
    expect(report.history.loss).toHaveLength(2);
    expect(report.history.valAccuracy).toHaveLength(2);
    expect(report.epochs.map((e: { epoch: number }) => e.epoch)).toEqual([1, 2]);
    await init();
    const model = loadModel(readFileSync(join(out(), 'model.bin')));
    const data = loadCliDataset('moons', { seed: 1 });
    const { accuracy } = model.evaluate(data.xTest, data.labelsTest!, { loss: 'softmaxCrossEntropy' });
    expect(accuracy).toBe(report.test.accuracy);
    expect(accuracy).toBeGreaterThan(0.7); // two classes: chance is 0.5
    model.dispose();
  });

  it('writes SVGs with their expected elements', () => {
    const history = readFileSync(join(out(), 'history.svg'), 'utf8');
    expect(history).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    for (const label of ['validation loss', 'validation accuracy', 'epoch']) expect(history).toContain(label);
    const boundary = readFileSync(join(out(), 'decision-boundary.svg'), 'utf8');
    expect((boundary.match(/<circle/g) ?? []).length).toBeGreaterThanOrEqual(800); // the training points
    expect(boundary).toContain('class 1');
  });

  it('info: topology, parameter count and size', async () => {
    const r = await run(['info', join(out(), 'model.bin')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('2-16-16-2');
    // (2·16 + 16) + (16·16 + 16) + (16·2 + 2)
    expect(r.out).toMatch(/parameters {2}354\n/);
    const size = readFileSync(join(out(), 'model.bin')).length;
    expect(r.out).toContain(`(${size.toLocaleString('en-US')} bytes, format version 2)`);
    const json = JSON.parse((await run(['info', join(out(), 'model.bin'), '--json'])).out);
    expect(json).toMatchObject({ topology: '2-16-16-2', parameters: 354, bytes: size, loss: 'softmaxCrossEntropy' });
  });

  it('predict: outputs and classes agree with the loaded model; CSV and JSON input, stdin', async () => {
    const points = [[0, 1], [1, -0.5], [0.5, 0.25], [2, 0.3]];
    const csv = join(dir, 'points.csv');
    writeFileSync(csv, `x1,x2\n${points.map((p) => p.join(',')).join('\n')}\n`);
    await init();
    const model = loadModel(readFileSync(join(out(), 'model.bin')));
    const expected = model.predict(points);
    const classes = model.predictClasses(points);
    model.dispose();

    const raw = await run(['predict', '--model', join(out(), 'model.bin'), '--input', csv]);
    expect(raw.code).toBe(0);
    const rows = raw.out.trim().split('\n').map((l) => l.split(',').map(Number));
    expect(rows).toHaveLength(4);
    rows.forEach((r, i) => r.forEach((v, j) => expect(Math.fround(v)).toBe(expected[i][j]))); // 9 digits name the f32 exactly

    const viaStdin = await run(['predict', '--model', join(out(), 'model.bin'), '--classes', '--format', 'json'], { stdin: JSON.stringify(points) });
    expect(JSON.parse(viaStdin.out)).toEqual(classes);
  });

  it('predict: rows of the wrong width or bad numbers are refused with the reason', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, '1,2,3\n');
    const r = await run(['predict', '--model', join(out(), 'model.bin'), '--input', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('have 3 values but the model');
    writeFileSync(bad, '1,2\n3,abc\n');
    expect((await run(['predict', '--model', join(out(), 'model.bin'), '--input', bad])).err).toContain('line 2, column 2 ("abc") is not a number');
  });

  it('predict: one output line per input line; a first line with a number, NaN or an empty cell is data, not a header (issue 11)', async () => {
    const f = join(dir, 'first.csv');
    for (const [text, message] of [['1,abc\n2,3\n', 'line 1, column 2 ("abc") is not a number'], ['NaN,1\n2,3\n', 'line 1, column 1 ("NaN") is not a number'],
      [',1\n2,3\n', 'line 1, column 1 is empty'], ['0x10,1\n2,3\n', 'line 1, column 1 ("0x10") is not a number']]) {
      writeFileSync(f, text);
      const r = await run(['predict', '--model', join(out(), 'model.bin'), '--input', f]);
      expect(r.code, text).toBe(1);
      expect(r.out, text).toBe('');
      expect(r.err, text).toContain(`${f}: ${message}`);
    }
    writeFileSync(f, 'x1,x2\n0.5,1\n-1,2e-1\n3,.5\n');
    const ok = await run(['predict', '--model', join(out(), 'model.bin'), '--input', f, '--classes']);
    expect(ok.code).toBe(0);
    expect(ok.out.trim().split('\n')).toHaveLength(3);
    expect((await run(['predict', '--model', join(out(), 'model.bin')], { stdin: undefined })).err).toContain('no input');
  });
});

describe('Ctrl-C', () => {
  it('stops after the current batch, then still evaluates and writes everything', async () => {
    const o = join(dir, 'stopped');
    const r = await run(['train', 'moons', '--epochs', '50', '--out', o], { interruptAtStart: true });
    expect(r.code).toBe(0);
    expect(r.err).toContain('stopping after this batch');
    expect(r.out).toContain('epoch  1/50');
    expect(r.out).toContain('(stopped early)');
    expect(r.out).not.toContain('epoch  2/50');
    expect(r.out).toContain('trained 1 epoch of 50 (stopped by Ctrl-C)');
    const report = JSON.parse(readFileSync(join(o, 'report.json'), 'utf8'));
    expect(report.stoppedEarly).toBe(true);
    expect(report.history.loss).toHaveLength(1);
    expect(readFileSync(join(o, 'model.bin')).length).toBeGreaterThan(0);
  });
});

describe('train celsius and a slice of MNIST', () => {
  it('celsius (1-D regression): learns F = 1.8·C + 32 and plots the line before and after', async () => {
    const o = join(dir, 'celsius');
    const r = await run(['train', 'celsius', '--out', o, '--backend', 'ts', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('epoch ');
    const fit = readFileSync(join(o, 'fit.svg'), 'utf8');
    expect(fit).toContain('before training');
    expect(fit).toContain('after training');
    setBackend('ts');
    const model = loadModel(readFileSync(join(o, 'model.bin')));
    const [[f]] = model.predict([[100]]);
    expect(f).toBeCloseTo(212, 0);
    // the learned line is printed, and it is the saved model's
    const m = /learned {2}w = ([\d.-]+), b = ([\d.-]+)\n/.exec(r.out);
    expect(m, r.out).not.toBeNull();
    const { W, b } = model.getWeights()[0];
    expect(Number(m![1])).toBeCloseTo(W[0][0], 4);
    expect(Number(m![2])).toBeCloseTo(b[0], 3);
    expect(Number(m![1])).toBeCloseTo(1.8, 1);
    model.dispose();
  });

  it('a learning rate that makes training diverge ends with a warning naming --lr', async () => {
    const r = await run(['train', 'moons', '--lr', '50', '--epochs', '3', '--out', join(dir, 'diverged'), '--backend', 'ts', '--quiet']);
    expect(r.err).toMatch(/warning: the test loss grew from .* before training to .*: training diverged; try a smaller --lr \(now 50\)/);
  });

  it('mnist, 2000 training and 500 test images, 1 epoch: far above chance', async () => {
    const o = join(dir, 'mnist');
    const r = await run(['train', 'mnist', '--limit', '2000', '--limit-test', '500', '--epochs', '1', '--out', o]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(o, 'report.json'), 'utf8'));
    expect(report.dataset).toMatchObject({ train: 2000, test: 500 });
    expect(report.test.accuracy).toBeGreaterThan(0.75); // ten classes: chance is 0.1
    expect(report.model.parameters).toBe(784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10);

    // The saved model, run by `predict --mnist` on the same 500 test images, gets the reported accuracy.
    const p = await run(['predict', '--model', join(o, 'model.bin'), '--mnist', '500']);
    expect(p.code).toBe(0);
    const lines = p.out.trim().split('\n');
    expect(lines[0]).toBe('predicted,label');
    const pairs = lines.slice(1).map((l) => l.split(',').map(Number));
    expect(pairs).toHaveLength(500);
    const correct = pairs.filter(([k, label]) => k === label).length;
    expect(correct / 500).toBe(report.test.accuracy);
    expect(p.err).toBe(`${correct} of 500 correct (${((100 * correct) / 500).toFixed(2)}%)\n`);
  });

  it('mnist --preset tutorial: sigmoid 784-64-32-10 under mse, with a test accuracy per epoch', async () => {
    const o = join(dir, 'tutorial');
    const r = await run(['train', 'mnist', '--preset', 'tutorial', '--limit', '600', '--limit-test', '200', '--epochs', '2', '--out', o]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('784-64-32-10, sigmoid hidden layers, mse, sgd lr 0.3, batch 30');
    const report = JSON.parse(readFileSync(join(o, 'report.json'), 'utf8'));
    expect(report.history.valAccuracy).toHaveLength(2);
    expect(report.test.accuracy).toBe(report.history.valAccuracy[1]);
    const info = await run(['info', join(o, 'model.bin')]);
    expect(info.out).toMatch(/dense\(32→10\) +\[10\] +330\n +sigmoid +\[10\] +0\n/); // the output layer is a sigmoid too
  });
});

// `simdnet train --csv file --target column` in-process: iris (classes) and a made-up regression, the normalize first layer in model.bin, the task override, the toolkit flags, and every usage error.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init } from '../../src/backend/index.js';
import { memoryOut, type CliIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { iris } from '../../src/data/csv_node.js';
import { loadModel } from '../../src/model/load.js';
import { Random } from '../../src/random.js';

async function run(args: string[]) {
  const out = memoryOut(false);
  const err = memoryOut(false);
  const io: CliIO = { out, err, now: () => performance.now(), readStdin: async () => undefined };
  const code = await main(args, io);
  return { code, out: out.text(), err: err.text() };
}

let dir: string;
beforeAll(async () => { dir = mkdtempSync(join(tmpdir(), 'simdnet-csv-')); await init(); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('train --csv', () => {
  it('iris: a classifier with a normalize first layer fitted on the training split; model.bin predicts raw measurements', async () => {
    const out = join(dir, 'iris');
    const r = await run(['train', '--csv', 'data/iris.csv', '--target', 'species', '--epochs', '40', '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain("data/iris.csv: 120 training and 30 validation rows, 4 features (sepal_length, sepal_width, petal_length, petal_width), target 'species': 3 classes (setosa, versicolor, virginica)");
    expect(r.out).toContain('model    normalize (standard, fitted on the training split) → 4-32-3, relu hidden layers, softmaxCrossEntropy, adam lr 0.01');
    const [, acc] = r.out.match(/validation accuracy ([\d.]+)% \(loss [\d.]+\) on 30 samples/)!.map(Number);
    expect(acc).toBeGreaterThanOrEqual(85);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.config).toMatchObject({ dataset: 'csv', normalize: 'standard', loss: 'softmaxCrossEntropy' });
    expect(report.dataset).toMatchObject({ name: 'csv', task: 'classification', train: 120, test: 30 });
    const model = loadModel(readFileSync(join(out, 'model.bin')));
    expect(String(model)).toBe('normalize(standard, [4]) → dense(4→32) → relu → dense(32→3)');
    const { x, y } = iris(); // raw centimetres: the file's own rows, labels from the file
    const predicted = model.predictClasses(x);
    expect(predicted.filter((c, i) => c === y[i]).length / 150).toBeGreaterThanOrEqual(0.9);
    model.dispose();
    const info = await run(['info', join(out, 'model.bin')]);
    expect(info.out).toContain('parameters  267 (259 trained, 8 saved statistics not trained)');
    expect(info.out).toContain('Non-trainable params: 8');
    expect(info.out).toContain('normalize(standard, [4])');
  });

  it('a numeric target is regressed (mse): the model learns y = 3a − 2b + 100 from raw columns on different scales', async () => {
    const rng = new Random(3);
    const rows = Array.from({ length: 400 }, () => [rng.uniform(0, 100), rng.uniform(-0.5, 0.5)]);
    const f = (a: number, b: number) => 3 * a - 200 * b + 100;
    writeFileSync(join(dir, 'reg.csv'), `a,b,y\n${rows.map(([a, b]) => `${a},${b},${f(a, b)}`).join('\n')}\n`);
    const out = join(dir, 'reg');
    const r = await run(['train', '--csv', join(dir, 'reg.csv'), '--target', 'y', '--epochs', '150', '--lr', '0.05', '--out', out, '--quiet']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/validation loss [\d.]+ \(mse\) on 80 samples/);
    const model = loadModel(readFileSync(join(out, 'model.bin')));
    const probe = [[10, 0.2], [50, -0.3], [90, 0]];
    const got = model.predict(probe).map((p) => p[0]);
    probe.forEach(([a, b], i) => expect(Math.abs(got[i] - f(a, b))).toBeLessThan(0.05 * 300)); // within 5% of the target's range
    model.dispose();
  });

  it('--task classify reads numbers as classes; --task regress on names is refused with the line; a column by index', async () => {
    writeFileSync(join(dir, 'num.csv'), 'x1,x2,label\n0,0,1\n0,1,2\n1,0,2\n1,1,1\n0.1,0.1,1\n0.9,0.1,2\n0.1,0.9,2\n0.9,0.9,1\n');
    const ok = await run(['train', '--csv', join(dir, 'num.csv'), '--target', '2', '--task', 'classify', '--epochs', '2', '--out', join(dir, 'num'), '--quiet']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'num', 'report.json'), 'utf8')).dataset.task).toBe('classification');
    const bad = await run(['train', '--csv', 'data/iris.csv', '--target', 'species', '--task', 'regress', '--out', join(dir, 'x')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/data\/iris.csv: line 2, column 5 \("setosa"\) is not a number/);
  });

  it('--dropout, --batch-norm, --optimizer nesterov and --clip-norm shape the model and the run', async () => {
    const out = join(dir, 'moons');
    const r = await run(['train', 'moons', '--epochs', '3', '--dropout', '0.2', '--batch-norm', '--optimizer', 'nesterov', '--lr', '0.05', '--clip-norm', '1', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('model    2-16-16-2, relu hidden layers, batch norm, dropout 0.2, softmaxCrossEntropy, nesterov lr 0.05, clip-norm 1, batch 32, seed 0');
    const model = loadModel(readFileSync(join(out, 'model.bin')));
    expect(String(model)).toBe('dense(2→16) → batchNorm(16) → relu → dropout(0.2) → dense(16→16) → batchNorm(16) → relu → dropout(0.2) → dense(16→2)');
    model.dispose();
    const blobs = await run(['train', 'blobs', '--epochs', '1', '--out', join(dir, 'blobs'), '--quiet']);
    expect(blobs.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'blobs', 'report.json'), 'utf8')).model.layers).toMatch(/^normalize\(standard, \[2\]\) → dense/);
  });

  it('usage errors name the flag: exit 2, nothing on stdout', async () => {
    const cases: [string[], string][] = [
      [['train', '--csv', 'data/iris.csv'], '--csv needs --target <column>'],
      [['train', 'moons', '--target', 'y'], '--target goes with --csv <file>'],
      [['train', 'moons', '--csv', 'data/iris.csv', '--target', 'species'], "give a dataset ('moons') or --csv <file>, not both"],
      [['train', '--csv', 'data/iris.csv', '--target', 'species', '--val-split', '1'], "--val-split must be in (0, 1), got '1'"],
      [['train', '--csv', 'data/iris.csv', '--target', 'species', '--task', 'cluster'], '--task must be one of auto, classify, regress'],
      [['train', 'moons', '--dropout', '1'], "--dropout must be in [0, 1) (the fraction of values dropped), got '1'"],
      [['train', 'moons', '--normalize', 'zscore'], '--normalize must be one of standard, minMax, none'],
      [['train', 'moons', '--clip-norm', '0'], "--clip-norm must be > 0, got '0'"],
      [['train'], 'which dataset? one of mnist, moons, blobs, celsius, or --csv <file> --target <column>'],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toContain(message);
      expect(r.out).toBe('');
    }
    const missing = await run(['train', '--csv', join(dir, 'none.csv'), '--target', 'y', '--out', join(dir, 'none')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('none.csv: no such file');
  });
});

// Runs every TypeScript snippet in README.md that imports simdnet, so the front door stays true.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).filter((s) => /from 'simdnet(\/[\w/]+)?'/.test(s));
const tmp = join(root, 'test', '.readme');

const entry: Record<string, string> = {
  simdnet: 'src/index.ts',
  'simdnet/value': 'src/value/index.ts',
  'simdnet/plot': 'src/plot/index.ts',
  'simdnet/mnist': 'src/data/mnist_node.ts',
  'simdnet/csv': 'src/data/csv_node.ts',
  'simdnet/onnx': 'src/interop/onnx/index.ts',
  'simdnet/tfjs': 'src/interop/tfjs/index.ts',
  'simdnet/tfjs/node': 'src/interop/tfjs/node.ts',
};

/** What each snippet's printed output must show, derived independently of the library; found by what the snippet imports. */
const checks: Record<string, (calls: unknown[][]) => void> = {
  makeMoons: (calls) => {
    const line = String(calls[0][0]);
    const [, val, test] = line.match(/val accuracy ([\d.]+), test accuracy ([\d.]+)/)!.map(Number);
    expect(val).toBeGreaterThanOrEqual(0.9);
    expect(test).toBeGreaterThanOrEqual(0.9);
    const logits = calls[1][0] as number[][];
    expect(logits.length).toBe(1);
    expect(logits[0].length).toBe(2);
  },
  Value: (calls) => {
    // g = tanh(2·((a + b) + (a·b + b³))) at a = −4, b = 2; gradients by central differences in f64.
    const f = (a: number, b: number) => Math.tanh(2 * (a + b + a * b + b ** 3));
    const h = 1e-6;
    const [, aGrad, bGrad] = calls[0] as [string, number, number];
    expect(String(calls[0][0])).toContain(`data=${f(-4, 2).toFixed(4)}`.slice(0, 9));
    expect(aGrad).toBeCloseTo((f(-4 + h, 2) - f(-4 - h, 2)) / (2 * h), 5);
    expect(bGrad).toBeCloseTo((f(-4, 2 + h) - f(-4, 2 - h)) / (2 * h), 5);
    expect(String(calls[1][0])).toMatch(/^MLP of \[Layer of \[ReLUNeuron\(2\), /);
  },
  toOnnx: (calls) => {
    const [, diff] = String(calls[0][0]).match(/ONNX Runtime vs model.predict: largest difference ([\d.e-]+)/)!.map(Number);
    expect(diff).toBeLessThanOrEqual(1e-5);
  },
  fromOnnx: (calls) => {
    // PyTorch's own output for that row, from test/fixtures/onnx/cases.json (written by torch, not by simdnet).
    const torch = JSON.parse(readFileSync(join(root, 'test/fixtures/onnx/cases.json'), 'utf8'))[0];
    expect(torch.name).toBe('mlp_tanh');
    expect(calls[0][0]).toBe('dense(3→7) → tanh → dense(7→2)');
    (calls[1][0] as number[][])[0].forEach((v, j) => expect(Math.abs(v - torch.y[0][j])).toBeLessThanOrEqual(1e-5));
  },
  toTfjs: (calls) => {
    expect(calls[0][0]).toEqual(['Dense(relu)', 'Dense(linear)']);
    expect(calls[1][0]).toBe('dense(4→8) → relu → dense(8→3)');
  },
  batchNorm: (calls) => {
    const [, accuracy] = String(calls[0][0]).match(/test accuracy ([\d.]+)/)!.map(Number);
    expect(accuracy).toBeGreaterThanOrEqual(0.9); // three blobs of std 1.5: chance is 1/3
    const p = calls[1][0] as number[][];
    expect(p).toHaveLength(1);
    expect(p[0]).toHaveLength(3);
    expect(Math.abs(p[0].reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-6); // probabilities
    expect(calls[2][0]).toEqual(['gamma', 'beta', 'movingMean', 'movingVariance']);
    // saved, not trained: normalize's shift and scale (2 + 2) and batch norm's moving mean and variance (32 + 32)
    expect(String(calls[3][0])).toContain(`Non-trainable params: ${2 * 2 + 2 * 32}`);
  },
  iris: (calls) => {
    expect(calls[0]).toEqual([[2, 2], [0, 1], ['a, b', 'c']]);
    const [, accuracy] = String(calls[1][0]).match(/iris test accuracy ([\d.]+)/)!.map(Number);
    expect(accuracy).toBeGreaterThanOrEqual(0.85); // 30 test flowers: 26 or more right
  },
  slidingWindows: (calls) => {
    // the LSTM's one-step forecast of a noisy sine must beat "next = last value", computed by the snippet from the data
    const [, rmse, naive] = String(calls[0][0]).match(/rmse ([\d.]+), next = last value ([\d.]+)/)!.map(Number);
    expect(rmse).toBeLessThan(naive * 0.8);
    expect(calls[1]).toEqual([16, 64]); // U has units rows; b has 4·units entries (Keras's i, f, c, o blocks)
  },
  conv2d: (calls) => {
    // parameter counts from the shapes: 5·5·1·8 + 8, 5·5·8·16 + 16, 4·4·16·10 + 10
    const table = String(calls[0][0]);
    expect(table).toMatch(/conv2d\(8 5×5\)\s+\[24, 24, 8\]\s+208\n/);
    expect(table).toMatch(/conv2d\(16 5×5\)\s+\[8, 8, 16\]\s+3,216\n/);
    expect(table).toMatch(/dense\(256→10\)\s+\[10\]\s+2,570\n/);
    const [, accuracy] = String(calls[1][0]).match(/test accuracy ([\d.]+)/)!.map(Number);
    expect(accuracy).toBeGreaterThanOrEqual(0.9); // 1000 test digits after 2000 training images: 946 right in the measured run
  },
};

/** The check for a snippet: the first key naming something the snippet imports. */
const checkFor = (code: string) => Object.keys(checks).find((k) => new RegExp(`import \\{[^}]*\\b${k}\\b`).test(code));

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('README snippets', () => {
  it('has snippets to run', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(3);
    for (const k of Object.keys(checks)) expect(snippets.filter((code) => checkFor(code) === k), k).toHaveLength(1);
  });

  snippets.forEach((code, i) => {
    it(`snippet ${i + 1} runs without throwing`, async () => {
      mkdirSync(tmp, { recursive: true });
      const file = join(tmp, `snippet${i + 1}.ts`);
      const rewritten = code.replace(/from '(simdnet(?:\/[\w/]+)?)'/g, (_, name: string) => {
        if (!entry[name]) throw new Error(`README imports unknown entry ${name}`);
        return `from ${JSON.stringify(pathToFileURL(join(root, entry[name])).href)}`;
      });
      writeFileSync(file, rewritten);
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      try {
        await import(pathToFileURL(file).href);
        expect(log).toHaveBeenCalled();
        const key = checkFor(code);
        if (key) checks[key](log.mock.calls);
      } finally {
        log.mockRestore();
      }
    });
  });
});

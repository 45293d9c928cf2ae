// simdnet export / import / info on .onnx, run in-process: the files written load in ONNX Runtime and TensorFlow.js with the same predictions.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init } from '../../src/backend/index.js';
import { decodeModel, encodeModel, intsAttr } from '../../src/interop/onnx/index.js';
import { memoryOut, type CliIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { loadModel } from '../../src/model/load.js';
import { neuron } from '../../src/model/neuron.js';
import { mlp } from '../../src/model/sequential.js';
import { maxRelDiff, randomRows, runOrt } from '../interop/compare.js';
import { loadInTfjs, tfjsReady, tfPredict } from '../interop/tfjs/runtime.js';

async function run(args: string[]) {
  const out = memoryOut(false);
  const err = memoryOut(false);
  const io: CliIO = { out, err, now: () => performance.now() };
  const code = await main(args, io);
  return { code, out: out.text(), err: err.text() };
}

const fixtures = new URL('../fixtures/onnx/', import.meta.url).pathname;

/** cnn_small.onnx with its Conv dilated (which simdnet does not read), written to the temp folder; returns its path. */
function dilatedCnn(): string {
  const m = decodeModel(readFileSync(join(fixtures, 'cnn_small.onnx')));
  m.graph.node[0].attribute = m.graph.node[0].attribute.map((a) => (a.name === 'dilations' ? intsAttr('dilations', [2, 2]) : a));
  const path = join(dir, 'dilated.onnx');
  writeFileSync(path, encodeModel(m));
  return path;
}
let dir: string;
let modelBin: string;
beforeAll(async () => {
  await init();
  await tfjsReady();
  dir = mkdtempSync(join(tmpdir(), 'simdnet-cli-interop-'));
  modelBin = join(dir, 'model.bin');
  const model = mlp(3, [8, 8, 2], { activation: 'tanh', seed: 4 });
  writeFileSync(modelBin, model.save());
  model.dispose();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('simdnet export', () => {
  it('--onnx and --tfjs write files that ONNX Runtime and TensorFlow.js run with the predictions of the saved model', async () => {
    const r = await run(['export', modelBin, '--onnx', join(dir, 'm.onnx'), '--tfjs', join(dir, 'tfjs'), '--opset', '17']);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toContain(`wrote ${join(dir, 'm.onnx')} (ONNX, IR 8, opset 17,`);
    expect(r.out).toContain(`wrote ${join(dir, 'tfjs', 'model.json')} and group1-shard1of1.bin`);
    const model = loadModel(readFileSync(modelBin));
    const x = randomRows(5, 3, 1);
    expect(maxRelDiff(await runOrt(new Uint8Array(readFileSync(join(dir, 'm.onnx'))), x), model.predict(x))).toBeLessThanOrEqual(1e-5);
    const tfModel = await loadInTfjs({
      modelJson: JSON.parse(readFileSync(join(dir, 'tfjs', 'model.json'), 'utf8')),
      weightData: new Uint8Array(readFileSync(join(dir, 'tfjs', 'group1-shard1of1.bin'))),
    });
    expect(maxRelDiff(tfPredict(tfModel, x), model.predict(x))).toBeLessThanOrEqual(1e-5);
    model.dispose();
  });

  it('writes nothing when one format is refused (a step layer has no TensorFlow.js form)', async () => {
    const perceptron = join(dir, 'perceptron.bin');
    const p = neuron(2, { activation: 'step', seed: 0 });
    writeFileSync(perceptron, p.save());
    p.dispose();
    const r = await run(['export', perceptron, '--onnx', join(dir, 'p.onnx'), '--tfjs', join(dir, 'p-tfjs')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('simdnet export: toTfjs: layer 1 (step): Keras has no step activation');
    expect(existsSync(join(dir, 'p.onnx')) || existsSync(join(dir, 'p-tfjs'))).toBe(false);
  });

  it.each([
    [['export'], 'which model file?'],
    [['export', 'm.bin'], 'nothing to write: pass --onnx <file.onnx>, --tfjs <dir> or both'],
    [['export', 'm.bin', '--onnx', 'a.onnx', '--opset', '12'], "--opset must be one of 13, 17; got '12'"],
    [['export', 'm.bin', '--tfjs', 'd', '--opset', '13'], '--opset applies to --onnx only'],
    [['import', 'm.onnx'], 'missing --out <model.bin>'],
    [['import'], 'which model?'],
  ])('usage error: %j', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });
});

describe('simdnet import', () => {
  it("reads PyTorch's export into a model.bin that predicts torch's outputs", async () => {
    const out = join(dir, 'torch.bin');
    const r = await run(['import', join(fixtures, 'mlp_relu_sigmoid.onnx'), '--out', out]);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toContain('(ONNX): dense(5→9) → relu → dense(9→4) → sigmoid, 94 parameters');
    const c = JSON.parse(readFileSync(join(fixtures, 'cases.json'), 'utf8')).find((k: { name: string }) => k.name === 'mlp_relu_sigmoid');
    const model = loadModel(readFileSync(out));
    expect(maxRelDiff(model.predict(c.x), c.y)).toBeLessThanOrEqual(1e-5);
    model.dispose();
  });

  it('reads a TensorFlow.js folder back into the same weights', async () => {
    const out = join(dir, 'back.bin');
    const r = await run(['import', join(dir, 'tfjs'), '--out', out]);
    expect([r.code, r.err]).toEqual([0, '']);
    const [a, b] = [loadModel(readFileSync(modelBin)), loadModel(readFileSync(out))];
    expect(b.getWeights()).toEqual(a.getWeights());
    a.dispose();
    b.dispose();
  });

  it("reads PyTorch's convnet into a model file that predicts what torch computed", async () => {
    const out = join(dir, 'cnn.bin');
    const r = await run(['import', join(fixtures, 'cnn_small.onnx'), '--out', out]);
    expect([r.code, r.err]).toEqual([0, '']);
    const c = (JSON.parse(readFileSync(join(fixtures, 'cases.json'), 'utf8')) as { name: string; x: number[][]; y: number[][] }[]).find((k) => k.name === 'cnn_small')!;
    const m = loadModel(readFileSync(out));
    expect(String(m)).toBe('conv2d(3 3×3, same) → relu → maxPool2d(2×2) → flatten → dense(48→5)');
    expect(maxRelDiff(m.predict(c.x), c.y)).toBeLessThanOrEqual(1e-5);
    m.dispose();
  });

  it('refuses a model outside the subset with the node and the reason (exit 1, no output file)', async () => {
    const out = join(dir, 'dilated.bin');
    const r = await run(['import', dilatedCnn(), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('simdnet import: fromOnnx: node "/0/Conv" (Conv): dilations [2, 2] are not supported (only 1)');
    expect(existsSync(out)).toBe(false);
  });
});

describe('simdnet info on an .onnx file', () => {
  it('lists the nodes and the simdnet layer each becomes', async () => {
    const r = await run(['info', join(fixtures, 'mlp_tanh.onnx')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('format      ONNX, IR version 7, opset 13, made by pytorch 2.13.0');
    expect(r.out).toContain('graph       x [batch, 3] → y [batch, 2], 3 nodes');
    expect(r.out).toContain('imports as  dense(3→7) → tanh → dense(7→2) (input [3])');
    expect(r.out).toMatch(/\/1\/Tanh\s+Tanh\s+tanh\n/);
    const j = JSON.parse((await run(['info', join(fixtures, 'mlp_tanh.onnx'), '--json'])).out);
    expect(j).toMatchObject({ format: 'onnx', irVersion: 7, opset: 13, importable: true, parameters: 44, input: { name: 'x', shape: ['batch', 3] } });
    expect(j.nodes).toEqual([{ name: '/0/Gemm', opType: 'Gemm', layer: 'dense(3→7)' }, { name: '/1/Tanh', opType: 'Tanh', layer: 'tanh' }, { name: '/2/Gemm', opType: 'Gemm', layer: 'dense(7→2)' }]);
  });

  it('lists the convnet with its image layers', async () => {
    const r = await run(['info', join(fixtures, 'cnn_small.onnx')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('imports as  conv2d(3 3×3, same) → relu → maxPool2d(2×2) → flatten → dense(48→5) (input [8,8,2])');
    expect(r.out).toMatch(/\/0\/Conv\s+Conv\s+conv2d\(3 3×3, same\)\n/);
    expect(r.out).toMatch(/\/3\/Flatten\s+Flatten\s+flatten\n/);
  });

  it('lists a model it cannot import with the reason; a corrupt file fails', async () => {
    const r = await run(['info', dilatedCnn()]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('imports as  nothing: fromOnnx: node "/0/Conv" (Conv)');
    expect(r.out).toMatch(/\/2\/MaxPool\s+MaxPool\s+·/);
    const bad = join(dir, 'bad.onnx');
    writeFileSync(bad, readFileSync(join(fixtures, 'mlp_tanh.onnx')).subarray(0, 100));
    const b = await run(['info', bad]);
    expect(b.code).toBe(1);
    expect(b.err).toMatch(/^simdnet info: decodeModel: /);
  });

  it('--help of export and import', async () => {
    expect((await run(['export', '--help'])).out).toMatch(/^Usage: simdnet export/);
    expect((await run(['import', '--help'])).out).toMatch(/^Usage: simdnet import/);
    expect((await run(['--help'])).out).toMatch(/simdnet export[\s\S]*simdnet import/);
  });
});

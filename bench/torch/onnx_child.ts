/** The ONNX Runtime side of `npm run bench:torch`: simdnet's MNIST MLP exported by `toOnnx`, one-row inference in onnxruntime-node, one JSON line out. */
// Usage (run by bench/torch.ts): node --import tsx bench/torch/onnx_child.ts infer --threads 1

import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { init } from '../../src/backend/index.js';
import { ONNX_INPUT, ONNX_OUTPUT, toOnnx } from '../../src/interop/onnx/index.js';
import { mlp } from '../../src/model/sequential.js';
import { mnistProblem } from '../compare/mnist.js';
import { measure } from '../compare/timing.js';

/**
 * µs per `session.run` of one [1, 784] row (tensor in, logits out), as simdnet's `predict` and PyTorch's forward are
 * timed: the same 256 rows in turn, the MLP with the shared weights, ORT on `threads` intra-op threads, sequential.
 */
async function runInfer(threads: number) {
  await init({ backend: 'wasm', threads: 1 }); // only to build the model that is exported
  const p = mnistProblem(256);
  const model = mlp(784, [128, 64, 10], { activation: 'relu', seed: 0 });
  model.setWeights(p.weights);
  const bytes = toOnnx(model);
  model.dispose();
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential' });
  let i = 0;
  const predict = async () => {
    const row = p.x.subarray((i & 255) * 784, ((i++ & 255) + 1) * 784);
    const out = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', row, [1, 784]) });
    return out[ONNX_OUTPUT].data as Float32Array;
  };
  const first = Array.from(await predict());
  const r = await measure(predict, { warmupMs: 300, sampleMs: 40, samples: 7, budgetMs: 3000 });
  await session.release();
  return { callSeconds: [r.median / 1000], callCpuSeconds: [r.cpuMedian / 1000], firstLogits: first };
}

const { positionals, values } = parseArgs({ allowPositionals: true, options: { threads: { type: 'string', default: '1' } } });
if (positionals[0] !== 'infer') throw new RangeError(`onnx_child: expected infer, got ${positionals[0]}`);
const t0 = performance.now();
const out = await runInfer(Number(values.threads));
const cpu = process.cpuUsage();
console.log(JSON.stringify({ ...out, wall: (performance.now() - t0) / 1000, cpuTotal: (cpu.user + cpu.system) / 1e6 }));
process.exit(0);

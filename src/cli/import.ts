/** `simdnet import model.onnx --out model.bin` (or a TensorFlow.js model.json / folder): a foreign model as a simdnet model file. */

import { statSync, writeFileSync } from 'node:fs';
import { fromOnnx } from '../interop/onnx/from_onnx.js';
import { loadTfjs } from '../interop/tfjs/node.js';
import type { Sequential } from '../model/sequential.js';
import { parseFlags, stringFlag, UsageError, type FlagSpecs } from './args.js';
import { describeModel, fmtBytes, fmtCount } from './describe.js';
import { readModelFile } from './export.js';
import { IMPORT_HELP } from './help.js';
import type { CliIO } from './io.js';
import { selectBackend } from './run.js';

const SPECS: FlagSpecs = { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } };

/** Whether `path` names a TensorFlow.js model (a model.json, or a folder holding one) rather than an ONNX file. */
function isTfjs(path: string): boolean {
  if (path.toLowerCase().endsWith('.json')) return true;
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Reads an ONNX file (PyTorch's torch.onnx.export, toOnnx) or a TensorFlow.js layers model and saves it in simdnet's
 * format; prints what it became. Everything is checked before the output is written.
 *
 * ```ts
 * await importCommand(['mlp.onnx', '--out', 'mlp.bin'], processIO());
 * ```
 */
export async function importCommand(argv: string[], io: CliIO): Promise<number> {
  const c = 'import';
  const p = parseFlags(c, argv, SPECS, 1);
  if (p.flags.help) {
    io.out.write(IMPORT_HELP);
    return 0;
  }
  const path = p.positionals[0];
  if (path === undefined) throw new UsageError(c, 'which model? e.g. simdnet import mlp.onnx --out mlp.bin');
  const out = stringFlag(c, p, 'out');
  if (out === undefined) throw new UsageError(c, 'missing --out <model.bin>');
  const tfjs = isTfjs(path);
  const bytes = tfjs ? null : readModelFile(path);
  await selectBackend('wasm');
  const model: Sequential = bytes ? fromOnnx(bytes) : loadTfjs(path);
  try {
    const saved = model.save();
    writeFileSync(out, saved);
    const d = describeModel(model.inputShape, model.layers);
    io.out.write(`read  ${path} (${tfjs ? 'TensorFlow.js layers model' : 'ONNX'}): ${d.layers}, ${fmtCount(d.parameters)} parameters\n`);
    io.out.write(`wrote ${out} (${fmtBytes(saved.length)}); input shape ${JSON.stringify(model.inputShape)}\n`);
    return 0;
  } finally {
    model.dispose();
  }
}

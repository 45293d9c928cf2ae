/** `simdnet export model.bin --onnx model.onnx --tfjs dir/`: a saved model as ONNX and / or a TensorFlow.js layers model. */

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toOnnx } from '../interop/onnx/to_onnx.js';
import { writeTfjs } from '../interop/tfjs/node.js';
import { toTfjs } from '../interop/tfjs/to_tfjs.js';
import { TFJS_WEIGHTS_FILE } from '../interop/tfjs/tfjs_types.js';
import { loadModel } from '../model/load.js';
import { choiceFlag, parseFlags, stringFlag, UsageError, type FlagSpecs } from './args.js';
import { fmtBytes } from './describe.js';
import { EXPORT_HELP } from './help.js';
import type { CliIO } from './io.js';
import { selectBackend } from './run.js';

const SPECS: FlagSpecs = { onnx: { type: 'string' }, tfjs: { type: 'string' }, opset: { type: 'string' }, help: { type: 'boolean', short: 'h' } };

/** The model file's bytes, or an error naming the path. */
export function readModelFile(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

/**
 * Converts a model saved by simdnet into every format asked for, then writes them (nothing is written when a
 * conversion is refused, e.g. a step layer for TensorFlow.js).
 *
 * ```ts
 * await exportCommand(['out/moons/model.bin', '--onnx', 'moons.onnx', '--tfjs', 'moons-tfjs'], processIO());
 * ```
 */
export async function exportCommand(argv: string[], io: CliIO): Promise<number> {
  const c = 'export';
  const p = parseFlags(c, argv, SPECS, 1);
  if (p.flags.help) {
    io.out.write(EXPORT_HELP);
    return 0;
  }
  const path = p.positionals[0];
  if (path === undefined) throw new UsageError(c, 'which model file? e.g. simdnet export out/moons/model.bin --onnx moons.onnx');
  const [onnxPath, tfjsDir] = [stringFlag(c, p, 'onnx'), stringFlag(c, p, 'tfjs')];
  if (onnxPath === undefined && tfjsDir === undefined) throw new UsageError(c, 'nothing to write: pass --onnx <file.onnx>, --tfjs <dir> or both');
  const opset = Number(choiceFlag(c, p, 'opset', ['13', '17'] as const) ?? '13') as 13 | 17;
  if (p.flags.opset !== undefined && onnxPath === undefined) throw new UsageError(c, '--opset applies to --onnx only');
  const bytes = readModelFile(path);
  await selectBackend('wasm');
  const model = loadModel(bytes);
  try {
    const onnx = onnxPath === undefined ? null : toOnnx(model, { opset });
    const tfjs = tfjsDir === undefined ? null : toTfjs(model);
    const shape = `[batch, ${model.inputSize}] → [batch, ${model.outputSize}]`;
    if (onnx && onnxPath !== undefined) {
      writeFileSync(onnxPath, onnx);
      io.out.write(`wrote ${onnxPath} (ONNX, IR ${opset === 13 ? 7 : 8}, opset ${opset}, ${fmtBytes(onnx.length)}): input x, output y, ${shape}\n`);
    }
    if (tfjs && tfjsDir !== undefined) {
      writeTfjs(tfjs, tfjsDir);
      io.out.write(`wrote ${join(tfjsDir, 'model.json')} and ${TFJS_WEIGHTS_FILE} (TensorFlow.js layers model, ${fmtBytes(tfjs.weightData.length)} of weights): ${shape}\n`);
    }
    return 0;
  } finally {
    model.dispose();
  }
}

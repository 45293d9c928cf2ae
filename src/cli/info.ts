/** `simdnet info <model.bin>`: a saved model's layers, parameter count and file size, without building it (an .onnx file: info_onnx.ts). */

import { readFileSync, statSync } from 'node:fs';
import { layersOf, parseModel } from '../io/parse.js';
import { parseFlags, UsageError } from './args.js';
import { describeModel, fmtBytes, fmtCount } from './describe.js';
import { INFO_HELP } from './help.js';
import { onnxInfo } from './info_onnx.js';
import type { CliIO } from './io.js';

/**
 * Prints what a model file holds. Reads and checks the file (magic, version, checksum) but needs no backend.
 *
 * ```ts
 * await infoCommand(['out/mnist/model.bin'], processIO());
 * ```
 */
export async function infoCommand(argv: string[], io: CliIO): Promise<number> {
  const p = parseFlags('info', argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, 1);
  if (p.flags.help) {
    io.out.write(INFO_HELP);
    return 0;
  }
  const path = p.positionals[0];
  if (path === undefined) throw new UsageError('info', 'which model file? e.g. simdnet info out/mnist/model.bin');
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  if (/\.onnx$/i.test(path)) return onnxInfo(path, bytes, p.flags.json === true, io);
  const parsed = parseModel(bytes);
  const s = describeModel(parsed.inputShape, layersOf(parsed));
  const size = statSync(path).size;
  if (p.flags.json) {
    const json = {
      file: path, bytes: size, version: parsed.version, inputShape: parsed.inputShape, topology: s.topology, layers: s.summary.rows, parameters: s.parameters,
      trainableParameters: s.summary.trainableParams, nonTrainableParameters: s.summary.nonTrainableParams, loss: parsed.loss,
    };
    io.out.write(`${JSON.stringify(json, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `${path}`,
    `  topology    ${s.topology} (input ${JSON.stringify(parsed.inputShape)})`,
    `  trained as  ${parsed.loss ?? 'unknown (never trained)'}`,
    `  parameters  ${fmtCount(s.parameters)}${s.summary.nonTrainableParams > 0 ? ` (${fmtCount(s.summary.trainableParams)} trained, ${fmtCount(s.summary.nonTrainableParams)} saved statistics not trained)` : ''}`,
    `  file size   ${fmtBytes(size)} (${fmtCount(size)} bytes, format version ${parsed.version})`,
    '',
    ...s.summary.text.split('\n').map((l) => `  ${l}`),
  ];
  io.out.write(`${lines.join('\n')}\n`);
  return 0;
}

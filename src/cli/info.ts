/** `simdnet info <model.bin>`: a saved model's layers, parameter count and file size, without building it. */

import { readFileSync, statSync } from 'node:fs';
import { parseModel } from '../io/load.js';
import { parseFlags, UsageError } from './args.js';
import { fmtBytes, fmtCount, summarize } from './describe.js';
import { INFO_HELP } from './help.js';
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
  const parsed = parseModel(bytes);
  const s = summarize(parsed.layers);
  const size = statSync(path).size;
  if (p.flags.json) {
    io.out.write(`${JSON.stringify({ file: path, bytes: size, inputs: parsed.inputSize, topology: s.topology, layers: s.rows, parameters: s.parameters, loss: parsed.loss }, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(5, ...s.rows.map((r) => r.layer.length));
  const lines = [
    `${path}`,
    `  topology    ${s.topology} (${parsed.inputSize} inputs)`,
    `  trained as  ${parsed.loss ?? 'unknown (never trained)'}`,
    `  parameters  ${fmtCount(s.parameters)}`,
    `  file size   ${fmtBytes(size)} (${fmtCount(size)} bytes)`,
    '',
    `  ${'layer'.padEnd(width)}  outputs  parameters`,
    ...s.rows.map((r) => `  ${r.layer.padEnd(width)}  ${String(r.outputs).padStart(7)}  ${fmtCount(r.parameters).padStart(10)}`),
  ];
  io.out.write(`${lines.join('\n')}\n`);
  return 0;
}

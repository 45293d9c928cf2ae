/** `simdnet info model.onnx`: an ONNX file's producer, opset, input and output, and its nodes with the simdnet layer each becomes. */

import { checkImported, type ImportedModel } from '../interop/imported.js';
import { nodeLabel } from '../interop/onnx/import_graph.js';
import { parseOnnx } from '../interop/onnx/from_onnx.js';
import { decodeModel } from '../interop/onnx/onnx_decode.js';
import { valueInfoShape } from '../interop/onnx/onnx_tensor.js';
import type { OnnxValueInfo } from '../interop/onnx/onnx_types.js';
import { describeModel, fmtBytes, fmtCount, type ModelDescription } from './describe.js';
import type { CliIO } from './io.js';

/** `x [batch, 3]`. */
function fmtValue(v: OnnxValueInfo | undefined): string {
  if (!v) return '(none)';
  const shape = valueInfoShape(v);
  return `${v.name} ${shape ? `[${shape.map((d) => d ?? '?').join(', ')}]` : '(shape unknown)'}`;
}

/** `{ name, shape }` for --json. */
function valueJson(v: OnnxValueInfo | undefined): { name: string; shape: (number | string | null)[] | null } | null {
  return v ? { name: v.name, shape: valueInfoShape(v) } : null;
}

/** The import, or why it is refused. */
function tryImport(bytes: Uint8Array): { imported: ImportedModel; description: ModelDescription } | { error: string } {
  try {
    const imported = parseOnnx(bytes);
    return { imported, description: describeModel(imported.inputShape, checkImported('info', imported)) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Left-aligned columns. */
function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  return rows.map((r) => r.map((cell, j) => cell.padEnd(widths[j])).join('   ').trimEnd());
}

/**
 * Prints what an ONNX file holds and what fromOnnx would make of it (or why it refuses it). A file that does not
 * decode throws (exit 1); one outside simdnet's subset is still listed, with the reason.
 */
export function onnxInfo(path: string, bytes: Uint8Array, json: boolean, io: CliIO): number {
  const m = decodeModel(bytes);
  const opset = m.opsetImport.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version ?? null;
  const r = tryImport(bytes);
  const layerOf = new Map('imported' in r ? r.imported.layers.map((l, i) => [l.source, String(r.description.summary.rows[i].layer)]) : []);
  const nodes = m.graph.node.map((n, i) => ({ name: n.name, opType: n.opType, layer: layerOf.get(nodeLabel(n, i)) ?? null }));
  const producer = [m.producerName, m.producerVersion].filter(Boolean).join(' ') || 'unknown';
  if (json) {
    const out = { file: path, bytes: bytes.length, format: 'onnx', irVersion: m.irVersion, opset, producer, input: valueJson(m.graph.input[0]),
      output: valueJson(m.graph.output[0]), nodes,
      ...('imported' in r ? { importable: true, inputShape: r.imported.inputShape, topology: r.description.topology, parameters: r.description.parameters } : { importable: false, error: r.error }) };
    io.out.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  const lines = [
    path,
    `  format      ONNX, IR version ${m.irVersion}, opset ${opset ?? '(none of the default domain)'}, made by ${producer}`,
    `  graph       ${fmtValue(m.graph.input[0])} → ${fmtValue(m.graph.output[0])}, ${m.graph.node.length} nodes`,
    'imported' in r ? `  imports as  ${r.description.layers} (input ${JSON.stringify(r.imported.inputShape)})` : `  imports as  nothing: ${r.error}`,
    ...('imported' in r ? [`  parameters  ${fmtCount(r.description.parameters)}`] : []),
    `  file size   ${fmtBytes(bytes.length)} (${fmtCount(bytes.length)} bytes)`,
    '',
    ...table([['node', 'op', 'simdnet layer'], ...nodes.map((n, i) => [n.name || `#${i}`, n.opType, n.layer ?? '·'])]).map((l) => `  ${l}`),
  ];
  io.out.write(`${lines.join('\n')}\n`);
  return 0;
}

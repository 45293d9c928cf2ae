/** `simdnet predict --model m.bin --input rows.csv`: runs a saved model on rows and prints outputs or classes. */

import { readFileSync } from 'node:fs';
import { loadModel } from '../model/load.js';
import { loadMnist } from '../data/mnist_node.js';
import type { Matrix } from '../matrix.js';
import { choiceFlag, intFlag, parseFlags, stringFlag, UsageError, type FlagSpecs } from './args.js';
import { PREDICT_HELP } from './help.js';
import type { CliIO } from './io.js';
import { parseRows } from './rows.js';
import { selectBackend } from './run.js';

const SPECS: FlagSpecs = {
  model: { type: 'string' }, input: { type: 'string' }, format: { type: 'string' }, classes: { type: 'boolean' },
  backend: { type: 'string' }, mnist: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' },
};

function readText(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`cannot read ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

/** Rows from a file or standard input ('-'). */
async function readInput(c: string, path: string, io: CliIO): Promise<Matrix> {
  if (path !== '-') return parseRows(readText(path, 'input').toString('utf8'), path);
  const text = await io.readStdin?.();
  if (text === undefined) throw new UsageError(c, 'no input: pass --input <file.json|file.csv>, --mnist <n>, or pipe rows into standard input');
  return parseRows(text, 'stdin');
}

/** `predicted,label` per MNIST test image on stdout; the count of correct ones on stderr. */
function printMnist(io: CliIO, format: 'csv' | 'json', predicted: number[], labels: Uint8Array): number {
  const correct = predicted.filter((k, i) => k === labels[i]).length;
  if (format === 'json') io.out.write(`${JSON.stringify(predicted.map((k, i) => ({ predicted: k, label: labels[i] })))}\n`);
  else io.out.write(`predicted,label\n${predicted.map((k, i) => `${k},${labels[i]}\n`).join('')}`);
  io.err.write(`${correct} of ${labels.length} correct (${((100 * correct) / labels.length).toFixed(2)}%)\n`);
  return 0;
}

/** Shortest text that reads back as the same f32 (f32 → f64 → 9 significant digits, trimmed). */
function fmt(v: number): string {
  return String(Number(Math.fround(v).toPrecision(9)));
}

/**
 * Prints one line per input row: the model's raw outputs (logits for classifiers), or with
 * `--classes` the index of the largest output (for a single output: 1 when it is > 0).
 *
 * ```ts
 * await predictCommand(['--model', 'out/moons/model.bin', '--input', 'points.csv', '--classes'], processIO());
 * ```
 */
export async function predictCommand(argv: string[], io: CliIO): Promise<number> {
  const c = 'predict';
  const p = parseFlags(c, argv, SPECS, 0);
  if (p.flags.help) {
    io.out.write(PREDICT_HELP);
    return 0;
  }
  const modelPath = stringFlag(c, p, 'model');
  if (modelPath === undefined) throw new UsageError(c, 'missing --model <model.bin>');
  const format = choiceFlag(c, p, 'format', ['csv', 'json'] as const) ?? 'csv';
  const backend = choiceFlag(c, p, 'backend', ['wasm', 'ts'] as const) ?? 'wasm';
  const mnist = intFlag(c, p, 'mnist');
  if (mnist !== undefined && p.flags.input !== undefined) throw new UsageError(c, '--mnist and --input are alternatives; pass one');
  let x: Matrix;
  let labels: Uint8Array | null = null;
  if (mnist !== undefined) {
    const { test } = loadMnist({ dir: stringFlag(c, p, 'data-dir'), limitTrain: 1, limitTest: mnist });
    x = test.x;
    labels = test.y;
  } else {
    x = await readInput(c, stringFlag(c, p, 'input') ?? '-', io);
  }
  const bytes = readText(modelPath, 'model');

  await selectBackend(backend);
  const model = loadModel(bytes);
  try {
    if (x.shape[1] !== model.inputSize) {
      throw new Error(`the input rows have ${x.shape[1]} values but the model ${modelPath} takes ${model.inputSize}`);
    }
    if (labels) return printMnist(io, format, model.predictClasses(x), labels);
    if (p.flags.classes) {
      const classes = model.predictClasses(x);
      io.out.write(format === 'json' ? `${JSON.stringify(classes)}\n` : classes.map((k) => `${k}\n`).join(''));
      return 0;
    }
    const out = model.predict(x);
    const [rows, cols] = out.shape;
    const lines: string[] = [];
    for (let i = 0; i < rows; i++) lines.push(Array.from(out.data.subarray(i * cols, (i + 1) * cols), fmt).join(','));
    io.out.write(format === 'json' ? `[${lines.map((l) => `[${l}]`).join(',\n ')}]\n` : lines.map((l) => `${l}\n`).join(''));
    return 0;
  } finally {
    model.dispose();
  }
}

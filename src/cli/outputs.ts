/** What `simdnet train` leaves behind: model.bin, report.json and SVG plots (history; boundary or fitted line). */

import { writeFileSync } from 'node:fs';
import { arch, cpus, platform } from 'node:os';
import { basename, join } from 'node:path';
import { decisionBoundary } from '../plot/boundary.js';
import { fitLine } from '../plot/fit_line.js';
import { lossCurve } from '../plot/loss.js';
import type { CliDataset, TrainConfig } from './datasets.js';
import { describeModel } from './describe.js';
import { buildModel, type RunResult } from './run.js';

/** The machine a run happened on, for reports and benchmark tables. */
export function machine(): { cpu: string; cores: number; node: string; platform: string } {
  const list = cpus();
  return { cpu: list[0]?.model?.trim() ?? 'unknown', cores: list.length, node: process.version, platform: `${platform()}-${arch()}` };
}

const pct = (v: number | null | undefined): string => (v === null || v === undefined ? '' : `${(v * 100).toFixed(2)}%`);

/** Everything report.json holds: the config, the data, the model, the per-epoch history, the test figures, the file names. */
export function buildReport(data: CliDataset, config: TrainConfig, result: RunResult, version: string, files: string[]): object {
  const summary = describeModel(result.model.inputShape, result.model.layers);
  const h = result.history;
  return {
    simdnet: version,
    date: new Date().toISOString(),
    machine: machine(),
    dataset: { name: data.name, task: data.task, description: data.description, train: data.xTrain.shape[0], test: data.xTest.shape[0] },
    config,
    model: { topology: summary.topology, layers: summary.layers, parameters: summary.parameters },
    validation: 'the test set, evaluated after every epoch',
    history: h,
    epochs: result.epochs,
    untrained: result.untrained,
    test: result.test,
    stoppedEarly: result.stopped,
    trainSeconds: result.trainSeconds,
    secondsPerEpoch: result.trainSeconds / Math.max(1, result.epochs.length),
    files,
  };
}

/** Column `j` of a Matrix as plain numbers. */
function column(m: { data: Float32Array; shape: readonly [number, number] }, j = 0): number[] {
  const [rows, cols] = m.shape;
  return Array.from({ length: rows }, (_, i) => m.data[i * cols + j]);
}

/**
 * Writes model.bin, the plots and report.json into `dir` (which must exist); returns the paths written.
 *
 * ```ts
 * const files = writeOutputs('out/moons', data, config, result, '0.1.0');
 * ```
 */
export function writeOutputs(dir: string, data: CliDataset, config: TrainConfig, result: RunResult, version: string): string[] {
  const files: string[] = [];
  const put = (name: string, content: string | Uint8Array): void => {
    const path = join(dir, name);
    writeFileSync(path, content);
    files.push(path);
  };
  put('model.bin', result.model.save());

  const what = data.task === 'classification' ? `test accuracy ${pct(result.test.accuracy)}` : `test ${config.loss} ${result.test.loss.toPrecision(4)}`;
  const topo = describeModel(result.model.inputShape, result.model.layers).topology;
  const h = result.history;
  const positive = [...h.loss, ...(h.valLoss ?? [])].every((v) => v > 0);
  put('history.svg', lossCurve(h, {
    title: `${data.name} ${topo}: ${h.valAccuracy ? 'loss and accuracy' : `${config.loss} loss`} per epoch (validation = test set)`,
    // A regression loss falls by orders of magnitude; only a log axis shows the late epochs.
    logLoss: data.task === 'regression' && positive,
  }));

  if (data.inputs === 2 && data.task === 'classification') {
    put('decision-boundary.svg', decisionBoundary(result.model, data.xTrain, data.labelsTrain!, {
      title: `${data.name} ${topo}: decision regions, training points (${what})`, classes: data.outputs,
    }));
  }
  if (data.inputs === 1 && data.task === 'regression') {
    // Same config and seed → the same initial weights: rebuild the untrained model for the "before" line.
    const before = buildModel(data, config);
    try {
      const at = (m: typeof before) => (v: number): number => m.predict([[v]])[0][0];
      const xs = column(data.xTrain);
      const ys = column(data.yTrain!);
      put('fit.svg', fitLine(xs, ys, [
        { label: 'before training', predict: at(before) },
        { label: 'after training', predict: at(result.model) },
      ], { title: `${data.name}: data and the fitted line (${what})`, xLabel: data.name === 'celsius' ? '°C' : 'x', yLabel: data.name === 'celsius' ? '°F' : 'y' }));
    } finally {
      before.dispose();
    }
  }
  const reportPath = join(dir, 'report.json');
  files.push(reportPath);
  writeFileSync(reportPath, `${JSON.stringify(buildReport(data, config, result, version, files.map((f) => basename(f))), null, 2)}\n`);
  return files;
}

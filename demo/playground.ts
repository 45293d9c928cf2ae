/** The "Classify 2-D data" view: pick data and a model, train it in a worker, watch boundary and curves live. */

import { makeBlobs, makeCircles, makeMoons, makeSpirals, mlp, type Sequential } from './lib.js';
import { trainInWorker, type TrainingRun } from '../src/worker/client.js';
import type { DoneMessage, LayerWeightsJSON, MlpConfig, ProgressMessage, TrainRequest } from '../src/worker/protocol.js';
import { drawBoundary, drawCurves, gridPoints, toProbabilities, viewOf, type View } from './draw.js';
import { setupDownload, type DownloadState } from './download.js';

const GRID = 96;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const num = (id: string) => Number($<HTMLInputElement>(id).value);
const val = (id: string) => $<HTMLInputElement | HTMLSelectElement>(id).value;

/** What the page shows and what the browser tests read (window.simdnetDemo.playground). */
export interface PlaygroundState {
  status: 'idle' | 'training' | 'done' | 'stopped' | 'error';
  epoch: number;
  loss: number | null;
  accuracy: number | null;
  /** Number of times the boundary was repainted from weights sent by the worker. */
  boundaryDraws: number;
  done: DoneMessage | null;
  error: string | null;
  /** Accuracy of the page's own copy of the model (last weights received) on the shown data. */
  pageAccuracy(): number | null;
  /** The page's copy of the model (what "Download ONNX" exports), or null before the first training. */
  pageModel(): Sequential | null;
  /** The "Download ONNX" button's counters. */
  download: DownloadState;
}

interface Data {
  x: number[][];
  y: number[];
  classes: number;
}

export function makeData(): Data {
  const name = val('dataset');
  const n = Math.round(num('points'));
  const noise = num('noise');
  const seed = Math.round(num('seed'));
  switch (name) {
    case 'circles': return { ...makeCircles(n, { noise: noise / 2, factor: 0.5, seed }), classes: 2 };
    case 'blobs': {
      const { x, y } = makeBlobs(n, { centers: 3, std: 0.6 + 4 * noise, box: [-5, 5], seed });
      return { x, y, classes: 3 };
    }
    case 'spirals': return { ...makeSpirals(n, { classes: 2, noise: noise / 3, seed }), classes: 2 };
    default: return { ...makeMoons(n, { noise, seed }), classes: 2 };
  }
}

function parseHidden(text: string): number[] {
  const parts = text.split(/[\s,]+/).filter(Boolean).map(Number);
  if (parts.some((v) => !Number.isInteger(v) || v < 1 || v > 1024)) {
    throw new RangeError(`hidden layers: expected comma-separated widths from 1 to 1024, got "${text}"`);
  }
  return parts;
}

export function setupPlayground(): PlaygroundState {
  const download = setupDownload($<HTMLButtonElement>('download-onnx'), () => model, () => `simdnet-${val('dataset')}.onnx`);
  const state: PlaygroundState = {
    status: 'idle', epoch: 0, loss: null, accuracy: null, boundaryDraws: 0, done: null, error: null,
    pageAccuracy: () => {
      if (!model || state.boundaryDraws === 0) return null;
      const predicted = model.predictClasses(data.x);
      return predicted.filter((c, i) => c === data.y[i]).length / data.y.length;
    },
    pageModel: () => model,
    download,
  };
  const boundary = $<HTMLCanvasElement>('boundary');
  const curves = $<HTMLCanvasElement>('curves');
  let data = makeData();
  let view: View = viewOf(data.x);
  let run: TrainingRun | null = null;
  let worker: Worker | null = null;
  let model: Sequential | null = null;
  let history = { epoch: [] as number[], loss: [] as number[], acc: [] as number[] };
  let pending: LayerWeightsJSON[] | null = null;

  const show = () => {
    $('status').textContent = state.status;
    $('epoch').textContent = state.epoch ? String(state.epoch) : '–';
    $('loss').textContent = state.loss === null ? '–' : state.loss.toFixed(4);
    $('accuracy').textContent = state.accuracy === null ? '–' : `${(state.accuracy * 100).toFixed(1)}%`;
    $<HTMLButtonElement>('train').disabled = state.status === 'training';
    $<HTMLButtonElement>('stop').disabled = state.status !== 'training';
    download.setEnabled(model !== null && (state.status === 'done' || state.status === 'stopped'));
    $('error').textContent = state.error ?? '';
  };

  const redrawData = () => {
    data = makeData();
    view = viewOf(data.x);
    drawBoundary(boundary, view, GRID, null, data.classes, data.x, data.y);
  };

  // The worker may send thousands of messages a second: keep them, and redraw at most once per frame.
  let frameQueued = false;
  const render = () => {
    frameQueued = false;
    if (pending && model) {
      model.setWeights(pending);
      pending = null;
      const out = model.predict(gridPoints(view, GRID));
      const cols = out.shape[1];
      drawBoundary(boundary, view, GRID, toProbabilities(out.data, cols), cols === 1 ? 2 : cols, data.x, data.y);
      state.boundaryDraws++;
    }
    drawCurves(curves, history.epoch, history.loss, history.acc);
    show();
  };
  const schedule = () => {
    if (!frameQueued) { frameQueued = true; requestAnimationFrame(render); }
  };

  const onProgress = (p: ProgressMessage) => {
    state.epoch = p.epoch + 1; // epochs done (the message's epoch is a 0-based index)
    state.loss = p.loss;
    state.accuracy = p.accuracy ?? null;
    history.epoch.push(p.epoch + 1);
    history.loss.push(p.loss);
    if (p.accuracy !== undefined) history.acc.push(p.accuracy);
    if (p.weights) pending = p.weights;
    schedule();
  };

  const start = () => {
    state.error = null;
    let request: Omit<TrainRequest, 'type'>;
    try {
      redrawData();
      const hidden = parseHidden(val('hidden'));
      const modelConfig: MlpConfig = {
        inputs: 2,
        layers: [...hidden, data.classes],
        activation: val('activation') as MlpConfig['activation'],
        seed: Math.round(num('seed')),
      };
      model?.dispose();
      model = mlp(modelConfig.inputs, modelConfig.layers, { activation: modelConfig.activation, seed: modelConfig.seed });
      const epochs = Math.round(num('epochs'));
      request = {
        data: { x: data.x, y: data.y },
        model: modelConfig,
        fit: {
          loss: 'softmaxCrossEntropy',
          optimizer: { name: val('optimizer') as 'adam', lr: num('lr') },
          epochs,
          batchSize: Math.round(num('batch')),
          shuffle: true,
        },
        reportEvery: Math.max(1, Math.round(epochs / 100)),
      };
    } catch (err) {
      state.status = 'error';
      state.error = (err as Error).message;
      show();
      return;
    }
    history = { epoch: [], loss: [], acc: [] };
    Object.assign(state, { status: 'training', epoch: 0, loss: null, accuracy: null, done: null });
    drawCurves(curves, [], [], []);
    show();
    worker ??= new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    run = trainInWorker(worker, request, { onProgress });
    run.done.then(
      (done) => {
        state.done = done;
        state.status = done.stopped ? 'stopped' : 'done';
        state.loss = done.loss;
        state.accuracy = done.accuracy ?? null;
        pending = done.weights;
        render();
        $('time').textContent = `${(done.ms / 1000).toFixed(2)} s in the worker, ${Math.round(done.epochsDone / (done.ms / 1000))} epochs/s`;
        show();
      },
      (err: Error) => {
        state.status = 'error';
        state.error = err.message;
        show();
      },
    );
  };

  $('train').addEventListener('click', start);
  $('stop').addEventListener('click', () => run?.stop());
  for (const id of ['dataset', 'points', 'noise', 'seed']) {
    $(id).addEventListener('change', () => { if (state.status !== 'training') redrawData(); });
  }
  redrawData();
  drawCurves(curves, [], [], []);
  show();
  return state;
}

/** The "Draw a digit" view: a drawing pad, the MNIST-style 28×28 input it becomes, and the model's probabilities. */

import { loadModel, type Sequential } from './lib.js';
import { toProbabilities } from './draw.js';
import { setupFilters, type FiltersState } from './filters.js';
import { inkFromCanvas, toMnistInput } from './mnist_input.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** What the browser tests read (window.simdnetDemo.digits). */
export interface DigitsState {
  model: Sequential | null;
  modelError: string | null;
  guess: number | null;
  probs: number[] | null;
  /** Classifies an image given as 784 values in [0, 1]. */
  classify(input: Float32Array): number[];
  /** Runs the pad's pipeline (ink → 28×28 → model) on what is drawn now; returns the guess (null if empty). */
  classifyPad(): number | null;
  /** The convnet's first-layer filters and feature maps, once the model is loaded. */
  filters: FiltersState | null;
}

export function setupDigits(modelUrl: URL): DigitsState {
  const pad = $<HTMLCanvasElement>('pad');
  const small = $<HTMLCanvasElement>('input28');
  const ctx = pad.getContext('2d', { willReadFrequently: true })!;
  const state: DigitsState = {
    model: null, modelError: null, guess: null, probs: null, filters: null,
    classify(input) {
      if (!state.model) throw new Error('digits: the model is not loaded yet');
      const out = state.model.predict({ data: input, shape: [1, 784] });
      return Array.from(toProbabilities(out.data, out.shape[1]));
    },
    classifyPad: () => { classifyPad(); return state.guess; },
  };

  let showMaps: (input: Float32Array | null) => void = () => undefined;
  const clear = () => {
    showMaps(null);
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, pad.width, pad.height);
    small.getContext('2d')!.clearRect(0, 0, small.width, small.height);
    state.guess = null;
    state.probs = null;
    showProbs(null);
  };

  const classifyPad = () => {
    const input = toMnistInput(inkFromCanvas(pad), pad.width, pad.height);
    if (!input) return clear();
    drawInput(small, input);
    if (!state.model) return;
    showMaps(input);
    state.probs = state.classify(input);
    state.guess = state.probs.indexOf(Math.max(...state.probs));
    showProbs(state.probs);
  };

  // Strokes: round, about an eighth of a digit's height, like MNIST's pen.
  let last: [number, number] | null = null;
  let queued = false;
  const point = (e: PointerEvent): [number, number] => {
    const r = pad.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * pad.width, ((e.clientY - r.top) / r.height) * pad.height];
  };
  pad.addEventListener('pointerdown', (e) => { pad.setPointerCapture(e.pointerId); last = point(e); stroke(last, last); });
  pad.addEventListener('pointermove', (e) => {
    if (!last) return;
    const p = point(e);
    stroke(last, p);
    last = p;
    if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; classifyPad(); }); }
  });
  const end = () => { if (last) { last = null; classifyPad(); } };
  pad.addEventListener('pointerup', end);
  pad.addEventListener('pointercancel', end);
  function stroke(a: [number, number], b: [number, number]): void {
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = pad.width / 13;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(a[0], a[1]);
    ctx.lineTo(b[0], b[1]);
    ctx.stroke();
  }
  $('clear').addEventListener('click', clear);
  clear();

  fetch(modelUrl)
    .then((res) => {
      if (!res.ok) throw new Error(`could not fetch ${modelUrl.pathname}: HTTP ${res.status}`);
      return res.arrayBuffer();
    })
    .then((buf) => {
      state.model = loadModel(new Uint8Array(buf));
      $('digit-model').textContent = `model: ${describe(state.model)}, ${(buf.byteLength / 1024).toFixed(0)} KB (demo/mnist-model.bin)`;
      const inside = setupFilters(state.model, $<HTMLCanvasElement>('filters'), $<HTMLCanvasElement>('feature-maps'));
      state.filters = inside.state;
      showMaps = inside.show;
      classifyPad();
    })
    .catch((err: Error) => {
      state.modelError = err.message;
      $('digit-model').textContent = `model: ${err.message}`;
    });
  return state;
}

/** `conv2d(16 5×5) → relu → … → dense(512→10), 18,378 parameters`. */
function describe(model: Sequential): string {
  return `${String(model)}, ${model.summary().totalParams.toLocaleString('en-US')} parameters`;
}

/** Shows the 28×28 input, scaled up with crisp pixels. */
function drawInput(canvas: HTMLCanvasElement, input: Float32Array): void {
  const img = new ImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const v = Math.round(input[i]! * 255);
    img.data.set([v, v, v, 255], 4 * i);
  }
  const tile = document.createElement('canvas');
  tile.width = 28; tile.height = 28;
  tile.getContext('2d')!.putImageData(img, 0, 0);
  const ctx = canvas.getContext('2d')!;
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(tile, 0, 0, canvas.width, canvas.height);
}

function showProbs(probs: number[] | null): void {
  const list = $('digit-probs');
  const top = probs ? probs.indexOf(Math.max(...probs)) : -1;
  $('digit-guess').textContent = probs ? String(top) : '–';
  list.innerHTML = '';
  for (let d = 0; d < 10; d++) {
    const p = probs ? probs[d]! : 0;
    const li = document.createElement('li');
    if (d === top) li.className = 'top';
    li.innerHTML = `<span>${d}</span><span class="bar"><i style="width:${(p * 100).toFixed(1)}%"></i></span><span>${(p * 100).toFixed(1)}%</span>`;
    list.append(li);
  }
}

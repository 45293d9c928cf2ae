/** "Inside the convnet": the first convolution's learned filters as images, and the feature maps they make of the drawn digit. */

import { relu, sequential, layerFromConfig, type Sequential } from './lib.js';

/** What the browser tests read (window.simdnetDemo.digits.filters). */
export interface FiltersState {
  /** Filters shown (the first conv layer's output channels); 0 when the model has no convolution first. */
  filters: number;
  /** Times the feature maps were drawn for an input. */
  mapDraws: number;
}

/** A colour for v in [−1, 1]: orange for positive weights, blue for negative, white at 0 (a diverging map). */
function diverging(v: number): [number, number, number] {
  const t = Math.max(-1, Math.min(1, v));
  return t >= 0 ? [255, Math.round(255 - 96 * t), Math.round(255 - 255 * t)] : [Math.round(255 + 255 * t), Math.round(255 + 141 * t), Math.round(255 + 77 * t)];
}

/** Paints `count` h×w tiles in a grid of `cols` columns, each pixel's colour from `colour(tile, y, x)`. */
function paintTiles(canvas: HTMLCanvasElement, count: number, h: number, w: number, cols: number, colour: (k: number, y: number, x: number) => [number, number, number]): void {
  const rows = Math.ceil(count / cols), gap = 1;
  const img = new ImageData(cols * (w + gap) - gap, rows * (h + gap) - gap);
  img.data.fill(255);
  for (let k = 0; k < count; k++) {
    const ox = (k % cols) * (w + gap), oy = Math.floor(k / cols) * (h + gap);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) img.data.set([...colour(k, y, x), 255], 4 * ((oy + y) * img.width + ox + x));
    }
  }
  const tile = document.createElement('canvas');
  tile.width = img.width; tile.height = img.height;
  tile.getContext('2d')!.putImageData(img, 0, 0);
  const ctx = canvas.getContext('2d')!;
  ctx.imageSmoothingEnabled = false;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const scale = Math.min(canvas.width / img.width, canvas.height / img.height);
  ctx.drawImage(tile, 0, 0, img.width * scale, img.height * scale);
}

/**
 * Shows the model's first layer when it is a conv2d on [28, 28, 1]: each filter's kh×kw weights (scaled by the
 * largest), and a model of that layer and a relu alone, fed the same input, for its feature maps.
 */
export function setupFilters(model: Sequential, filterCanvas: HTMLCanvasElement, mapCanvas: HTMLCanvasElement): { state: FiltersState; show(input: Float32Array | null): void } {
  const state: FiltersState = { filters: 0, mapDraws: 0 };
  const first = model.layers[0];
  if (first.kind !== 'conv2d' || model.inputShape.length !== 3) return { state, show: () => undefined };
  const [kh, kw] = first.config().kernelSize as number[];
  const { W, b } = model.getWeights()[0];
  const n = W[0].length, cin = W.length / (kh * kw);
  const scale = Math.max(...W.flat().map(Math.abs)) || 1;
  // channel 0 of each filter (MNIST has one)
  paintTiles(filterCanvas, n, kh, kw, 8, (k, y, x) => diverging(W[(y * kw + x) * cin][k] / scale));
  state.filters = n;
  const probe = sequential([layerFromConfig(first.config()), relu()], { inputShape: model.inputShape });
  probe.setWeights([{ W, b }]);
  const [ho, wo] = first.outputShape;
  const show = (input: Float32Array | null): void => {
    if (!input) {
      mapCanvas.getContext('2d')!.clearRect(0, 0, mapCanvas.width, mapCanvas.height);
      return;
    }
    const maps = probe.predict({ data: input, shape: [1, input.length] }).data;
    const top = Math.max(...maps) || 1;
    paintTiles(mapCanvas, n, ho, wo, 8, (k, y, x) => {
      const v = Math.round(255 * (1 - maps[(y * wo + x) * n + k]! / top));
      return [v, v, v];
    });
    state.mapDraws++;
  };
  return { state, show };
}

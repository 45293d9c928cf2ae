/** The playground's "Download ONNX" button: the page's trained model as a standard ONNX file (toOnnx), saved through a blob link. */

import { toOnnx, type Sequential } from './lib.js';

/** What the browser tests read: how many files the button produced, and the size of the last one. */
export interface DownloadState {
  downloads: number;
  lastBytes: number;
}

/**
 * Wires `button` to download `getModel()` as `fileName()`; `setEnabled` is called by the page when a trained model
 * is there (after training ends) or not (before, and while a worker trains).
 */
export function setupDownload(button: HTMLButtonElement, getModel: () => Sequential | null, fileName: () => string): DownloadState & { setEnabled(on: boolean): void } {
  const state = {
    downloads: 0,
    lastBytes: 0,
    setEnabled: (on: boolean) => { button.disabled = !on; },
  };
  button.addEventListener('click', () => {
    const model = getModel();
    if (!model) return;
    const bytes = toOnnx(model);
    const url = URL.createObjectURL(new Blob([new Uint8Array(bytes)], { type: 'application/octet-stream' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName();
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    state.downloads++;
    state.lastBytes = bytes.length;
  });
  state.setEnabled(false);
  return state;
}

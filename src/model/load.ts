/** loadModel: bytes → a Sequential on the current backend, built only after parseModel has checked every byte. */

import { getBackend } from '../backend/index.js';
import { parseModel, layersOf } from '../io/parse.js';
import { Sequential } from './sequential.js';

/**
 * Reads a model written by `model.save()` (any format version), on the current backend. Truncated, corrupt
 * (checksum), foreign (magic), newer (version) or inconsistent files are refused with a RangeError; nothing is
 * built until every byte has been checked.
 *
 * ```ts
 * const again = loadModel(model.save());
 * again.predict([[0, 1]]); // bit-for-bit the same as model.predict([[0, 1]])
 * ```
 */
export function loadModel(bytes: Uint8Array | ArrayBuffer): Sequential {
  const parsed = parseModel(bytes);
  getBackend();
  const model = new Sequential(layersOf(parsed), { inputShape: parsed.inputShape });
  const be = model.backend;
  model.allWeights().forEach((w, i) => be.write(w.value, parsed.weights[i]));
  model.lastLoss = parsed.loss;
  return model;
}

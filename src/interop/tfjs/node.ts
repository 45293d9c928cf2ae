/** simdnet/tfjs/node (Node only): writing a model as TensorFlow.js files (model.json + weights) and reading such files back. */

import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Sequential } from '../../model/sequential.js';
import { fromTfjs } from './from_tfjs.js';
import { toTfjs } from './to_tfjs.js';
import { TFJS_WEIGHTS_FILE, type TfjsArtifacts } from './tfjs_types.js';

/**
 * Writes `model` as a TensorFlow.js layers model into the folder `dir` (created if needed): `model.json` and
 * `group1-shard1of1.bin`. Returns the two paths. `tf.loadLayersModel('file://…/model.json')` (tfjs-node) or a page
 * serving the folder (`tf.loadLayersModel('/model/model.json')`) reads them.
 *
 * ```ts
 * saveTfjs(model, 'out/tfjs');   // out/tfjs/model.json, out/tfjs/group1-shard1of1.bin
 * ```
 */
export function saveTfjs(model: Sequential, dir: string): { modelJson: string; weights: string } {
  return writeTfjs(toTfjs(model), dir);
}

/**
 * Writes artifacts made by `toTfjs` into the folder `dir` (created if needed); returns the paths of the two files.
 *
 * ```ts
 * writeTfjs(toTfjs(model), 'out/tfjs');
 * ```
 */
export function writeTfjs({ modelJson, weightData }: TfjsArtifacts, dir: string): { modelJson: string; weights: string } {
  mkdirSync(dir, { recursive: true });
  const paths = { modelJson: join(dir, 'model.json'), weights: join(dir, TFJS_WEIGHTS_FILE) };
  writeFileSync(paths.weights, weightData);
  writeFileSync(paths.modelJson, `${JSON.stringify(modelJson, null, 1)}\n`);
  return paths;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A file's bytes, or an Error naming it (`loadTfjs: cannot read m/model.json: no such file`). */
function read(file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(file));
  } catch (e) {
    throw new Error(`loadTfjs: cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

/**
 * Reads a TensorFlow.js layers model from its model.json (or the folder holding it) and the weight files its manifest
 * names (next to it), into a Sequential on the current backend. A weight path outside the model's folder is refused.
 *
 * ```ts
 * const model = loadTfjs('out/tfjs/model.json');
 * ```
 */
export function loadTfjs(path: string): Sequential {
  const file = isFolder(path) ? join(path, 'model.json') : path;
  const text = new TextDecoder().decode(read(file));
  let json: { weightsManifest?: { paths?: unknown }[] };
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new RangeError(`loadTfjs: ${file} is not valid JSON (${(e as Error).message})`);
  }
  const base = resolve(dirname(file));
  const shards = (Array.isArray(json?.weightsManifest) ? json.weightsManifest : []).flatMap((g) => (Array.isArray(g?.paths) ? g.paths : []));
  const bytes = shards.map((p) => {
    if (typeof p !== 'string') throw new TypeError(`loadTfjs: ${file}: a weight path is not a string`);
    const full = resolve(base, p);
    const rel = relative(base, full);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new RangeError(`loadTfjs: ${file}: the weight path ${JSON.stringify(p)} leaves the model's folder`);
    return read(full);
  });
  return fromTfjs(json, bytes);
}

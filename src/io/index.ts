/** Public names of the model file format: save and load. */

export { saveModel } from './save.js';
export { loadModel, parseModel } from './load.js';
export type { ParsedModel } from './load.js';
export { crc32 } from './crc32.js';
export { FORMAT_VERSION } from './format.js';

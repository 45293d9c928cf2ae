/** Public names of model files: saving, parsing (checks every byte, builds nothing), the format version and the checksum. */

export { saveModel } from './save.js';
export { parseModel } from './parse.js';
export type { ParsedModel } from './parse.js';
export { FORMAT_VERSION } from './format.js';
export { crc32 } from './crc32.js';

/** Datasets for the browser and Node (no node: imports here; files on disk are read by ./mnist_node.ts and ./csv_node.ts). */

export { makeMoons } from './moons.js';
export type { Dataset2D, MoonsOptions } from './moons.js';
export { makeBlobs } from './blobs.js';
export type { BlobsOptions } from './blobs.js';
export { makeCircles } from './circles.js';
export type { CirclesOptions } from './circles.js';
export { makeSpirals } from './spirals.js';
export type { SpiralsOptions } from './spirals.js';
export { celsius, celsiusTable, toFahrenheit, CELSIUS_TABLE } from './celsius.js';
export type { CelsiusData, CelsiusOptions } from './celsius.js';
export { linearData, productData } from './regression.js';
export type { LinearDataOptions } from './regression.js';
export { trainTestSplit, shuffleTogether } from './split.js';
export type { SplitOptions, Splittable } from './split.js';
export { toMatrix, toRows, oneHot, oneHotMatrix } from './convert.js';
export { parseIdx, parseMnistImages, parseMnistLabels, parseMnist } from './idx.js';
export type { IdxFile } from './idx.js';
export { parseCsv } from './csv.js';
export { slidingWindows } from './windows.js';
export type { WindowOptions } from './windows.js';
export type { CsvData, CsvOptions, CsvColumn, CsvTargetKind } from './csv.js';

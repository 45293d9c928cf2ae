#!/usr/bin/env node
// The `simdnet` command: runs the compiled CLI from dist/ (built by `npm run build:ts`), in a Node that has relaxed SIMD.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Node 20 validates relaxed SIMD (fused multiply-add: about 15% faster training) only with a V8 flag, which must be
// given at startup: the command re-runs itself once with it, when this Node knows the flag and lacks the feature.
// SIMDNET_RELAXED=0 opts out; a program using the library can pass the flag itself (node --experimental-wasm-relaxed-simd).
const FLAG = '--experimental-wasm-relaxed-simd';
// (module (func (result v128) (f32x4.relaxed_madd (v128.const 0) (v128.const 0) (v128.const 0))))
const PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 61, 1, 59, 0,
  253, 12, ...new Array(16).fill(0), 253, 12, ...new Array(16).fill(0), 253, 12, ...new Array(16).fill(0), 253, 133, 2, 11]);
// Node 20 and 21 (V8 11) have the flag; 22 and later validate relaxed SIMD by default
const major = Number(process.versions.node.split('.')[0]);
const wantsFlag = !WebAssembly.validate(PROBE) && (major === 20 || major === 21)
  && process.env.SIMDNET_RELAXED !== '0' && !process.execArgv.includes(FLAG);
if (wantsFlag) {
  process.on('SIGINT', () => {}); // Ctrl-C reaches the child too (same process group); it decides, this one waits
  const r = spawnSync(process.execPath, [...process.execArgv, FLAG, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? (r.signal === 'SIGINT' ? 130 : 1));
}

const entry = new URL('../dist/cli/main.js', import.meta.url);
let cli;
try {
  cli = await import(entry.href);
} catch (e) {
  if (e?.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('dist/cli/main.js')) {
    console.error('simdnet: dist/cli/main.js is missing; build it with `npm run build` (or `npm run build:ts`)');
    process.exit(1);
  }
  throw e;
}
process.exitCode = await cli.main(process.argv.slice(2));

#!/usr/bin/env node
// `npm start`: trains MNIST 784-128-64-10 (ReLU, Adam) for 5 epochs with progress; model, report and plots go to out/mnist/.
// Extra arguments are appended (later flags win): `npm start -- --epochs 10 --backend ts`.
// Runs the TypeScript sources through tsx when it is installed (a checkout: always current), else the built dist/.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = ['train', 'mnist', '--epochs', '5', '--out', 'out/mnist', ...process.argv.slice(2)];
const built = new URL('../dist/cli/main.js', import.meta.url);

function hasTsx() {
  try {
    createRequire(import.meta.url).resolve('tsx/package.json');
    return existsSync(new URL('../src/cli/main.ts', import.meta.url));
  } catch {
    return false;
  }
}

// Node 20 runs the relaxed-SIMD build only with this flag (bin/simdnet.js says why; SIMDNET_RELAXED=0 opts out)
const FLAG = '--experimental-wasm-relaxed-simd';
const major = Number(process.versions.node.split('.')[0]);
const relaxed = (major === 20 || major === 21) && process.env.SIMDNET_RELAXED !== '0' ? [FLAG] : [];

if (hasTsx()) {
  const r = spawnSync(process.execPath, [...relaxed, '--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
} else if (existsSync(built)) {
  const r = spawnSync(process.execPath, [fileURLToPath(new URL('../bin/simdnet.js', import.meta.url)), ...args], { cwd: root, stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
} else {
  console.error('npm start: neither tsx (npm install) nor a built dist/ (npm run build) is available');
  process.exitCode = 1;
}

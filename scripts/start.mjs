#!/usr/bin/env node
// `npm start`: trains MNIST 784-128-64-10 (ReLU, Adam) for 5 epochs with progress; model, report and plots go to out/mnist/.
// Extra arguments are appended (later flags win): `npm start -- --epochs 10 --backend ts`.
// Runs the built CLI (dist/, made by `npm run build:ts`) when it exists, else the TypeScript sources through tsx.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = ['train', 'mnist', '--epochs', '5', '--out', 'out/mnist', ...process.argv.slice(2)];
const built = new URL('../dist/cli/main.js', import.meta.url);

if (existsSync(built)) {
  const { main } = await import(built.href);
  process.exitCode = await main(args);
} else {
  console.error('(dist/ is not built; running the TypeScript sources with tsx)');
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
}

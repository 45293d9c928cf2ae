#!/usr/bin/env node
// The `simdnet` command: runs the compiled CLI from dist/ (built by `npm run build:ts`).

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

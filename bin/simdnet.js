#!/usr/bin/env node
// The `simdnet` command: runs the compiled CLI from dist/ (build it with `npm run build:ts`).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));

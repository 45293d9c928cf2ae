/** The relaxed-SIMD build: feature detection, and its parity run in a child Node that has relaxed SIMD enabled when this one does not. */

import { expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadWasm, relaxedSimdSupported } from '../../../src/backend/wasm/loader.js';
import { WASM_RELAXED_BASE64 } from '../../../src/backend/wasm/wasm_bytes.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

it("'auto' picks the relaxed build exactly when the engine validates relaxed SIMD; 'baseline' forces the baseline", async () => {
  const auto = await loadWasm(undefined, 'auto');
  expect(auto.build).toBe(relaxedSimdSupported() && WASM_RELAXED_BASE64 !== '' ? 'relaxed' : 'baseline');
  expect((await loadWasm(undefined, 'baseline')).build).toBe('baseline');
  if (!relaxedSimdSupported()) await expect(loadWasm(undefined, 'relaxed')).rejects.toThrow(/does not support relaxed SIMD/);
});

const major = Number(process.versions.node.split('.')[0]);
// Node 20–21 have relaxed SIMD behind a flag; where this process already has it, the parity file ran it directly
it.skipIf(relaxedSimdSupported() || major < 20 || major > 21 || WASM_RELAXED_BASE64 === '')(
  'the parity tests pass on the relaxed build (child vitest with --experimental-wasm-relaxed-simd)',
  () => {
    const vitest = fileURLToPath(new URL('node_modules/vitest/vitest.mjs', `file://${root}`));
    // SIMDNET_EXPECT_RELAXED makes the child fail unless relaxed SIMD is runnable there, so a clean exit
    // means the 'relaxed build' block of the parity file ran and passed
    const r = spawnSync(process.execPath, [vitest, 'run', '--execArgv=--experimental-wasm-relaxed-simd', 'test/backend/wasm/wasm_backend.test.ts'], {
      cwd: root,
      // a clean environment: the parent vitest's own variables would change the child's behaviour
      env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'TEST')), SIMDNET_EXPECT_RELAXED: '1', NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const out = `${r.stdout}\n${r.stderr}`;
    expect(r.status, out.slice(-3000)).toBe(0);
    expect(out).toMatch(/Tests\s+\d+ passed/);
    expect(out).not.toMatch(/failed/);
  },
);

// bin/simdnet.js: the installed command runs the built CLI, in Node 20/21 re-run once with the relaxed-SIMD flag.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/simdnet.js', import.meta.url));
const major = Number(process.versions.node.split('.')[0]);
const out = mkdtempSync(join(tmpdir(), 'simdnet-bin-'));

function backendLine(env: Record<string, string> = {}): string {
  const r = spawnSync(process.execPath, [bin, 'train', 'celsius', '--epochs', '2', '--out', out], { encoding: 'utf8', env: { ...process.env, ...env } });
  expect(r.status, r.stderr).toBe(0);
  return /backend {2}(.*)/.exec(r.stdout)![1];
}

describe('the simdnet command', () => {
  it('runs the WASM backend on the relaxed-SIMD build where Node can have it, and on baseline when told not to', () => {
    // Node ≥ 22 has relaxed SIMD without a flag; 20 and 21 get it through the re-run; SIMDNET_RELAXED=0 keeps baseline
    expect(backendLine()).toBe(major >= 20 ? 'wasm (WebAssembly SIMD, relaxed build, 1 thread)' : 'wasm (WebAssembly SIMD, baseline build, 1 thread)');
    if (major < 22) expect(backendLine({ SIMDNET_RELAXED: '0' })).toBe('wasm (WebAssembly SIMD, baseline build, 1 thread)');
  });

  it('passes the exit code through the re-run', () => {
    const r = spawnSync(process.execPath, [bin, 'train', 'nothing'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/simdnet train: unknown dataset/);
  });
});

// The whole project type-checks: src/, tests, benches and examples under strict TypeScript, and assembly/ with its own config.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

function typecheck(project: string): string {
  const r = spawnSync(process.execPath, [tsc, '-p', project, '--noEmit'], { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? '' : `${r.stdout}${r.stderr}`;
}

describe('type check', () => {
  it('assembly/ (the kernels, against AssemblyScript\'s standard library types)', () => {
    expect(typecheck('assembly')).toBe('');
  }, 60_000);

  it('the TypeScript project (src, test, bench, examples, scripts)', () => {
    expect(typecheck('tsconfig.json')).toBe('');
  }, 180_000);
});

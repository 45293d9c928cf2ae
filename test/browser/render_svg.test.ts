// Tests scripts/render-svg.mjs (shipped in the package): an SVG from simdnet/plot becomes a PNG of its size × scale.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/build-browser.mjs';
import { lossCurve } from '../../src/plot/loss.js';
import { CHROMIUM } from './harness.js';

const tmp = mkdtempSync(join(tmpdir(), 'simdnet-render-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const render = (...args: string[]) =>
  spawnSync(process.execPath, [join(repoRoot, 'scripts/render-svg.mjs'), ...args], { encoding: 'utf8', timeout: 60_000 });

describe('render-svg', () => {
  it('renders a plot to a PNG of its width × height × scale', () => {
    const svg = join(tmp, 'loss.svg');
    writeFileSync(svg, lossCurve({ loss: [3, 2, 1] }, { width: 300, height: 200 }));
    const r = render(svg, join(tmp, 'loss.png'), '--scale', '2', '--chromium', CHROMIUM);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('(300×200 @2x)');
    const png = readFileSync(join(tmp, 'loss.png'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([600, 400]); // IHDR width, height
  });

  it('says what is wrong, with exit code 2 for usage and 1 for a missing file or browser', () => {
    const none = render();
    expect([none.status, none.stderr]).toEqual([2, expect.stringMatching(/render-svg: no input SVG given\nusage: /)]);
    expect(render(join(tmp, 'loss.svg'), '--scale', '9').status).toBe(2);
    const missing = render(join(tmp, 'nope.svg'));
    expect([missing.status, missing.stderr]).toEqual([1, expect.stringContaining('nope.svg does not exist')]);
    const noBrowser = render(join(tmp, 'loss.svg'), '--chromium', join(tmp, 'no-chromium'));
    expect([noBrowser.status, noBrowser.stderr]).toEqual([1, expect.stringContaining('no Chromium at')]);
    expect(render('--help').stdout).toMatch(/^usage: /);
  });
});

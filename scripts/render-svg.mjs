#!/usr/bin/env node
// Renders SVG files (e.g. from simdnet/plot) to PNG with headless Chromium via playwright-core; shipped in the npm package.
//
//   node scripts/render-svg.mjs in.svg [out.png] [--scale 2] [--chromium /usr/bin/chromium]     (in a clone)
//   node node_modules/simdnet/scripts/render-svg.mjs in.svg out.png                           (installed)
//   node scripts/render-svg.mjs a.svg b.svg      several inputs: each written next to its input as .png
//
// Needs `playwright-core` (a dev dependency here; `npm install playwright-core` elsewhere) and a Chromium binary:
// --chromium, $CHROMIUM_PATH, or /usr/bin/chromium (Debian: `apt-get install chromium`). Nothing is downloaded.

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const USAGE = 'usage: node render-svg.mjs in.svg [out.png] [--scale 2] [--chromium /usr/bin/chromium]';

/** Prints `message` (and the usage line with `usage`) and ends with `code`. */
function fail(message, code = 1, usage = false) {
  console.error(`render-svg: ${message}${usage ? `\n${USAGE}` : ''}`);
  process.exit(code);
}

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(`${USAGE}\nRenders each SVG to PNG at its own width × height (times --scale) with headless Chromium.`);
  process.exit(0);
}
let scale = 1;
let executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--scale') scale = Number(args[++i]);
  else if (args[i] === '--chromium') executablePath = args[++i];
  else files.push(args[i]);
}
if (files.length === 0) fail('no input SVG given', 2, true);
// Chromium captures at most 16384 px per side: the largest plot (4096 px) at scale 4
if (!(scale > 0 && scale <= 4)) fail(`--scale must be a number in (0, 4], got ${args[args.indexOf('--scale') + 1]}`, 2, true);
// one input and one .png: explicit output; otherwise each input gets a sibling .png
const jobs = files.length === 2 && files[1].endsWith('.png')
  ? [[files[0], files[1]]]
  : files.map((f) => [f, f.replace(/\.svg$/i, '') + '.png']);
for (const [input] of jobs) if (!existsSync(input)) fail(`${input} does not exist`);

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
  fail('needs the playwright-core package: `npm install playwright-core` (it drives a Chromium you already have; nothing is downloaded)');
}
if (!existsSync(executablePath)) {
  fail(`no Chromium at ${executablePath}: pass --chromium <path> or set CHROMIUM_PATH (Debian: apt-get install chromium)`);
}
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  for (const [input, output] of jobs) {
    const svg = readFileSync(input, 'utf8');
    const w = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1] ?? 800);
    const h = Number(/<svg[^>]*\sheight="([\d.]+)"/.exec(svg)?.[1] ?? 600);
    const page = await browser.newPage({ viewport: { width: Math.ceil(w), height: Math.ceil(h) }, deviceScaleFactor: scale });
    await page.goto('file://' + resolve(input));
    await page.screenshot({ path: output, clip: { x: 0, y: 0, width: w, height: h } });
    await page.close();
    console.log(`${input} → ${output} (${w}×${h} @${scale}x)`);
  }
} finally {
  await browser.close();
}

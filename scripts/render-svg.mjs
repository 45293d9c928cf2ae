#!/usr/bin/env node
// Renders SVG files to PNG with headless Chromium (playwright-core + the system chromium); used for README images.
// Usage: node scripts/render-svg.mjs in.svg [out.png] [--scale 2] [--chromium /usr/bin/chromium]
// Several inputs: node scripts/render-svg.mjs a.svg b.svg  (each written next to its input as .png)

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const args = process.argv.slice(2);
let scale = 1;
let executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--scale') scale = Number(args[++i]);
  else if (args[i] === '--chromium') executablePath = args[++i];
  else files.push(args[i]);
}
if (files.length === 0 || !(scale > 0)) {
  console.error('usage: node scripts/render-svg.mjs in.svg [out.png] [--scale 2] [--chromium /usr/bin/chromium]');
  process.exit(2);
}
// one input and one .png: explicit output; otherwise each input gets a sibling .png
const jobs = files.length === 2 && files[1].endsWith('.png')
  ? [[files[0], files[1]]]
  : files.map((f) => [f, f.replace(/\.svg$/i, '') + '.png']);

const { chromium } = await import('playwright-core');
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

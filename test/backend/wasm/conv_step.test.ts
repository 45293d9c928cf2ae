/** A conv layer's training step as the kernels run it: nothing allocated in steady state, and with a thread pool the GEMM path gives the one-thread direct path's bits. */

import { expect, it } from 'vitest';
import type { Backend, Buf } from '../../../src/backend/backend.js';
import { convGeometry, maxPoolGeometry } from '../../../src/backend/geometry.js';
import { createWasmBackend } from '../../../src/backend/wasm/create.js';
import { Random } from '../../../src/random.js';
import { randn } from '../conv_cases.js';

// conv 3×3 'same' (8 → 16 channels) → relu → maxPool 2×2, on a batch of 6 samples of 10×10×8
const batch = 6;
const g = convGeometry('conv2d', { h: 10, w: 10, c: 8, kh: 3, kw: 3, padding: 'same' });
const pool = maxPoolGeometry('maxPool2d', { h: g.ho, w: g.wo, c: 16, kh: 2, kw: 2, sh: 2, sw: 2 });
const cout = 16;
const hp = g.h + g.padTop + g.padBottom, wp = g.w + g.padLeft + g.padRight;
const m = batch * g.ho * g.wo, k = g.kh * g.kw * g.c;
const win = [batch, g.h, g.w, g.c, g.kh, g.kw, g.sh, g.sw, g.padTop, g.padLeft, g.ho, g.wo] as const;
const geo = [batch, hp, wp, g.c, g.kh, g.kw, g.sh, g.sw, g.ho, g.wo, cout] as const;
const pwin = [batch, pool.h, pool.w, pool.c, pool.kh, pool.kw, pool.sh, pool.sw, pool.padTop, pool.padLeft, pool.ho, pool.wo] as const;
const poolIn = pool.h * pool.w * pool.c, poolOut = pool.ho * pool.wo * pool.c;

/** The buffers a layer would own, allocated once. */
function buffers(be: Backend) {
  const rng = new Random(51);
  const put = (data: Float32Array): Buf => { const b = be.alloc(data.length); be.write(b, data); return b; };
  return {
    x: put(randn(rng, batch * g.h * g.w * g.c)), W: put(randn(rng, k * cout, 0.2)), b: put(randn(rng, cout)),
    dz: put(randn(rng, batch * poolOut)), xp: be.alloc(batch * hp * wp * g.c), patches: be.alloc(m * k), y: be.alloc(m * cout),
    z: be.alloc(batch * poolOut), arg: be.alloc(batch * poolOut), dy: be.alloc(m * cout), dW: be.alloc(k * cout), db: be.alloc(cout),
    dp: be.alloc(m * k), Wt: be.alloc(k * cout), dx: be.alloc(batch * g.h * g.w * g.c),
  };
}
type Bufs = ReturnType<typeof buffers>;

/** Forward and backward; `direct`: pad2d + conv2dRelu + conv2dBackwardFilter, else im2col + matmulBiasRelu + matmulTransA. */
function step(be: Backend, s: Bufs, direct: boolean): void {
  if (direct) {
    be.pad2d(s.x, s.xp, batch, g.h, g.w, g.c, g.padTop, g.padLeft, hp, wp);
    be.conv2dRelu(s.xp, s.W, s.b, s.y, ...geo);
  } else {
    be.im2col(s.x, s.patches, ...win);
    be.matmulBiasRelu(s.patches, s.W, s.b, s.y, m, k, cout);
  }
  be.maxPool2d(s.y, s.z, s.arg, ...pwin);
  be.maxPool2dBackward(s.dz, s.arg, s.dy, ...pwin);
  be.reluBackward(s.y, s.dy, s.dy, m * cout); // y > 0 exactly where the pre-activation was
  if (direct) be.conv2dBackwardFilter(s.xp, s.dy, s.dW, ...geo);
  else be.matmulTransA(s.patches, s.dy, s.dW, m, k, cout);
  be.colSum(s.dy, s.db, m, cout);
  be.transpose(s.W, s.Wt, k, cout);
  be.matmul(s.dy, s.Wt, s.dp, m, cout, k);
  be.col2im(s.dp, s.dx, ...win);
}

const outputs = (be: Backend, s: Bufs): Float32Array[] => [s.z, s.dW, s.db, s.dx].map((b) => be.read(b));

it('steady state: the same live buffers and bytes after step 2 and step 50, and the same results', async () => {
  const be = await createWasmBackend(undefined, { simd: 'baseline' });
  const s = buffers(be);
  step(be, s, true);
  step(be, s, true);
  const [live, bytes, first] = [be.liveBuffers(), be.bytesInUse(), outputs(be, s)];
  for (let i = 0; i < 48; i++) step(be, s, i % 2 === 0);
  expect([be.liveBuffers(), be.bytesInUse()]).toEqual([live, bytes]);
  expect(outputs(be, s)).toEqual(first);
});

it('two threads (the GEMM path, split by rows) give the numbers of one thread (the direct kernels)', async () => {
  const one = await createWasmBackend(undefined, { simd: 'baseline' });
  const two = await createWasmBackend(undefined, { simd: 'baseline', threads: 2, minSplitWork: 0 });
  expect(two.threadInfo().threads).toBe(2);
  const s1 = buffers(one), s2 = buffers(two);
  step(one, s1, true);
  step(two, s2, false);
  const [a, b] = [outputs(one, s1), outputs(two, s2)];
  // equal as numbers (a skipped zero product and an added one differ only in the sign of a zero sum)
  a.forEach((v, i) => expect(Array.from(b[i]).every((x, j) => x === v[j]), ['maxPool output', 'dW', 'db', 'dx'][i]).toBe(true));
  // relu made some outputs 0 and the pool passed gradient to the rest: the step did real work
  expect(a[1].some((v) => v !== 0) && a[3].some((v) => v !== 0)).toBe(true);
  two.stopThreads();
});

it('the general binding checks every buffer against the table: a short one is a RangeError naming the kernel', async () => {
  const be = await createWasmBackend(undefined, { simd: 'baseline' });
  const s = buffers(be);
  const short = (n: number) => be.alloc(n - 1);
  expect(() => be.conv2dRelu(s.xp, s.W, s.b, short(m * cout), ...geo)).toThrow(new RangeError(`wasm backend: conv2dRelu: needs ${m * cout} elements, buffer has ${m * cout - 1}`));
  expect(() => be.col2im(s.dp, short(batch * 10 * 10 * 8), ...win)).toThrow(/col2im: needs 4800 elements, buffer has 4799/);
  expect(() => be.maxPool2dBackward(s.dz, s.arg, short(batch * poolIn), ...pwin)).toThrow(/maxPool2dBackward: needs 9600 elements/);
});

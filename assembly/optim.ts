/** Optimizer kernels, fused and in place. g′ = g + l2·w is the gradient of loss + (l2/2)·Σw². */

/** w −= lr · g′ */
export function sgd(w: usize, g: usize, n: i32, lr_: f64, l2_: f64): void {
  const lr = <f32>lr_, l2 = <f32>l2_;
  const vlr = f32x4.splat(lr), vl2 = f32x4.splat(l2);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const wv = v128.load(w + o);
    const gp = f32x4.add(v128.load(g + o), f32x4.mul(vl2, wv));
    v128.store(w + o, f32x4.sub(wv, f32x4.mul(vlr, gp)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const wv = load<f32>(w + o);
    store<f32>(w + o, wv - lr * (load<f32>(g + o) + l2 * wv));
  }
}

/** v = mu·v + g′; w −= lr · v */
export function momentum(w: usize, g: usize, v: usize, n: i32, lr_: f64, mu_: f64, l2_: f64): void {
  const lr = <f32>lr_, mu = <f32>mu_, l2 = <f32>l2_;
  const vlr = f32x4.splat(lr), vmu = f32x4.splat(mu), vl2 = f32x4.splat(l2);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const wv = v128.load(w + o);
    const vv = f32x4.add(f32x4.add(f32x4.mul(vmu, v128.load(v + o)), v128.load(g + o)), f32x4.mul(vl2, wv));
    v128.store(v + o, vv);
    v128.store(w + o, f32x4.sub(wv, f32x4.mul(vlr, vv)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const wv = load<f32>(w + o);
    const vv = mu * load<f32>(v + o) + load<f32>(g + o) + l2 * wv;
    store<f32>(v + o, vv);
    store<f32>(w + o, wv - lr * vv);
  }
}

/** m = b1·m + (1−b1)·g′; v = b2·v + (1−b2)·g′²; w −= lrT · m / (√v + eps)  (lrT carries the bias correction) */
export function adam(w: usize, g: usize, m: usize, v: usize, n: i32, lrT_: f64, b1_: f64, b2_: f64, eps_: f64, l2_: f64): void {
  // 1 − b in f64 before rounding: 1 − 0.999 in f32 would be 4e-5 off, relatively
  const lrT = <f32>lrT_, b1 = <f32>b1_, b2 = <f32>b2_, eps = <f32>eps_, l2 = <f32>l2_;
  const c1 = <f32>(1 - b1_), c2 = <f32>(1 - b2_);
  const vlr = f32x4.splat(lrT), vb1 = f32x4.splat(b1), vb2 = f32x4.splat(b2);
  const vc1 = f32x4.splat(c1), vc2 = f32x4.splat(c2), veps = f32x4.splat(eps), vl2 = f32x4.splat(l2);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const wv = v128.load(w + o);
    const gp = f32x4.add(v128.load(g + o), f32x4.mul(vl2, wv));
    const mv = f32x4.add(f32x4.mul(vb1, v128.load(m + o)), f32x4.mul(vc1, gp));
    const vv = f32x4.add(f32x4.mul(vb2, v128.load(v + o)), f32x4.mul(vc2, f32x4.mul(gp, gp)));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
    v128.store(w + o, f32x4.sub(wv, f32x4.div(f32x4.mul(vlr, mv), f32x4.add(f32x4.sqrt(vv), veps))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const wv = load<f32>(w + o);
    const gp = load<f32>(g + o) + l2 * wv;
    const mv = b1 * load<f32>(m + o) + c1 * gp;
    const vv = b2 * load<f32>(v + o) + c2 * (gp * gp);
    store<f32>(m + o, mv);
    store<f32>(v + o, vv);
    store<f32>(w + o, wv - (lrT * mv) / (Mathf.sqrt(vv) + eps));
  }
}

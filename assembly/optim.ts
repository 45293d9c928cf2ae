/** First-order optimizer kernels (sgd, momentum, Nesterov momentum), fused and in place. g′ = g + l2·w is the gradient of loss + (l2/2)·Σw². */

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

/**
 * v = mu·v + g′; w −= lr · (g′ + mu·v)  (Nesterov momentum in Sutskever's form, as PyTorch's SGD(nesterov=True);
 * Keras's form keeps lr inside its velocity, the same updates while lr is constant)
 */
export function nesterov(w: usize, g: usize, v: usize, n: i32, lr_: f64, mu_: f64, l2_: f64): void {
  const lr = <f32>lr_, mu = <f32>mu_, l2 = <f32>l2_;
  const vlr = f32x4.splat(lr), vmu = f32x4.splat(mu), vl2 = f32x4.splat(l2);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const wv = v128.load(w + o);
    const gp = f32x4.add(v128.load(g + o), f32x4.mul(vl2, wv));
    const vv = f32x4.add(f32x4.mul(vmu, v128.load(v + o)), gp);
    v128.store(v + o, vv);
    v128.store(w + o, f32x4.sub(wv, f32x4.mul(vlr, f32x4.add(gp, f32x4.mul(vmu, vv)))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const wv = load<f32>(w + o);
    const gp = load<f32>(g + o) + l2 * wv;
    const vv = mu * load<f32>(v + o) + gp;
    store<f32>(v + o, vv);
    store<f32>(w + o, wv - lr * (gp + mu * vv));
  }
}

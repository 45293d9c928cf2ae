/** Adaptive optimizer kernels (adam, adamw, rmsprop, adagrad): per-coordinate step sizes, fused and in place. g′ = g + l2·w. */

// Scalars arrive as f64 and are rounded to f32 once; 1 − β is formed in f64 before rounding (1 − 0.999 in f32
// would be 4e-5 off, relatively). Where epsilon sits follows Keras: outside the root for Adam (ε̂ of Kingma & Ba),
// inside for RMSprop and Adagrad (keras.optimizers.RMSprop / Adagrad: lr·g/√(v + ε)).

/** m = b1·m + (1−b1)·g′; v = b2·v + (1−b2)·g′²; w −= lrT · m / (√v + eps)  (lrT carries the bias correction) */
export function adam(w: usize, g: usize, m: usize, v: usize, n: i32, lrT_: f64, b1_: f64, b2_: f64, eps_: f64, l2_: f64): void {
  adamSteps(w, g, m, v, n, lrT_, b1_, b2_, eps_, l2_, 0);
}

/**
 * adam's moments, then w −= decay·w + lrT · m / (√v + eps): decoupled weight decay (Loshchilov & Hutter's AdamW, as
 * Keras and PyTorch apply it: decay = lr·weightDecay with the scheduled lr, not lrT; 0 where no decay applies).
 * The decay is subtracted first, w − decay·w, rather than w·(1 − decay), whose f32 factor would lose the decay's
 * low bits. decay = 0 gives adam's result bit for bit (w − 0·w = w for every finite w).
 */
export function adamw(w: usize, g: usize, m: usize, v: usize, n: i32, lrT_: f64, b1_: f64, b2_: f64, eps_: f64, l2_: f64, decay_: f64): void {
  adamSteps(w, g, m, v, n, lrT_, b1_, b2_, eps_, l2_, decay_);
}

/** The update of adam (decay 0) and adamw. */
// @ts-ignore: decorator
@inline function adamSteps(w: usize, g: usize, m: usize, v: usize, n: i32, lrT_: f64, b1_: f64, b2_: f64, eps_: f64, l2_: f64, decay_: f64): void {
  const lrT = <f32>lrT_, b1 = <f32>b1_, b2 = <f32>b2_, eps = <f32>eps_, l2 = <f32>l2_, decay = <f32>decay_;
  const c1 = <f32>(1 - b1_), c2 = <f32>(1 - b2_);
  const vlr = f32x4.splat(lrT), vb1 = f32x4.splat(b1), vb2 = f32x4.splat(b2), vdecay = f32x4.splat(decay);
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
    const decayed = f32x4.sub(wv, f32x4.mul(vdecay, wv));
    v128.store(w + o, f32x4.sub(decayed, f32x4.div(f32x4.mul(vlr, mv), f32x4.add(f32x4.sqrt(vv), veps))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const wv = load<f32>(w + o);
    const gp = load<f32>(g + o) + l2 * wv;
    const mv = b1 * load<f32>(m + o) + c1 * gp;
    const vv = b2 * load<f32>(v + o) + c2 * (gp * gp);
    store<f32>(m + o, mv);
    store<f32>(v + o, vv);
    store<f32>(w + o, (wv - decay * wv) - (lrT * mv) / (Mathf.sqrt(vv) + eps));
  }
}

/**
 * ms = rho·ms + (1−rho)·g′²; mom = mu·mom + lr · g′ / √(ms + eps); w −= mom  (Keras's RMSprop, epsilon inside the
 * root; mu = 0 is plain RMSprop: mom is then this step's increment)
 */
export function rmsprop(w: usize, g: usize, ms: usize, mom: usize, n: i32, lr_: f64, rho_: f64, eps_: f64, mu_: f64, l2_: f64): void {
  const lr = <f32>lr_, rho = <f32>rho_, eps = <f32>eps_, mu = <f32>mu_, l2 = <f32>l2_, c = <f32>(1 - rho_);
  const vlr = f32x4.splat(lr), vrho = f32x4.splat(rho), vc = f32x4.splat(c);
  const veps = f32x4.splat(eps), vmu = f32x4.splat(mu), vl2 = f32x4.splat(l2);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const wv = v128.load(w + o);
    const gp = f32x4.add(v128.load(g + o), f32x4.mul(vl2, wv));
    const sv = f32x4.add(f32x4.mul(vrho, v128.load(ms + o)), f32x4.mul(vc, f32x4.mul(gp, gp)));
    const inc = f32x4.div(f32x4.mul(vlr, gp), f32x4.sqrt(f32x4.add(sv, veps)));
    const mv = f32x4.add(f32x4.mul(vmu, v128.load(mom + o)), inc);
    v128.store(ms + o, sv);
    v128.store(mom + o, mv);
    v128.store(w + o, f32x4.sub(wv, mv));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const wv = load<f32>(w + o);
    const gp = load<f32>(g + o) + l2 * wv;
    const sv = rho * load<f32>(ms + o) + c * (gp * gp);
    const mv = mu * load<f32>(mom + o) + (lr * gp) / Mathf.sqrt(sv + eps);
    store<f32>(ms + o, sv);
    store<f32>(mom + o, mv);
    store<f32>(w + o, wv - mv);
  }
}

/** acc += g′²; w −= lr · g′ / √(acc + eps)  (Keras's Adagrad, epsilon inside the root; its accumulator starts at 0.1) */
export function adagrad(w: usize, g: usize, acc: usize, n: i32, lr_: f64, eps_: f64, l2_: f64): void {
  const lr = <f32>lr_, eps = <f32>eps_, l2 = <f32>l2_;
  const vlr = f32x4.splat(lr), veps = f32x4.splat(eps), vl2 = f32x4.splat(l2);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const wv = v128.load(w + o);
    const gp = f32x4.add(v128.load(g + o), f32x4.mul(vl2, wv));
    const av = f32x4.add(v128.load(acc + o), f32x4.mul(gp, gp));
    v128.store(acc + o, av);
    v128.store(w + o, f32x4.sub(wv, f32x4.div(f32x4.mul(vlr, gp), f32x4.sqrt(f32x4.add(av, veps)))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const wv = load<f32>(w + o);
    const gp = load<f32>(g + o) + l2 * wv;
    const av = load<f32>(acc + o) + gp * gp;
    store<f32>(acc + o, av);
    store<f32>(w + o, wv - (lr * gp) / Mathf.sqrt(av + eps));
  }
}

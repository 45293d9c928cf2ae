/** The worker's source, as a string: Node runs it with `eval: true`, browsers from a Blob URL; no bundler or file path needed. */

import { ARGS, CLAIM, DONE, EXIT, F64_ARGS, FAILED, FAILED_BY, MAIN_WAITING, MAX_ARGS, NARGS, NF64, OP, SCRATCH, SCRATCH_AT, SEQ, SLEEPERS } from './protocol.js';

// What every worker runs: instantiate the shared module over the shared memory, say ready, then take chunks of each
// job from the back (protocol.ts) until the exit flag. Plain JS (it is not compiled); the layout constants come from
// protocol.ts.
const SERVE = `
function serve(d, reply) {
  let fns;
  try {
    const inst = new WebAssembly.Instance(d.module, { env: { memory: d.memory, abort() { throw new Error('abort'); } } });
    fns = d.ops.map((name) => (name ? inst.exports[name] : null));
  } catch (e) {
    reply({ error: String(e && e.message || e) });
    return;
  }
  const ctl = new Int32Array(d.control);
  const f64 = new Float64Array(d.control);
  let seen = Atomics.load(ctl, ${SEQ});
  let calmFrom = 0;
  reply({ ready: true });
  for (;;) {
    // Poll for up to d.spinMicros (the next GEMM of a step comes soon), then sleep. A gap of over 0.5 ms between
    // two polls means the OS took this core for another thread: polling then slows whoever waits for it, so the
    // worker sleeps at once for the next 0.5 s (protocol.ts has the measurements).
    let t0 = performance.now(), last = t0;
    let polling = t0 >= calmFrom;
    while (Atomics.load(ctl, ${SEQ}) === seen) {
      if (polling) {
        const t = performance.now();
        if (t - last > 0.5) { calmFrom = t + 500; polling = false; }
        else if (t - t0 >= d.spinMicros / 1000) polling = false;
        last = t;
      } else {
        Atomics.add(ctl, ${SLEEPERS}, 1);
        Atomics.wait(ctl, ${SEQ}, seen);
        Atomics.sub(ctl, ${SLEEPERS}, 1);
      }
    }
    if (Atomics.load(ctl, ${EXIT})) return;
    seen = Atomics.load(ctl, ${SEQ});
    // take chunks from the back while this job has some left
    for (;;) {
      const c = Atomics.load(ctl, ${CLAIM});
      const front = c & 255, back = (c >>> 8) & 255;
      if ((c >>> 16) !== (seen & 0x7fff) || front >= back) break;
      if (Atomics.compareExchange(ctl, ${CLAIM}, c, (c & ~0xff00) | ((back - 1) << 8)) === c) run(back - 1);
    }
  }

  function run(chunk) {
    const op = ctl[${OP}], n = ctl[${NARGS}], nf = ctl[${NF64}], at = ctl[${SCRATCH_AT}], base = ${ARGS} + chunk * ${MAX_ARGS};
    const args = [];
    for (let j = 0; j < n; j++) args.push(j === at ? ctl[${SCRATCH} + d.slot] : ctl[base + j]);
    for (let j = 0; j < nf; j++) args.push(f64[(${F64_ARGS} >> 1) + j]);
    try {
      fns[op](...args);
    } catch (e) {
      if (Atomics.compareExchange(ctl, ${FAILED}, 0, op + 1) === 0) ctl[${FAILED_BY}] = d.slot + 1;
    }
    Atomics.add(ctl, ${DONE}, 1);
    if (Atomics.load(ctl, ${MAIN_WAITING})) Atomics.notify(ctl, ${DONE});
  }
}
`;

/** For node:worker_threads: the init data arrives as workerData. */
export const NODE_WORKER_SOURCE = `${SERVE}
const { workerData, parentPort } = require('node:worker_threads');
serve(workerData, (m) => parentPort.postMessage(m));
`;

/** For a Web Worker: the init data arrives as the first message. */
export const BROWSER_WORKER_SOURCE = `${SERVE}
self.onmessage = (e) => { self.onmessage = null; serve(e.data, (m) => self.postMessage(m)); };
`;

/** The worker's source, as a string: Node runs it with `eval: true`, browsers from a Blob URL; no bundler or file path needed. */

import { ARGS, DONE, F64_ARGS, MAX_ARGS, OP, SEQ, SLOT, STATUS } from './protocol.js';

// What every worker runs: instantiate the shared module over the shared memory, say ready, then serve jobs from its
// slot until the exit op. Plain JS (it is not compiled); the layout constants come from protocol.ts.
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
  const b = d.slot * ${SLOT};
  let seen = Atomics.load(ctl, b + ${SEQ});
  let calmFrom = 0;
  reply({ ready: true });
  for (;;) {
    // Poll for up to d.spinMicros (the next GEMM of a step comes soon), then sleep. A gap of over 0.5 ms between
    // two polls means the OS took this core for another thread: polling then slows whoever waits for it, so the
    // worker sleeps at once for the next 0.5 s (protocol.ts has the measurements).
    let t0 = performance.now(), last = t0;
    let polling = t0 >= calmFrom;
    while (Atomics.load(ctl, b + ${SEQ}) === seen) {
      if (polling) {
        const t = performance.now();
        if (t - last > 0.5) { calmFrom = t + 500; polling = false; }
        else if (t - t0 >= d.spinMicros / 1000) polling = false;
        last = t;
      } else {
        Atomics.wait(ctl, b + ${SEQ}, seen);
      }
    }
    seen = Atomics.load(ctl, b + ${SEQ});
    const op = ctl[b + ${OP}];
    if (op === 0) return;
    const a = b + ${ARGS};
    let status = 0;
    try {
      const nf = d.f64Count[op];
      if (nf === 0) fns[op](${Array.from({ length: MAX_ARGS }, (_, i) => `ctl[a + ${i}]`).join(', ')});
      else {
        // i32 arguments, then the f64 ones (an export's length is its parameter count)
        const args = [];
        for (let i = 0; i < fns[op].length - nf; i++) args.push(ctl[a + i]);
        for (let i = 0; i < nf; i++) args.push(f64[(b + ${F64_ARGS} >> 1) + i]);
        fns[op](...args);
      }
    } catch (e) {
      status = 1;
    }
    ctl[b + ${STATUS}] = status;
    Atomics.store(ctl, b + ${DONE}, seen);
    Atomics.notify(ctl, b + ${DONE});
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

/** Demo page entry: loads the WASM backend, wires the two views and the UI tick counter, exposes state for tests. */

import { init } from './lib.js';
import { setupDigits, type DigitsState } from './digits.js';
import { setupPlayground, type PlaygroundState } from './playground.js';

/** What the browser tests read: page state and the counters that prove the page stayed responsive. */
export interface DemoHandle {
  ready: boolean;
  error: string | null;
  /** setInterval(…, 50) ticks and requestAnimationFrame frames since load. */
  ticks: number;
  frames: number;
  playground: PlaygroundState | null;
  digits: DigitsState | null;
}

declare global {
  interface Window { simdnetDemo: DemoHandle }
}

const demo: DemoHandle = { ready: false, error: null, ticks: 0, frames: 0, playground: null, digits: null };
window.simdnetDemo = demo;

// Timers that only advance when the main thread is free: the visible proof that training is elsewhere.
const ticksEl = document.getElementById('ticks')!;
setInterval(() => { demo.ticks++; ticksEl.textContent = String(demo.ticks); }, 50);
const frame = () => { demo.frames++; requestAnimationFrame(frame); };
requestAnimationFrame(frame);

function selectView(name: string): void {
  for (const tab of Array.from(document.querySelectorAll<HTMLButtonElement>('nav [role=tab]'))) {
    const on = tab.dataset.view === name;
    tab.setAttribute('aria-selected', String(on));
    document.getElementById(`view-${tab.dataset.view}`)!.hidden = !on;
  }
  history.replaceState(null, '', `#${name}`);
}

async function main(): Promise<void> {
  await init();
  demo.playground = setupPlayground();
  demo.digits = setupDigits(new URL('../mnist-model.bin', import.meta.url));
  for (const tab of Array.from(document.querySelectorAll<HTMLButtonElement>('nav [role=tab]'))) {
    tab.addEventListener('click', () => selectView(tab.dataset.view!));
  }
  selectView(location.hash === '#digits' ? 'digits' : 'playground');
  demo.ready = true;
}

main().catch((err: Error) => {
  demo.error = err.message;
  document.getElementById('error')!.textContent = `Could not start: ${err.message}`;
  console.error(err);
});

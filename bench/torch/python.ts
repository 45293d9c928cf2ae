/** Finding a Python that has torch and numpy for `bench:torch`, and running torch_bench.py in it with the thread count set. */

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const TORCH_SCRIPT = fileURLToPath(new URL('./torch_bench.py', import.meta.url));

/** What `torch_bench.py info` prints. */
export interface TorchInfo {
  torch: string;
  numpy: string;
  python: string;
  /** The last line of torch.__config__.parallel_info(): the parallel backend (OpenMP here). */
  parallel: string;
}

export type PythonLookup = { python: string; info: TorchInfo } | { python: null; tried: string[] };

/** Candidates in order: `--python`, then $SIMDNET_PYTHON, then `python3`. */
export function pythonCandidates(flag: string | undefined, env: NodeJS.ProcessEnv): string[] {
  return [flag, env.SIMDNET_PYTHON, 'python3'].filter((p): p is string => typeof p === 'string' && p.length > 0);
}

/** The first candidate that imports torch and numpy, with their versions; otherwise what each one said. */
export function findTorchPython(candidates: string[]): PythonLookup {
  const tried: string[] = [];
  for (const python of candidates) {
    const r = spawnSync(python, [TORCH_SCRIPT, 'info'], { encoding: 'utf8', timeout: 120_000 });
    if (r.status === 0) {
      try {
        return { python, info: JSON.parse(r.stdout.trim().split('\n').pop()!) as TorchInfo };
      } catch {
        tried.push(`${python}: unreadable answer ${JSON.stringify(r.stdout.slice(0, 80))}`);
        continue;
      }
    }
    const why = r.error ? r.error.message : (r.stderr.trim().split('\n').pop() ?? `exit ${r.status}`);
    tried.push(`${python}: ${why}`);
  }
  return { python: null, tried };
}

/** The message printed instead of a run when no Python with torch is found (the bench then exits 0). */
export function skipMessage(tried: string[]): string {
  return [
    'bench:torch: skipped, no Python with torch and numpy was found.',
    ...tried.map((t) => `  tried ${t}`),
    'Set SIMDNET_PYTHON to a Python that has them (the set-up is in bench/README.md, "simdnet vs PyTorch").',
  ].join('\n');
}

/** Environment for a PyTorch child on `threads` threads: OpenMP and MKL read these before torch sets its own count. */
export function torchEnv(threads: number, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) };
}

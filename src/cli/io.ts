/** Where the CLI writes and how it tells time: process streams by default, buffers in tests. */

/** A text sink: `process.stdout` fits; `isTTY` and `columns` decide how progress is drawn. */
export interface Out {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIO {
  out: Out;
  err: Out;
  /** Milliseconds, monotonic (performance.now by default). */
  now(): number;
  /** All of standard input as text; undefined when stdin is a terminal (nothing piped). */
  readStdin?(): Promise<string | undefined>;
  /** Calls `handler` on Ctrl-C (SIGINT) until the returned function is called. */
  onInterrupt?(handler: () => void): () => void;
}

function onSigint(handler: () => void): () => void {
  process.on('SIGINT', handler);
  return () => { process.off('SIGINT', handler); };
}

async function readProcessStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

let pipeGuard = false;

/** `simdnet predict … | head` closes the pipe early: stop quietly instead of crashing with EPIPE. */
function exitOnClosedPipe(): void {
  if (pipeGuard) return;
  pipeGuard = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw e;
  });
}

/** The real terminal. */
export function processIO(): CliIO {
  exitOnClosedPipe();
  return { out: process.stdout, err: process.stderr, now: () => performance.now(), readStdin: readProcessStdin, onInterrupt: onSigint };
}

/** An in-memory sink for tests: `text()` returns all that was written. */
export function memoryOut(isTTY = false, columns = 100): Out & { text(): string } {
  const parts: string[] = [];
  return { isTTY, columns, write: (t: string) => parts.push(t), text: () => parts.join('') };
}

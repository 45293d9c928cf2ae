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
}

/** The real terminal. */
export function processIO(): CliIO {
  return { out: process.stdout, err: process.stderr, now: () => performance.now() };
}

/** An in-memory sink for tests: `text()` returns all that was written. */
export function memoryOut(isTTY = false, columns = 100): Out & { text(): string } {
  const parts: string[] = [];
  return { isTTY, columns, write: (t: string) => parts.push(t), text: () => parts.join('') };
}

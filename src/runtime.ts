/** What the code runs on: Node or a browser, and how to load a Node builtin without bundlers pulling it into browser builds. */

/** True in Node (and in Node's worker threads). */
export function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

/**
 * `await import(name)` through a specifier bundlers cannot see: browser bundles must not carry (or fail on) a Node
 * builtin they never use. Call only where `isNode()`.
 *
 * ```ts
 * const { Worker } = await importNodeBuiltin<typeof import('node:worker_threads')>('node:worker_threads');
 * ```
 */
export async function importNodeBuiltin<T>(name: string): Promise<T> {
  const spec = name;
  return (await import(/* @vite-ignore */ spec)) as T;
}

/** Where the module's own static data ends: the JS heap (src/backend/wasm/heap.ts) allocates above it. */

/** First byte of linear memory free for the JS-side heap (the end of static data). */
export function heapBase(): usize {
  return __heap_base;
}

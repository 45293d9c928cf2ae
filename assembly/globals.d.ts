// For the TypeScript check of assembly/ only (asc never reads this file): the @global helpers of steps.ts, which the
// recurrent kernels call without importing (see the comment there for why they are globals, not exports).
declare function sigmoid4(v: v128): v128;
declare function tanh4(v: v128): v128;

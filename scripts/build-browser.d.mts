// Types of scripts/build-browser.mjs for the TypeScript tests that import it.
import type { Metafile, Plugin } from 'esbuild';
export interface BuiltFile { file: string; bytes: number; gzip: number }
export const repoRoot: string;
export function assertNoNodeImports(metafile: Metafile, label?: string): void;
export function buildLibrary(opts?: { entry?: string; outdir?: string; plugins?: Plugin[] }): Promise<{ files: BuiltFile[]; metafiles: Metafile[] }>;
export function buildDemo(opts?: { outdir?: string; plugins?: Plugin[] }): Promise<{ files: BuiltFile[] }>;
export function sizeOf(file: string): BuiltFile;

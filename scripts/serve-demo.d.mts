// Types of scripts/serve-demo.mjs for the TypeScript tests that import it.
export function startServer(opts?: { root?: string; port?: number; host?: string }): Promise<{ url: string; port: number; close: () => Promise<void> }>;

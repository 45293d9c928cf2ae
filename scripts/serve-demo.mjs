// Tiny static file server for the demo (node:http, 127.0.0.1 only); `npm run demo` builds then runs it.
//
//   node scripts/serve-demo.mjs [port]        # or PORT=9000 node scripts/serve-demo.mjs; default 8080
//   node scripts/serve-demo.mjs --no-build    # serve what demo/dist already holds
//
// `startServer({ root, port })` is also used by the browser tests (port 0 = any free port).

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
};

/**
 * Serves the files under `root` on `host:port` until `close()` is called.
 *
 * ```js
 * const { url, close } = await startServer({ root: 'demo', port: 0 });
 * // fetch(url + 'index.html') ... then
 * await close();
 * ```
 * @param {{ root?: string, port?: number, host?: string }} [opts]
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export async function startServer(opts = {}) {
  const root = resolve(opts.root ?? join(repoRoot, 'demo'));
  const host = opts.host ?? '127.0.0.1';
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      let file = normalize(join(root, path));
      // Refuse anything that escapes the root (`..` after decoding).
      if (file !== root && !file.startsWith(root + sep)) return send(res, 403, 'forbidden');
      const info = await stat(file).catch(() => null);
      if (info?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file).catch(() => null);
      if (!body) return send(res, 404, `not found: ${path}`);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      send(res, 500, String(err));
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 8080, host, ok);
  });
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  return {
    url: `http://${host}:${port}/`,
    port,
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}

function send(res, code, text) {
  res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

async function main() {
  const args = process.argv.slice(2);
  const portArg = args.find((a) => /^\d+$/.test(a));
  const port = Number(portArg ?? process.env.PORT ?? 8080);
  if (!args.includes('--no-build')) {
    const { buildDemo } = await import('./build-browser.mjs');
    await buildDemo();
  }
  const { url } = await startServer({ port });
  console.log(`simdnet demo: ${url}  (Ctrl+C to stop)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err) => { console.error(err); process.exit(1); });
}

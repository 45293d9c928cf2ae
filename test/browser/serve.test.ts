// Tests scripts/serve-demo.mjs: the static server behind `npm run demo` and the browser tests.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../scripts/serve-demo.mjs';

const root = mkdtempSync(join(tmpdir(), 'simdnet-serve-'));
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  mkdirSync(join(root, 'dist'));
  writeFileSync(join(root, 'index.html'), '<p>hello</p>');
  writeFileSync(join(root, 'dist', 'main.js'), 'export {};');
  writeFileSync(join(root, 'model.bin'), Buffer.from([1, 2, 3]));
  writeFileSync(join(tmpdir(), 'simdnet-serve-secret.txt'), 'secret');
  server = await startServer({ root, port: 0 });
});
afterAll(async () => { await server.close(); rmSync(root, { recursive: true, force: true }); });

/** A raw GET (fetch would normalise `..` away before sending). */
function get(path: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port: server.port, path }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body }));
    }).on('error', reject).end();
  });
}

describe('serve-demo', () => {
  it('listens on 127.0.0.1 and serves files with their content types', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(await get('/')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', body: '<p>hello</p>' });
    expect(await get('/dist/main.js')).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    expect(await get('/model.bin')).toMatchObject({ status: 200, type: 'application/octet-stream' });
  });

  it('answers 404 for missing files and 403 for paths escaping the root', async () => {
    expect((await get('/nope.js')).status).toBe(404);
    // `%2e%2e/` is resolved by the URL parser itself (stays inside the root: 404)…
    const dots = await get('/%2e%2e/simdnet-serve-secret.txt');
    expect(dots.status).toBe(404);
    // …while an encoded slash only becomes `../` after decoding, and is refused.
    const escaped = await get('/..%2fsimdnet-serve-secret.txt');
    expect(escaped.status).toBe(403);
    expect(escaped.body).not.toContain('secret');
  });
});

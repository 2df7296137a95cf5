// Builds the harness page with Vite's JS API into out/harness/ and serves it from 127.0.0.1 (used by a
// worker-scoped Playwright fixture; no globalSetup).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { websocketOnlyEngineIo } from '../../renderer/build/websocket-only-engine-io';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const REPO = resolve(HERE, '..', '..');
export const HARNESS_OUT = join(REPO, 'out', 'harness');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

/** `outDir`: another directory lets a benchmark build while the specs serve the default one. */
export async function buildHarness(outDir = HARNESS_OUT): Promise<void> {
  await build({
    root: HERE,
    base: './',
    configFile: false,
    logLevel: 'warn',
    // The app's engine.io-client (WebSocket only), so the specs test what ships.
    plugins: [websocketOnlyEngineIo()],
    build: { outDir, emptyOutDir: true, sourcemap: true, minify: false, target: 'es2022' },
  });
}

export interface ServedHarness {
  url: string;
  close(): Promise<void>;
}

export async function serveHarness(outDir = HARNESS_OUT): Promise<ServedHarness> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const file = normalize(join(outDir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(outDir + sep)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/index.html`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

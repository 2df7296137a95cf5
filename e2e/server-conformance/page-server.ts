import { createReadStream } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const nodeModules = fileURLToPath(new URL('../../node_modules/', import.meta.url));

/** Files a page may load: the socket.io client browser bundles the protocol specs use. */
const BUNDLES: Record<string, string> = {
  '/socket.io.v4.js': `${nodeModules}socket.io-client/dist/socket.io.min.js`,
  '/socket.io.v2.js': `${nodeModules}socket.io-client-v2/dist/socket.io.js`,
};

const PAGE = '<!doctype html><meta charset="utf-8"><title>media plane test page</title><body></body>';

/** A tiny 127.0.0.1 HTTP origin: getUserMedia needs a secure context (http://127.0.0.1 is one). */
export async function startPageServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const file = BUNDLES[request.url ?? ''];
    if (file) {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      createReadStream(file).pipe(response);
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

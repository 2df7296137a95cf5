/**
 * GET /status on 127.0.0.1 for monitoring on the room PC (or over an SSH tunnel). Loopback only; the Host header
 * must name the loopback address, so a web page using DNS rebinding (evil.example → 127.0.0.1) cannot read it; no
 * CORS headers, so other origins cannot read it either.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KioskStatus } from './status';

export interface StatusServer {
  readonly port: number;
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

export async function startStatusServer(status: KioskStatus, port: number): Promise<StatusServer> {
  const server: Server = createServer((request, response) => {
    const allowedHosts = [`${LOOPBACK}:${actualPort()}`, `localhost:${actualPort()}`];
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    if (!allowedHosts.includes(request.headers.host ?? '')) return send(421, { error: 'Host must be 127.0.0.1 or localhost with this port' });
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/status') return send(404, { error: 'Only /status is served' });
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return send(405, { error: 'Only GET' });
    }
    return send(200, status.snapshot());

    function send(code: number, body: unknown): void {
      const json = JSON.stringify(body);
      response.writeHead(code, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(json) });
      response.end(request.method === 'HEAD' ? undefined : json);
    }
  });
  // Slow or idle clients must not pin sockets open on a box that runs for months.
  server.requestTimeout = 5_000;
  server.headersTimeout = 5_000;
  server.keepAliveTimeout = 1_000;
  server.maxHeadersCount = 50;
  const actualPort = () => (server.address() as AddressInfo).port;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: actualPort(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Who may talk to the test server. It runs on people's desktops (`npm start`'s demo room), so a web page must not be
 * able to reach it: a foreign `Origin` is what a cross-site `fetch` / WebSocket carries, a foreign `Host` is what a
 * DNS-rebinding page (evil.example resolving to 127.0.0.1) carries. Real Licode's basic example is open to every
 * origin; this is a deliberate deviation (README.md, "Differences from real Licode").
 */

/** Host names every listener accepts (any port): the loopback names the server is reached by. */
const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', 'localhost', '[::1]'];

/** The Electron renderer's own origin (main/electron/app-protocol.ts APP_ORIGIN; not imported: that file imports electron). */
export const APP_ORIGIN = 'app://licode';

/** A DNS name, an IPv4 address or a bracketed IPv6 address. */
const HOST_NAME = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])$/i;

/** Says why a request must be refused, or `undefined` when it may pass. */
export type RequestPolicy = (req: IncomingMessage) => string | undefined;

/**
 * Host: a loopback name or one of `extraHosts`. Origin: absent (Node clients, Playwright's request API), an http(s)
 * page on one of those hosts (the web host and the test pages are served from other 127.0.0.1 ports), or the
 * Electron app. `Origin: null` is refused: any web page can send it from a sandboxed iframe (and file: or data:
 * pages do), so accepting it would let every page in again, and no client of this server runs in such a page.
 */
export function loopbackPolicy(extraHosts: readonly string[] = []): RequestPolicy {
  const hosts = new Set(LOOPBACK_HOSTS);
  for (const host of extraHosts) {
    if (!HOST_NAME.test(host)) throw new Error(`Allowed host "${host}" is not a host name (no scheme, port or path; IPv6 in brackets)`);
    hosts.add(hostnameOf(`http://${host}`) ?? host);
  }
  return (req) => {
    const host = req.headers.host;
    if (host === undefined || host === '') return 'Forbidden: the request has no Host header.';
    const hostname = hostnameOf(`http://${host}`);
    if (hostname === undefined || !hosts.has(hostname)) return `Forbidden: Host "${host}" is not this local test server.`;
    const origin = req.headers.origin;
    if (origin === undefined || origin === APP_ORIGIN) return undefined;
    const url = parse(origin);
    const allowed = url !== undefined && (url.protocol === 'http:' || url.protocol === 'https:') && hosts.has(url.hostname);
    return allowed ? undefined : `Forbidden: pages from origin "${origin}" may not use this local test server.`;
  };
}

/**
 * Puts the policy in front of every `request` and `upgrade` listener the server has at this moment (call it after
 * socket.io attached, right before listening): a refused request gets 403 with the reason as plain text, a refused
 * WebSocket upgrade the same response on the raw socket, which is then closed. One check for both socket.io
 * generations and every path, instead of each library's own hooks (engine.io answers a refused upgrade with 400).
 */
export function guardListeners(server: HttpServer, policy: RequestPolicy): void {
  const onRequest = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const refusal = policy(req);
    if (refusal === undefined) for (const listener of onRequest) listener.call(server, req, res);
    else refuse(res, refusal);
  });
  const onUpgrade = server.listeners('upgrade') as ((req: IncomingMessage, socket: Duplex, head: Buffer) => void)[];
  if (onUpgrade.length === 0) return;
  server.removeAllListeners('upgrade');
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = policy(req);
    if (refusal === undefined) for (const listener of onUpgrade) listener.call(server, req, socket, head);
    else refuseUpgrade(socket, refusal);
  });
}

function refuse(res: ServerResponse, reason: string): void {
  res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(reason), Connection: 'close' });
  res.end(reason);
}

function refuseUpgrade(socket: Duplex, reason: string): void {
  socket.on('error', () => undefined); // the client may already be gone; nothing to report
  socket.end(
    `HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(reason)}\r\nConnection: close\r\n\r\n${reason}`,
  );
}

function parse(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** `[::1]` stays bracketed, names are lower-cased, numeric forms normalised (`127.1` → `127.0.0.1`). */
function hostnameOf(url: string): string | undefined {
  return parse(url)?.hostname;
}

/**
 * The web host: serves the built renderer on 127.0.0.1 and provides the preload API over HTTP by calling
 * the same handlers as Electron main.
 *   POST /__api/<channel>  body {"args": …}   → ApiResult JSON
 *   GET  /__events?secret=…                   → Server-Sent Events (config:changed, …)
 * Every API request must come from our own origin and carry the per-launch secret, which only the page
 * we served knows (it is injected into index.html as <meta name="licode-web-host-secret">).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import type { EventName, EventPayload } from '../../common/api-contract';
import type { Dispatch } from '../ipc/dispatcher';
import { RENDERER_CSP } from '../security/csp';
import { findStaticFile } from '../security/static-file';

export const SECRET_META = 'licode-web-host-secret';
export const API_PREFIX = '/__api/';
export const EVENTS_PATH = '/__events';
const MAX_BODY_BYTES = 256 * 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  // Compiled while it downloads (WebAssembly.instantiateStreaming accepts only this type): background blur's runtime.
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export interface WebHostOptions {
  rendererDir: string;
  dispatch: Dispatch;
  /** 0 picks a free port. */
  port: number;
  /** Overridable for tests only; the default and only sane value is 127.0.0.1. */
  secret?: string;
}

export interface WebHost {
  url: string;
  secret: string;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  close(): Promise<void>;
}

export const WEB_HOST_ADDRESS = '127.0.0.1';

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const rendererDir = resolve(options.rendererDir);
  const indexHtml = await readFile(join(rendererDir, 'index.html'), 'utf8').catch(() => {
    throw new Error(`The renderer is not built (${join(rendererDir, 'index.html')} is missing). Run "npm run build" first.`);
  });
  const secret = options.secret ?? randomBytes(32).toString('hex');
  const page = indexHtml.replace('<head>', `<head>\n    <meta name="${SECRET_META}" content="${secret}">`);
  const eventClients = new Set<ServerResponse>();
  let origin = '';

  const server: Server = createServer((req, res) => {
    // On every answer (API, events, errors, files): a browser must never guess a type from the content.
    res.setHeader('x-content-type-options', 'nosniff');
    handle(req, res).catch((error: unknown) => {
      console.error('[web-host] request failed', error);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'The web host failed to answer.' } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS-rebinding guard: the browser must address us by our loopback name.
    if (req.headers.host !== new URL(origin).host) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('Misdirected request');
      return;
    }
    const url = URL.parse(req.url ?? '/', origin);
    if (!url) return badRequest(req, res);
    if (url.pathname.startsWith(API_PREFIX)) {
      const channel = decodePathPart(url.pathname.slice(API_PREFIX.length));
      return channel === null ? badRequest(req, res) : handleApi(req, res, channel);
    }
    if (url.pathname === EVENTS_PATH) return handleEvents(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    return serveStatic(req, res, url.pathname);
  }

  function hasSecret(presented: string | null | undefined): boolean {
    if (typeof presented !== 'string' || presented.length !== secret.length) return false;
    return timingSafeEqual(Buffer.from(presented), Buffer.from(secret));
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const secretHeader = req.headers['x-licode-secret'];
    if (req.headers.origin !== origin || !hasSecret(Array.isArray(secretHeader) ? secretHeader[0] : secretHeader)) {
      req.resume();
      sendJson(res, 403, { ok: false, error: { code: 'forbidden-sender', message: 'This page may not use the Licode Desktop API.' } });
      return;
    }
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      req.resume();
      sendJson(res, 415, { ok: false, error: { code: 'invalid-arguments', message: 'The API expects a JSON body.' } });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      sendJson(res, 400, { ok: false, error: { code: 'invalid-arguments', message: 'The request body is not valid JSON (or too large).' } });
      return;
    }
    const args = typeof body === 'object' && body !== null && 'args' in body ? (body as { args: unknown }).args : undefined;
    sendJson(res, 200, await options.dispatch(channel, args));
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (!hasSecret(url.searchParams.get('secret'))) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    eventClients.add(res);
    req.on('close', () => eventClients.delete(res));
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const headers = {
      'content-security-policy': RENDERER_CSP,
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
    };
    if (pathname === '/' || pathname === '/index.html') {
      res.writeHead(200, { ...headers, 'content-type': MIME['.html'], 'cache-control': 'no-store' }).end(page);
      return;
    }
    const found = await findStaticFile(rendererDir, pathname);
    if (found.kind === 'bad-request') return badRequest(req, res);
    if (found.kind === 'not-found') {
      res.writeHead(404, { ...headers, 'content-type': MIME['.txt'] }).end('Not found');
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': MIME[extname(found.path)] ?? 'application/octet-stream' }).end(await readFile(found.path));
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port, WEB_HOST_ADDRESS, () => resolvePromise());
  });
  origin = `http://${WEB_HOST_ADDRESS}:${(server.address() as AddressInfo).port}`;

  return {
    url: `${origin}/`,
    secret,
    emit(event, payload) {
      const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const client of eventClients) client.write(frame);
    },
    close: () =>
      new Promise<void>((resolvePromise) => {
        for (const client of eventClients) client.end();
        server.close(() => resolvePromise());
        server.closeAllConnections();
      }),
  };
}

/** A path with a malformed percent escape (e.g. /%zz) is the client's mistake: a short answer, nothing logged. */
function badRequest(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  res.writeHead(400, { 'content-type': MIME['.txt'] }).end('Bad request: the path is not a valid URL path.');
}

function decodePathPart(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': MIME['.json'], 'cache-control': 'no-store' }).end(JSON.stringify(value));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolvePromise(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

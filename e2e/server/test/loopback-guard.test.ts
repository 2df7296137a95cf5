import { request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { io as ioV4 } from 'socket.io-client';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, decodeToken, startHarness, type Harness } from './harness';

/**
 * Host and Origin checks on every listener (http/loopback-guard.ts): what a cross-site page (foreign Origin, or
 * `Origin: null` from a sandboxed frame) and a DNS-rebinding page (foreign Host) send is refused with 403; Node
 * clients (no Origin), loopback pages and the Electron app pass.
 */

const EVIL_ORIGIN = 'http://evil.example';
const EVIL_HOST = 'evil.example';

interface RawResponse {
  status: number;
  type: string | undefined;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** node:http, because fetch does not let a caller choose the Host header. */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A raw WebSocket upgrade to the controller: the HTTP status of a refusal, or 101 when the upgrade went through. */
function upgrade(controllerHost: string, eio: 3 | 4, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://${controllerHost}/socket.io/?EIO=${eio}&transport=websocket`, { headers });
    ws.on('upgrade', (res) => {
      ws.terminate();
      resolve({ status: res.statusCode ?? 0, body: '' });
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('error', () => undefined);
  });
}

const tokenBody = JSON.stringify({ username: 'guard', role: 'presenter' });
const json = { 'content-type': 'application/json' };

describe.each(['A', 'C'] as const)('dialect %s listeners', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ dialect, allowedHosts: ['licode-test.local'] });
  });
  afterAll(async () => {
    await h.server.close();
  });

  it('REST refuses foreign origins, "null" and foreign hosts with 403 and a plain-text reason; no CORS for them', async () => {
    const create = `${h.server.restUrl}/createToken/`;
    for (const headers of [{ origin: EVIL_ORIGIN }, { origin: 'null' }, { host: EVIL_HOST }, { host: `${EVIL_HOST}:3001` }] as Record<string, string>[]) {
      const res = await send(create, { method: 'POST', headers: { ...json, ...headers }, body: tokenBody });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.type).toMatch(/^text\/plain/);
      expect(res.body).toMatch(/^Forbidden: /);
    }
    // A DNS-rebinding page reading the room list.
    expect((await send(`${h.server.restUrl}/getRooms/`, { headers: { host: EVIL_HOST } })).status).toBe(403);
    // The preflight a cross-origin JSON request needs fails.
    const preflight = await send(create, {
      method: 'OPTIONS',
      headers: { origin: EVIL_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('REST serves Node clients, loopback pages, the Electron app and configured host names', async () => {
    const create = `${h.server.restUrl}/createToken/`;
    const port = new URL(h.server.restUrl).port;
    for (const headers of [
      {},
      { origin: 'http://127.0.0.1:5199' },
      { origin: 'http://localhost:4173' },
      { origin: 'app://licode' },
      { host: `localhost:${port}` },
      { host: `licode-test.local:${port}`, origin: 'http://licode-test.local:5199' },
    ] as Record<string, string>[]) {
      const res = await send(create, { method: 'POST', headers: { ...json, ...headers }, body: tokenBody });
      expect(res.status, JSON.stringify(headers)).toBe(200);
      expect(decodeToken(res.body).host).toBe(h.server.controllerHost);
    }
    // Licode's CORS answer to a loopback page's preflight is unchanged.
    const preflight = await send(create, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:5199', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(200);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
  });

  it('admin refuses foreign origins and hosts: a no-cors POST adds no bot, a rebinding page reads no state', async () => {
    const before = (await h.admin.state()).tokens;
    const noCors = await send(`${h.server.adminUrl}/tokens/refuse`, {
      method: 'POST',
      headers: { origin: EVIL_ORIGIN, 'content-type': 'text/plain;charset=UTF-8' },
      body: '{"count":5,"reason":"createToken"}',
    });
    expect(noCors.status).toBe(403);
    expect(noCors.type).toMatch(/^text\/plain/);
    const sandboxed = await send(`${h.server.adminUrl}/bots`, { method: 'POST', headers: { origin: 'null', ...json }, body: '{}' });
    expect(sandboxed.status).toBe(403);
    const rebinding = await send(`${h.server.adminUrl}/state`, { headers: { host: `${EVIL_HOST}:${new URL(h.server.adminUrl).port}` } });
    expect(rebinding.status).toBe(403);
    expect(rebinding.body).not.toContain('rooms');
    // Nothing happened: token creation still works and no bot joined.
    expect((await createToken(h.server.restUrl, { username: 'after', role: 'presenter' })).length).toBeGreaterThan(0);
    const state = await h.admin.state();
    expect(state.tokens).toBe(before + 1);
    expect(state.rooms.flatMap((room) => room.streams)).toEqual([]);
    // A loopback page may use it.
    const fromLoopback = await send(`${h.server.adminUrl}/state`, { headers: { origin: 'http://127.0.0.1:5199' } });
    expect(fromLoopback.status).toBe(200);
  });

  it('controller refuses WebSocket upgrades and HTTP requests with a foreign Origin or Host, accepts loopback ones', async () => {
    const eio = dialect === 'A' ? 3 : 4;
    const host = h.server.controllerHost;
    for (const headers of [{ Origin: EVIL_ORIGIN }, { Origin: 'null' }, { Host: EVIL_HOST }] as Record<string, string>[]) {
      const refused = await upgrade(host, eio, headers);
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(refused.body).toMatch(/^Forbidden: /);
    }
    expect((await send(`http://${host}/socket.io/?EIO=${eio}&transport=polling`, { headers: { origin: EVIL_ORIGIN } })).status).toBe(403);
    expect((await send(`http://${host}/anything`, { headers: { host: EVIL_HOST } })).status).toBe(403);
    for (const headers of [{}, { Origin: 'http://127.0.0.1:5199' }, { Origin: 'app://licode' }, { Host: `localhost:${host.split(':')[1]}` }] as Record<
      string,
      string
    >[]) {
      expect((await upgrade(host, eio, headers)).status, JSON.stringify(headers)).toBe(101);
    }
  });
});

const require = createRequire(import.meta.url);
type V2Client = { on(event: string, listener: (...args: unknown[]) => void): void; close(): void };
const ioV2 = require('socket.io-client-v2') as (url: string, options: Record<string, unknown>) => V2Client;

describe('socket.io clients with a foreign Origin', () => {
  it('dialect C: a v4 client is refused at the upgrade; with a loopback Origin it joins', async () => {
    const h = await startHarness({ dialect: 'C' });
    try {
      const token = decodeToken(await createToken(h.server.restUrl, { username: 'c', role: 'presenter' }));
      const query = { tokenId: token.tokenId, host: token.host, secure: 'false', signature: token.signature };
      const outcome = (origin: string) =>
        new Promise<string>((resolve) => {
          const socket = ioV4(`http://${h.server.controllerHost}`, {
            transports: ['websocket'],
            reconnection: false,
            forceNew: true,
            query,
            extraHeaders: { origin },
          });
          socket.on('connected', () => (socket.close(), resolve('connected')));
          socket.on('connect_error', (err) => (socket.close(), resolve(`connect_error: ${err.message}`)));
        });
      expect(await outcome(EVIL_ORIGIN)).toBe('connect_error: websocket error');
      expect(await outcome('http://127.0.0.1:5199')).toBe('connected');
      expect((await h.admin.state()).tokenlessSockets).toBe(0);
    } finally {
      await h.server.close();
    }
  });

  it('dialect A: a v2 client is refused at the upgrade; with a loopback Origin it connects', async () => {
    const h = await startHarness({ dialect: 'A' });
    try {
      const outcome = (origin: string) =>
        new Promise<string>((resolve) => {
          const socket = ioV2(`http://${h.server.controllerHost}`, {
            transports: ['websocket'],
            reconnection: false,
            forceNew: true,
            extraHeaders: { origin },
          });
          socket.on('connect', () => (socket.close(), resolve('connect')));
          socket.on('connect_error', () => (socket.close(), resolve('connect_error')));
        });
      expect(await outcome(EVIL_ORIGIN)).toBe('connect_error');
      expect(await outcome('http://localhost:5199')).toBe('connect');
    } finally {
      await h.server.close();
    }
  });
});

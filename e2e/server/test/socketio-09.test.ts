import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { createV09Server } from '../signalling/dialect-a/socketio-09';
import type { V2Server, V2Socket } from '../signalling/dialect-a/socketio-v2';
import { serverPerTest } from './harness';

/** The server side of socket.io 0.9 (docs/licode-protocol.md §2.1, §8 #24n) on its own, then behind the loopback guard. */

const closers: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function start(options: Parameters<typeof createV09Server>[1] = {}): Promise<{ host: string; io: V2Server; sockets: V2Socket[] }> {
  const http: HttpServer = createServer((_req, res) => res.writeHead(404).end('not here'));
  const io = createV09Server(http, options);
  const sockets: V2Socket[] = [];
  io.on('connection', (socket) => sockets.push(socket));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => (io.close(), http.close(() => resolve()), http.closeAllConnections())));
  return { host: `127.0.0.1:${(http.address() as AddressInfo).port}`, io, sockets };
}

async function connect(host: string, sid?: string): Promise<{ ws: WebSocket; frames: string[]; closed: Promise<number> }> {
  const id = sid ?? (await (await fetch(`http://${host}/socket.io/1/?t=1`)).text()).split(':')[0];
  const ws = new WebSocket(`ws://${host}/socket.io/1/websocket/${id}`);
  const frames: string[] = [];
  ws.on('message', (data) => frames.push(String(data)));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  closers.push(() => ws.close());
  return { ws, frames, closed };
}

const until = async (condition: () => boolean, timeoutMs = 3000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('socket.io 0.9 server framing', () => {
  it('handshakes with CORS for the page origin, passes other paths on and greets socket.io ≥ 1 probes', async () => {
    const { host } = await start({ heartbeatTimeoutMs: 60_000 });
    const res = await fetch(`http://${host}/socket.io/1/?t=${Date.now()}`, { headers: { origin: 'http://127.0.0.1:5173' } });
    expect(await res.text()).toMatch(/^[A-Za-z0-9_-]{20}:60:60:websocket$/);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    expect(await (await fetch(`http://${host}/socket.io/?EIO=4&transport=polling`)).text()).toBe('Welcome to socket.io.');
    expect((await fetch(`http://${host}/elsewhere`)).status).toBe(404);
    // An Engine.IO WebSocket is dropped without an answer (§8 #24n).
    const eio = new WebSocket(`ws://${host}/socket.io/?EIO=3&transport=websocket`);
    await expect(new Promise((resolve, reject) => eio.once('open', resolve).once('error', reject))).rejects.toThrow();
  });

  it('says hello, sends heartbeats and drops a client that stops answering them', async () => {
    const { host, sockets } = await start({ heartbeatIntervalMs: 50, heartbeatTimeoutMs: 400 });
    const { frames, closed } = await connect(host);
    await until(() => frames.filter((f) => f === '2::').length >= 2);
    expect(frames[0]).toBe('1::');
    const reasons: unknown[] = [];
    sockets[0]?.on('disconnect', (reason) => reasons.push(reason));
    await closed;
    expect(reasons).toEqual(['heartbeat timeout']);
  });

  it('keeps a client that echoes heartbeats', async () => {
    const { host, sockets } = await start({ heartbeatIntervalMs: 50, heartbeatTimeoutMs: 300 });
    const { ws } = await connect(host);
    ws.on('message', (data) => String(data) === '2::' && ws.send('2::'));
    await new Promise((r) => setTimeout(r, 700));
    expect(sockets[0]?.connected).toBe(true);
  });

  it('acks by id: with data on `+`, on receipt without it; events out as 5:::', async () => {
    const { host, sockets } = await start();
    const { ws, frames } = await connect(host);
    await until(() => sockets.length === 1);
    const socket = sockets[0] as V2Socket;
    socket.on('publish', (...args: unknown[]) => (args[args.length - 1] as (...a: unknown[]) => void)(123456789012345680));
    const plain: unknown[][] = [];
    socket.on('updateStreamAttributes', (...args: unknown[]) => plain.push(args));
    ws.send('5:12+::{"name":"publish","args":[{"state":"erizo"},null]}');
    ws.send('5:13::{"name":"updateStreamAttributes","args":[{"id":1,"attrs":{}}]}');
    await until(() => frames.includes('6:::12+[123456789012345680]') && frames.includes('6:::13'));
    expect(plain).toEqual([[{ id: 1, attrs: {} }]]);
    socket.emit('onRemoveStream', { id: 1 });
    await until(() => frames.includes('5:::{"name":"onRemoveStream","args":[{"id":1}]}'));
  });

  it('refuses a sid it never handed out and closes on an oversized frame', async () => {
    const { host, sockets } = await start({ maxFrameBytes: 1000 });
    const stranger = await connect(host, 'never-handshaken');
    await until(() => stranger.frames.includes('7:::1+0'));
    await stranger.closed;
    const { ws, closed } = await connect(host);
    ws.send(`5:::{"name":"sendDataStream","args":[{"id":1,"msg":"${'x'.repeat(2000)}"}]}`);
    expect(await closed).toBe(1009);
    await until(() => sockets[0]?.connected === false);
  });

  it("ends the session on the client's 0::", async () => {
    const { host, sockets } = await start();
    const { ws } = await connect(host);
    await until(() => sockets.length === 1);
    const reasons: unknown[] = [];
    sockets[0]?.on('disconnect', (reason) => reasons.push(reason));
    ws.send('0::');
    await until(() => reasons.length === 1);
    expect(reasons).toEqual(['client namespace disconnect']);
  });
});

describe('socket.io 0.9 behind the loopback guard', () => {
  const servers = serverPerTest();
  it('refuses foreign origins on the handshake and on the WebSocket', async () => {
    const h = await servers.start({ dialect: 'A', aVersion: 'v3' });
    const host = h.server.controllerHost;
    const refused = await fetch(`http://${host}/socket.io/1/?t=1`, { headers: { origin: 'https://evil.example' } });
    expect(refused.status).toBe(403);
    const sid = (await (await fetch(`http://${host}/socket.io/1/?t=1`)).text()).split(':')[0];
    const ws = new WebSocket(`ws://${host}/socket.io/1/websocket/${sid}`, { origin: 'https://evil.example' });
    const status = await new Promise<number>((resolve) => ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(403);
  });
});

import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { Server as IoServer } from 'socket.io';
import { WebSocket } from 'ws';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { detectGeneration, type DetectedGeneration, type ProbeSocket } from '../../renderer/src/licode/detect';
import { Room } from '../../renderer/src/licode/room';
import type { SocketFactoryA } from '../../renderer/src/licode/transport-a';
import type { TestServerOptions } from '../server/index';
import { decodeToken } from '../../renderer/src/licode/token';
import { SocketIo09, type WebSocket09 } from '../../renderer/src/licode/socketio-09/socket';
import { createA0Transport } from '../../renderer/src/licode/transport-a0';
import { createToken, sleep, startHarness } from '../server/test/harness';
import { cameraStream, FakeMediaStream, FakePeerConnection } from './scripted-b';

const require = createRequire(import.meta.url);
interface V2Server {
  use(fn: (socket: { handshake: { query: Record<string, string> } }, next: (err?: unknown) => void) => void): void;
  on(event: string, fn: (...args: unknown[]) => void): void;
  close(): void;
}
const ioV2Server = require('socket.io-v2') as (server: HttpServer, opts: Record<string, unknown>) => V2Server;
const wsFactory = (url: string): ProbeSocket => new WebSocket(url) as unknown as ProbeSocket;

const cleanups: Array<() => void | Promise<void>> = [];
beforeAll(() => {
  (globalThis as { MediaStream?: unknown }).MediaStream ??= FakeMediaStream;
});
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function listen(): Promise<{ http: HttpServer; port: number }> {
  const http = createServer((_req, res) => res.writeHead(404).end());
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => http.close(() => resolve())));
  return { http, port: (http.address() as AddressInfo).port };
}
const token = (port: number) => decodeToken(btoa(JSON.stringify({ tokenId: 'single-use', host: `127.0.0.1:${port}`, secure: false, signature: 's' })));

describe('detectGeneration (§1.4) without presenting the token', () => {
  it('recognises socket.io 4 with the token middleware as C3', async () => {
    const { http, port } = await listen();
    const io = new IoServer(http, { transports: ['websocket'] });
    cleanups.push(() => void io.close());
    // A page cannot read a socket.io ≥ 1 server's answer to the 0.9 handshake (no CORS headers) and the browser logs
    // the failure: such servers must never be asked.
    const requests: string[] = [];
    http.prependListener('request', (req) => requests.push(req.url ?? ''));
    const seenTokens: unknown[] = [];
    io.use((socket, next) => {
      seenTokens.push(socket.handshake.query['tokenId']);
      const err = new Error('token: Authentication error') as Error & { data?: string };
      err.data = 'token: Authentication error';
      next(err);
    });
    expect(await detectGeneration(token(port), { socketFactory: wsFactory })).toEqual({ dialect: 'C', socketIo: 4 });
    expect(seenTokens).toEqual([undefined]);
    expect(requests).toEqual([]);
  });

  it('recognises socket.io 2 with the token middleware as C1/C2', async () => {
    const { http, port } = await listen();
    const io = ioV2Server(http, { transports: ['websocket'] });
    cleanups.push(() => io.close());
    io.use((_socket, next) => next(new Error('token: Authentication error')));
    expect(await detectGeneration(token(port), { socketFactory: wsFactory })).toEqual({ dialect: 'C', socketIo: 2 });
  });

  it('recognises socket.io 2 without handshake auth as dialect A', async () => {
    const { http, port } = await listen();
    const io = ioV2Server(http, { transports: ['websocket'] });
    cleanups.push(() => io.close());
    const events: unknown[] = [];
    io.on('connection', (socket) => (socket as { on(e: string, f: (...a: unknown[]) => void): void }).on('token', (...a) => events.push(a)));
    expect(await detectGeneration(token(port), { socketFactory: wsFactory })).toEqual({ dialect: 'A', socketIo: 2 });
    expect(events).toEqual([]); // the token was never presented
  });

  it('recognises socket.io 0.9 (Licode v3) by its handshake, and the token still works afterwards', async () => {
    const h = await startHarness({ dialect: 'A', aVersion: 'v3' });
    cleanups.push(() => h.server.close());
    const real = decodeToken(await createToken(h.server.restUrl, { username: 'lili', role: 'presenter' }));
    expect(await detectGeneration(real, { socketFactory: wsFactory })).toEqual({ dialect: 'A', socketIo: 0.9 });
    const createWebSocket = (url: string): WebSocket09 => new WebSocket(url) as unknown as WebSocket09;
    const transport = createA0Transport(real, { socketFactory: (url, { timeout }) => new SocketIo09(url, { timeoutMs: timeout, createWebSocket }) });
    cleanups.push(() => transport.close());
    await expect(transport.join()).resolves.toMatchObject({ streams: [] }); // single-use: detection did not spend it
  });

  it('reports a server that is not socket.io', async () => {
    const { port } = await listen();
    await expect(detectGeneration(token(port), { socketFactory: wsFactory, timeoutMs: 2000 })).rejects.toMatchObject({
      code: expect.stringMatching(/connection-lost|unsupported-server/),
    });
    await expect(detectGeneration(token(1), { socketFactory: wsFactory, timeoutMs: 2000 })).rejects.toMatchObject({ code: 'connection-lost' });
  });
});

/**
 * Every generation the test server plays (docs/licode-protocol.md §1.1): the generation detection must pick. B (Licode
 * v7–v8) answers the probe and the join exactly as A3 (v6) does (§1.4): `learned` is what the room reports once its
 * first publication was acknowledged with B's third element, the connectionId.
 */
const GENERATION_TABLE: Array<{ label: string; server: TestServerOptions; expected: DetectedGeneration; learned?: DetectedGeneration }> = [
  { label: 'A0, Licode v3 (socket.io 0.9)', server: { dialect: 'A', aVersion: 'v3' }, expected: { dialect: 'A', socketIo: 0.9 } },
  { label: 'A1, Licode v4', server: { dialect: 'A', aVersion: 'v4' }, expected: { dialect: 'A', socketIo: 2 } },
  { label: 'A2, Licode v5', server: { dialect: 'A', aVersion: 'v5' }, expected: { dialect: 'A', socketIo: 2 } },
  { label: 'A3, Licode v6', server: { dialect: 'A', aVersion: 'v6' }, expected: { dialect: 'A', socketIo: 2 }, learned: { dialect: 'A', socketIo: 2 } },
  { label: 'B, Licode v7', server: { dialect: 'B', bVersion: 'v7' }, expected: { dialect: 'A', socketIo: 2 }, learned: { dialect: 'B', socketIo: 2 } },
  { label: 'B, Licode v8', server: { dialect: 'B', bVersion: 'v8' }, expected: { dialect: 'A', socketIo: 2 }, learned: { dialect: 'B', socketIo: 2 } },
  { label: 'C1, Licode v9', server: { dialect: 'C', cVersion: 'v9' }, expected: { dialect: 'C', socketIo: 2 } },
  { label: 'C2, Licode v10', server: { dialect: 'C', cVersion: 'v10' }, expected: { dialect: 'C', socketIo: 2 } },
  { label: 'C3, Licode v11 and later', server: { dialect: 'C' }, expected: { dialect: 'C', socketIo: 4 } },
];

/** Node has no global WebSocket: the 0.9 socket gets `ws`. */
const socketIo09InNode: SocketFactoryA = (url, { timeout }) =>
  new SocketIo09(url, { timeoutMs: timeout, createWebSocket: (u) => new WebSocket(u) as unknown as WebSocket09 });

describe('detection table: every generation of the test server, the token never spent', () => {
  for (const { label, server, expected, learned } of GENERATION_TABLE) {
    it(`${label} → ${expected.dialect} on socket.io ${expected.socketIo}; the same token then joins through the Room`, async () => {
      const h = await startHarness(server);
      cleanups.push(() => h.server.close());
      const text = await createToken(h.server.restUrl, { username: 'probe', role: 'presenter' });
      expect((await h.admin.state()).tokens).toBe(1);
      expect(await detectGeneration(decodeToken(text), { socketFactory: wsFactory })).toEqual(expected);
      expect((await h.admin.state()).tokens).toBe(1); // still stored: detection did not present it
      // The Room's own detection (auto), then the join with the very token detection saw: single use, so it works
      // only if nothing spent it before.
      const room = new Room({
        probeSocketFactory: wsFactory,
        statsIntervalMs: 0,
        peerConnectionFactory: () => new FakePeerConnection() as unknown as RTCPeerConnection,
        ...(expected.socketIo === 0.9 ? { socketFactoryA: socketIo09InNode } : {}),
      });
      cleanups.push(() => room.leave());
      await expect(room.join(text)).resolves.toMatchObject({ dialect: expected.dialect });
      expect(room.generation).toEqual(expected);
      expect((await h.admin.state()).tokens).toBe(0);
      if (learned) {
        // A3 and B tell themselves apart by the publish ack (§1.4); the outcome of the publication does not matter here.
        room.publish(cameraStream(), {}).catch(() => undefined);
        await expect.poll(() => room.generation, { timeout: 5_000 }).toEqual(learned);
      }
      // Two probes (ours and the Room's) on socket.io ≥ 1, none on 0.9 (its Engine.IO upgrade is dropped unanswered).
      await sleep(100);
      expect((await h.admin.state()).tokenlessSockets).toBe(expected.socketIo === 0.9 ? 0 : 2);
    });
  }

  it('a socket.io 4 server that is not Licode, a plain HTTP server and a closed port are told apart from Licode', async () => {
    const { http, port } = await listen();
    const io = new IoServer(http, { transports: ['websocket'] });
    cleanups.push(() => void io.close());
    await expect(detectGeneration(token(port), { socketFactory: wsFactory, timeoutMs: 2000 })).rejects.toMatchObject({
      code: 'unsupported-server',
      message: expect.stringContaining("without Licode's token check"),
    });
    const plain = await listen();
    await expect(detectGeneration(token(plain.port), { socketFactory: wsFactory, timeoutMs: 2000 })).rejects.toMatchObject({
      code: expect.stringMatching(/connection-lost|unsupported-server/),
    });
    const closed = await listen();
    await new Promise<void>((resolve) => closed.http.close(() => resolve()));
    await expect(detectGeneration(token(closed.port), { socketFactory: wsFactory, timeoutMs: 2000 })).rejects.toMatchObject({ code: 'connection-lost' });
  });
});

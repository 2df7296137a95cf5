// Scripted socket.io servers and helpers shared by the Node-side integration tests of the Licode client.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as IoServer, type Socket as IoSocket } from 'socket.io';
import { decodeToken, type LicodeToken } from '../../renderer/src/licode/token';

export const cleanups: Array<() => Promise<void> | void> = [];
export async function runCleanups(): Promise<void> {
  for (const fn of cleanups.splice(0).reverse()) await fn();
}

export const BIG_ID = 123456789012345680;
/** Ids of data-only publications of the scripted server, one per session (2^59 range: not exact integers in JS). */
export const DATA_IDS = [576460752303423500, 333333333333333300, 444444444444444400] as const;

export function tokenFor(port: number, tokenId = 'good'): LicodeToken {
  const json = JSON.stringify({ tokenId, host: `127.0.0.1:${port}`, secure: false, signature: 'c2ln' });
  return decodeToken(btoa(json));
}

export async function listen(): Promise<{ http: HttpServer; port: number }> {
  const http = createServer();
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => http.close(() => resolve())));
  return { http, port: (http.address() as AddressInfo).port };
}

export function waitFor<T>(fn: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      const value = fn();
      if (value !== undefined && value !== false) return resolve(value);
      if (Date.now() - start > timeoutMs) return reject(new Error('condition not met in time'));
      setTimeout(tick, 20);
    };
    tick();
  });
}

/** A scripted dialect C server: token middleware, `connected`, ReliableSocket framing, clientId reconnection. */
export async function startC(options: { streams?: unknown[] } = {}): Promise<{
  port: number;
  log: Array<[string, unknown]>;
  sockets: IoSocket[];
  sessions: Map<string, { socket: IoSocket; counter: number; unacked: Array<{ id: number; event: string; msg: unknown }> }>;
  send(clientId: string, event: string, msg: unknown): void;
  forget(): void;
  io: IoServer;
}> {
  const { http, port } = await listen();
  const io = new IoServer(http, { transports: ['websocket'] });
  cleanups.push(() => new Promise<void>((resolve) => io.close(() => resolve())));
  const log: Array<[string, unknown]> = [];
  const sockets: IoSocket[] = [];
  const sessions = new Map<string, { socket: IoSocket; counter: number; unacked: Array<{ id: number; event: string; msg: unknown }> }>();
  const send = (clientId: string, event: string, msg: unknown): void => {
    const session = sessions.get(clientId)!;
    const envelope = { id: session.counter++, event, msg };
    session.unacked.push(envelope);
    session.socket.emit(event, { socketgd: envelope.id, msg });
  };
  io.use((socket, next) => {
    const query = socket.handshake.query as Record<string, string>;
    if (query['clientId']) {
      if (!sessions.has(query['clientId'])) {
        const err = new Error('Connection already closed') as Error & { data?: string };
        err.data = 'Connection already closed';
        return next(err);
      }
      return next();
    }
    if (query['tokenId'] !== 'good') {
      const err = new Error('token: Token does not exist') as Error & { data?: string };
      err.data = 'token: Token does not exist';
      return next(err);
    }
    next();
  });
  let sessionCount = 0;
  io.on('connection', (socket) => {
    sockets.push(socket);
    const query = socket.handshake.query as Record<string, string>;
    socket.onAny((event: string, ...args: unknown[]) => log.push([event, args[0]]));
    if (!query['clientId']) sessionCount++;
    const clientId = query['clientId'] ?? `client-${sessionCount}`;
    const existing = sessions.get(clientId);
    if (existing) {
      existing.socket = socket;
      for (const e of existing.unacked) socket.emit(e.event, { socketgd: e.id, msg: e.msg });
    } else {
      sessions.set(clientId, { socket, counter: 0, unacked: [] });
      const streams = options.streams ?? [{ id: BIG_ID, audio: true, video: true, data: true, label: 'l', attributes: {} }];
      send(clientId, 'connected', { streams, id: 'room', clientId, singlePC: false, defaultVideoBW: 300, maxVideoBW: 300, iceServers: [] });
    }
    let lastReceived = -1;
    socket.on('socketgd_ack', ({ id }: { id: number }) => {
      const s = sessions.get(clientId);
      if (s) s.unacked = s.unacked.filter((e) => e.id > id);
    });
    const handle = (event: string, fn: (msg: unknown, ack?: (...a: unknown[]) => void) => void): void => {
      socket.on(event, (envelope: { socketgd: number; msg: unknown }, ack?: (...a: unknown[]) => void) => {
        if (envelope.socketgd <= lastReceived) return;
        lastReceived = envelope.socketgd;
        fn(envelope.msg, ack);
        socket.emit('socketgd_ack', { id: envelope.socketgd });
      });
    };
    handle('publish', (msg, ack) => {
      const state = (msg as { options?: { state?: string } }).options?.state;
      if (state === 'data') ack?.(DATA_IDS[(sessionCount - 1) % DATA_IDS.length]); // data-only: (id) at once (§5.3)
      else ack?.(BIG_ID, 'erizo-1', `${clientId}_erizo-1_1`);
    });
    handle('updateStreamAttributes', (_msg, ack) => ack?.());
    handle('unpublish', (msg, ack) => (msg === BIG_ID ? ack?.(true) : ack?.(null, 'Unknown')));
    // known stream → (true); anything else is never acknowledged (§8.3 #13)
    handle('subscribe', (msg, ack) => ((msg as { options?: { streamId?: unknown } }).options?.streamId === BIG_ID ? ack?.(true) : undefined));
    handle('sendDataStream', (_msg, ack) => ack?.());
    handle('clientDisconnection', () => undefined);
  });
  return { port, log, sockets, sessions, send, forget: () => sessions.clear(), io };
}


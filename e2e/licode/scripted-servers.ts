// Scripted socket.io servers and helpers shared by the Node-side integration tests of the Licode client.
import { createServer, type Server as HttpServer } from 'node:http';
import { createRequire } from 'node:module';
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

/** How the scripted C server handles one publish request: never acknowledged, an Erizo timeout, or no right. */
export type PublishFault = 'withhold' | 'erizo-unreachable' | 'unauthorized';

/**
 * A scripted dialect C server: token middleware, `connected`, ReliableSocket framing, clientId reconnection.
 * `publishFaults` are used up one per publish request, in order; then publishes succeed.
 */
export async function startC(options: { streams?: unknown[]; publishFaults?: PublishFault[] } = {}): Promise<{
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
      const fault = options.publishFaults?.shift();
      if (fault === 'withhold') return;
      if (fault === 'erizo-unreachable') return ack?.(null, null, 'ErizoJS is not reachable');
      if (fault === 'unauthorized') return ack?.(null, 'Unauthorized');
      const state = (msg as { options?: { state?: string } }).options?.state;
      if (state === 'data')
        ack?.(DATA_IDS[(sessionCount - 1) % DATA_IDS.length]); // data-only: (id) at once (§5.3)
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

export interface V2Socket {
  id: string;
  handshake: { query: Record<string, string> };
  on(event: string, fn: (...args: any[]) => void): void; // eslint-disable-line @typescript-eslint/no-explicit-any -- socket.io 2 has no types
  emit(event: string, ...args: unknown[]): void;
  disconnect(close?: boolean): void;
  conn: { close(): void };
}
interface V2Server {
  on(event: 'connection', fn: (socket: V2Socket) => void): void;
  close(): void;
}
const ioV2Server = createRequire(import.meta.url)('socket.io-v2') as (server: HttpServer, opts: Record<string, unknown>) => V2Server;

export interface ScriptedA {
  port: number;
  sockets: V2Socket[];
  /** Every event a bound client sent (and `token` / `reconnected` on any socket), without the ack function. */
  log: Array<[string, unknown[]]>;
  closed: V2Socket[];
  /** Client ids the server still holds a session for; clear it to act like a restarted controller. */
  known: Set<string>;
  /** The socket currently bound to a client id. */
  bound: Map<string, V2Socket>;
  /** Events sent on the new socket right when `reconnected` rebinds a client (the v5 Channel's buffer, §3.5). */
  buffered: Array<[string, unknown]>;
}

/**
 * A scripted dialect A server (socket.io 2): `token` event in the given format; with `clientId` the v5/v6 Channel
 * semantics (§3.5, §9.2): only `token`, `reconnected` and `disconnect` exist on a new socket; the other handlers only
 * once `token` succeeded or `reconnected` named a known client — a socket without a session is never answered.
 * `stopRecorder` answers `(null, 'This stream is not being recorded')` (or `(null, 'Unauthorized')` with
 * `recordRight: false`); data-only publications get ids from DATA_IDS, media publications the v6 Erizo timeout.
 */
export async function startA(opts: { format: 'bare' | 'wrapped'; clientId?: boolean; recordRight?: boolean; streams?: unknown[] }): Promise<ScriptedA> {
  const known = new Set<string>();
  const bound = new Map<string, V2Socket>();
  const { http, port } = await listen();
  const io = ioV2Server(http, { transports: ['websocket'] });
  cleanups.push(() => io.close());
  const sockets: V2Socket[] = [];
  const closed: V2Socket[] = [];
  const log: Array<[string, unknown[]]> = [];
  const buffered: Array<[string, unknown]> = [];
  let sessions = 0;
  let published = 0;
  io.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('disconnect', () => closed.push(socket));
    const record = (name: string, args: unknown[]): void => void log.push([name, args.filter((a) => typeof a !== 'function')]);
    /** The v5 Client's handlers, registered when a session is created or rebound to this socket. */
    const bindClient = (clientId: string): void => {
      bound.set(clientId, socket);
      for (const name of ['publish', 'signaling_message', 'subscribe', 'sendDataStream']) socket.on(name, (...args: unknown[]) => record(name, args));
      socket.on('publish', (options: { state?: string }, _sdp: unknown, cb: (...a: unknown[]) => void) => {
        if (options?.state === 'data') cb(DATA_IDS[published++ % DATA_IDS.length]);
        else cb(null, null, 'ErizoJS is not reachable');
      });
      socket.on('subscribe', () => undefined); // unknown stream: no ack (§8.3 #13)
      socket.on('unpublish', (_id: unknown, cb: (...a: unknown[]) => void) => cb(true));
      socket.on('stopRecorder', (...args: unknown[]) => {
        record('stopRecorder', args);
        const cb = args.find((a): a is (...x: unknown[]) => void => typeof a === 'function');
        if (opts.recordRight === false) cb?.(null, 'Unauthorized');
        else cb?.(null, 'This stream is not being recorded');
      });
    };
    socket.on('token', (arg: Record<string, unknown>, cb: (...a: unknown[]) => void) => {
      record('token', [arg]);
      const tok = (opts.format === 'wrapped' ? arg['token'] : arg) as Record<string, unknown> | undefined;
      if (!tok || tok['tokenId'] === undefined) {
        cb('error', 'Authentication error');
        return; // §8 24e: the socket is left open
      }
      if (tok['tokenId'] !== 'good') return cb('error', 'Token does not exist');
      const clientId = `abc-${++sessions}`;
      known.add(clientId);
      bindClient(clientId);
      cb('success', {
        streams: opts.streams ?? [],
        id: 'room',
        ...(opts.clientId ? { clientId } : {}),
        defaultVideoBW: 300,
        maxVideoBW: 300,
        iceServers: [{ url: 'stun:127.0.0.1:1' }],
      });
    });
    socket.on('reconnected', (id: string) => {
      record('reconnected', [id]);
      if (!opts.clientId || !known.has(id)) return; // an unknown id rebinds nothing: the socket stays silent
      bindClient(id);
      for (const [event, payload] of buffered.splice(0)) socket.emit(event, payload);
    });
  });
  return { port, sockets, log, closed, known, bound, buffered };
}

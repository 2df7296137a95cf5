import { createRequire } from 'node:module';
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';

/** The socket surface dialect C uses, the same in socket.io 2 and 4. */
export interface CSocket {
  readonly id: string;
  readonly connected: boolean;
  readonly handshake: { readonly query: Record<string, unknown> };
  readonly conn: { readonly transport?: { readonly socket?: { terminate?: () => void } }; close(): void };
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  disconnect(close?: boolean): unknown;
}

export type CMiddleware = (socket: CSocket, next: (err?: Error) => void) => void;

/** The ErizoController's socket.io server, whichever major version the generation runs. */
export interface CSocketServer {
  use(middleware: CMiddleware): void;
  onConnection(listener: (socket: CSocket) => void): void;
  sockets(): CSocket[];
  close(): Promise<void>;
}

/** HEAD (docs/licode-protocol.md §2.3, §9.4): socket.io 4, EIO 4 only, WebSocket only, ping 10 s / timeout 5 s. */
function socketIo4(httpServer: HttpServer): CSocketServer {
  const io = new Server(httpServer, {
    transports: ['websocket'],
    allowUpgrades: false,
    allowEIO3: false,
    pingInterval: 10_000,
    pingTimeout: 5_000,
    maxHttpBufferSize: 1e6,
    serveClient: false,
  });
  // socket.io 4's typed event maps do not fit a plain string-keyed listener; CSocket is the subset both versions share.
  const asC = (socket: unknown) => socket as CSocket;
  return {
    use: (middleware) => io.use((socket, next) => middleware(asC(socket), next)),
    onConnection: (listener) => io.on('connection', (socket) => listener(asC(socket))),
    sockets: () => [...io.sockets.sockets.values()].map(asC),
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}

/** socket.io 2.5 (the `socket.io-v2` alias) ships no type declarations: the part of its server used here. */
interface V2ServerWithMiddleware {
  use(middleware: CMiddleware): void;
  on(event: 'connection', listener: (socket: CSocket) => void): void;
  close(callback?: () => void): void;
  readonly sockets: { readonly sockets: Record<string, CSocket> };
}

const require = createRequire(import.meta.url);

/**
 * v9 (socket.io 2.0.3) and v10 (2.4.0) (§2.2, §9.4): EIO 3, WebSocket only, `pingInterval` 10 s and `pingTimeout`
 * 5 s (`v9: erizoController.js`, SOCKET_IO_PING_*). The namespace is connected by the server on its own, so a
 * refusing middleware reaches the client as an ERROR packet `44"token: …"` (namespace.js: `err.data || err.message`).
 * maxHttpBufferSize is pinned at 1 MB (2.4.0's default; 2.0.3's was 100 MB) so one message's cap does not depend on
 * the socket.io build installed here.
 */
function socketIo2(httpServer: HttpServer): CSocketServer {
  const create = require('socket.io-v2') as (server: HttpServer, options: Record<string, unknown>) => V2ServerWithMiddleware;
  const io = create(httpServer, { transports: ['websocket'], serveClient: false, pingInterval: 10_000, pingTimeout: 5_000, maxHttpBufferSize: 1e6 });
  return {
    use: (middleware) => io.use(middleware),
    onConnection: (listener) => io.on('connection', listener),
    sockets: () => Object.values(io.sockets.sockets),
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}

export function createCSocketServer(socketIo: 2 | 4, httpServer: HttpServer): CSocketServer {
  return socketIo === 2 ? socketIo2(httpServer) : socketIo4(httpServer);
}

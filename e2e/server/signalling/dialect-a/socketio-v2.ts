import { createRequire } from 'node:module';
import type { Server as HttpServer } from 'node:http';

/**
 * socket.io 2.5 (the `socket.io-v2` alias) ships no type declarations; this is the small surface the dialect-A
 * controller uses, loaded through `require` so no ambient module declaration is needed.
 */
export interface V2Socket {
  readonly id: string;
  readonly connected: boolean;
  readonly conn: { transport?: { socket?: { terminate?: () => void; on?: (event: 'close', fn: (code: number) => void) => void } }; close(): void };
  on(event: string, listener: (...args: unknown[]) => void): void;
  emit(event: string, ...args: unknown[]): boolean;
  disconnect(close?: boolean): void;
}

export interface V2Server {
  on(event: 'connection', listener: (socket: V2Socket) => void): void;
  close(callback?: () => void): void;
  readonly sockets: { readonly sockets: Record<string, V2Socket> };
}

type CreateV2Server = (server: HttpServer, options: Record<string, unknown>) => V2Server;

const require = createRequire(import.meta.url);

export function createV2Server(server: HttpServer, options: Record<string, unknown>): V2Server {
  const create = require('socket.io-v2') as CreateV2Server;
  return create(server, options);
}

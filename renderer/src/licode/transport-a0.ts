import type { LicodeToken } from './token';
import { DialectATransport, type DialectAOptions, type SocketFactoryA } from './transport-a';
import { SocketIo09 } from './socketio-09/socket';

/** The browser's socket.io 0.9 socket (fetch + WebSocket); certificates are the browser's business. */
export const socketIo09Factory: SocketFactoryA = (url, { timeout }) => new SocketIo09(url, { timeoutMs: timeout });

/**
 * Dialect A0 — Licode v3 and older on socket.io 0.9 (§1.1, §2.1): v3's messages are v4's, so this is the dialect A
 * session on a 0.9 socket. The token goes up as the bare decoded object (§8.3 #11; v3 knows no `{token, singlePC}`),
 * and a lost socket ends the session: the join reply carries no clientId, so there is nothing to resume (§3.5).
 */
export function createA0Transport(token: LicodeToken, options: DialectAOptions): DialectATransport {
  return new DialectATransport(token, { ...options, tokenFormat: 'bare', socketFactory: options.socketFactory ?? socketIo09Factory });
}

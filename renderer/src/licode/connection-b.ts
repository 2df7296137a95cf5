import type { CConnection } from './connection-c';

/**
 * Dialect B, Licode v7 (and v8 when not asked to offer): the server waits for the client's offer for a subscription
 * (§4.1). Receive-only transceivers for the subscribed kinds make the connection negotiate, and it sends our offer
 * as it does for a publication; the server's answer brings the tracks.
 */
export function offerToReceive(conn: CConnection, receive: { audio: boolean; video: boolean }): void {
  if (conn.closed) return;
  if (receive.audio) conn.pc.addTransceiver('audio', { direction: 'recvonly' });
  if (receive.video) conn.pc.addTransceiver('video', { direction: 'recvonly' });
}

/**
 * A hostile participant for the real test server (dialect C): a plain socket.io-client 4 that joins a room and
 * publishes data-only streams as fast as the server acknowledges them.
 */
import { io, type Socket } from 'socket.io-client';

export interface DataPublisher {
  /** Publishes `count` data-only streams, `inFlight` requests at a time; resolves with how many the server granted. */
  publish(count: number, inFlight?: number): Promise<number>;
  close(): void;
}

export async function joinAsDataPublisher(restUrl: string, room: string, username: string): Promise<DataPublisher> {
  const response = await fetch(`${restUrl}/createToken/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, role: 'presenter', room }),
  });
  if (response.status !== 200) throw new Error(`createToken ${response.status}: ${await response.text()}`);
  const token = JSON.parse(Buffer.from(await response.text(), 'base64').toString('utf8')) as {
    tokenId: string;
    host: string;
    secure: boolean;
    signature: string;
  };
  const socket: Socket = io(`http://${token.host}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    query: { tokenId: token.tokenId, host: token.host, secure: String(token.secure), signature: token.signature },
  });
  // ReliableSocket (§5.2): acknowledge every envelope, as a real client does.
  socket.onAny((_event: string, first: unknown) => {
    if (typeof first === 'object' && first !== null && 'socketgd' in first) socket.emit('socketgd_ack', { id: (first as { socketgd: number }).socketgd });
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connected', () => resolve());
    socket.once('connect_error', (error: Error) => reject(error));
  });
  let nextEnvelope = 0;
  const publishOne = (n: number): Promise<boolean> =>
    new Promise((resolve) => {
      const msg = { options: { state: 'data', data: true, audio: false, video: false, attributes: { name: `${username} ${n}` } }, sdp: null };
      socket
        .timeout(10_000)
        .emit('publish', { socketgd: nextEnvelope++, msg }, (error: Error | null, id: unknown) => resolve(!error && typeof id === 'number'));
    });
  return {
    async publish(count, inFlight = 50) {
      let next = 0;
      let granted = 0;
      const worker = async (): Promise<void> => {
        while (next < count) if (await publishOne(next++)) granted++;
      };
      await Promise.all(Array.from({ length: inFlight }, worker));
      return granted;
    },
    close: () => void socket.close(),
  };
}

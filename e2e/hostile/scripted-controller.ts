/**
 * A hostile Licode controller for the app: the scripted socket.io servers of e2e/licode (both dialects) behind a
 * createToken endpoint whose tokens point at them, and the stream lists they flood the app with.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cleanups, startA, startC } from '../licode/scripted-servers';

/** Stream ids in Licode's 2^60 range, distinct from the ids the scripted servers give our own publications. */
export const floodId = (n: number): number => 2 ** 60 + n * 4096;

/** `count` camera streams (audio + video + data) named "Flood N", starting at `from`. */
export function floodStreams(count: number, from = 0): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => ({
    id: floodId(from + i),
    audio: true,
    video: true,
    data: true,
    label: `flood-${from + i}`,
    attributes: { name: `Flood ${from + i}` },
  }));
}

export interface HostileController {
  /** The createToken endpoint (a server profile's Server URL). */
  restUrl: string;
  /** Sends an event to the (first) joined client, as the dialect does (C: in a ReliableSocket envelope). */
  send(event: string, payload: unknown): void;
  /** Whether a client has joined. */
  joined(): boolean;
}

/** A scripted controller of `dialect` whose join reply lists `streams`, with a createToken endpoint in front. */
export async function startHostileController(dialect: 'A' | 'C', streams: unknown[]): Promise<HostileController> {
  let port: number;
  let send: HostileController['send'];
  let joined: () => boolean;
  if (dialect === 'C') {
    const server = await startC({ streams });
    port = server.port;
    send = (event, payload) => server.send('client-1', event, payload);
    joined = () => server.sessions.has('client-1');
  } else {
    const server = await startA({ format: 'bare', clientId: true, streams });
    port = server.port;
    send = (event, payload) => server.bound.get('abc-1')?.emit(event, payload);
    joined = () => server.bound.has('abc-1');
  }
  const token = btoa(JSON.stringify({ tokenId: 'good', host: `127.0.0.1:${port}`, secure: false, signature: 'c2ln' }));
  const rest = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/createToken/') res.writeHead(200, { 'content-type': 'text/plain' }).end(token);
      else res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => rest.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        rest.close(() => resolve());
        rest.closeAllConnections();
      }),
  );
  return { restUrl: `http://127.0.0.1:${(rest.address() as AddressInfo).port}`, send, joined };
}

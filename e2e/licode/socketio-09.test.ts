// The socket.io 0.9 client socket (renderer/src/licode/socketio-09/socket.ts) and the A0 transport built on it,
// against the Licode test server as v3 and against scripted hostile 0.9 servers on 127.0.0.1.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { SocketIo09, type WebSocket09 } from '../../renderer/src/licode/socketio-09/socket';
import { createA0Transport } from '../../renderer/src/licode/transport-a0';
import { Room } from '../../renderer/src/licode/room';
import type { SocketFactoryA } from '../../renderer/src/licode/transport-a';
import type { LicodeError } from '../../renderer/src/licode/errors';
import type { ServerEvent } from '../../renderer/src/licode/transport';
import { decodeToken } from '../../renderer/src/licode/token';
import { createToken, startHarness } from '../server/test/harness';
import { cleanups, runCleanups, waitFor } from './scripted-servers';

afterEach(runCleanups);

const createWebSocket = (url: string): WebSocket09 => new WebSocket(url) as unknown as WebSocket09;
const nodeFactory: SocketFactoryA = (url, { timeout }) => new SocketIo09(url, { timeoutMs: timeout, createWebSocket });

/** A scripted 0.9 server: `handshake` is the HTTP answer, `onSocket` plays the WebSocket side. */
async function scripted(
  handshake: string,
  onSocket: (ws: WebSocket, received: string[]) => void = (ws) => ws.send('1::'),
): Promise<{ url: string; received: string[] }> {
  const http = createServer((_req: IncomingMessage, res: ServerResponse) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end(handshake));
  const wss = new WebSocketServer({ server: http });
  const received: string[] = [];
  wss.on('connection', (ws) => {
    ws.on('message', (data) => received.push(String(data)));
    onSocket(ws, received);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => (wss.close(), http.close(() => resolve()), http.closeAllConnections())));
  return { url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}`, received };
}

function track(socket: SocketIo09): Array<[string, unknown[]]> {
  const seen: Array<[string, unknown[]]> = [];
  for (const event of ['connect', 'connect_error', 'connect_timeout', 'disconnect', 'malformed', 'error', 'onAddStream'])
    socket.on(event, (...args: unknown[]) => seen.push([event, args]));
  cleanups.push(() => void socket.disconnect());
  return seen;
}

describe('socket.io 0.9 client socket', () => {
  it('connects after `1::`, echoes heartbeats, acks by id and leaves with `0::`', async () => {
    const { url, received } = await scripted('abc123:60:60:websocket', (ws) => {
      ws.send('1::');
      ws.on('message', (data) => {
        const text = String(data);
        if (text.startsWith('5:1+::')) ws.send('6:::1+["success",{"id":123456789012345680}]');
      });
    });
    const socket = new SocketIo09(url, { timeoutMs: 2000, createWebSocket });
    const seen = track(socket);
    await waitFor(() => socket.connected);
    const reply = await new Promise<unknown[]>((resolve) => socket.emit('token', { tokenId: 't' }, (...args: unknown[]) => resolve(args)));
    expect(reply).toEqual(['success', { id: 123456789012345680 }]);
    socket.emit('publish', { state: 'erizo' }, undefined); // an undefined argument goes up as null (§2.1)
    await waitFor(() => received.length >= 2);
    expect(received).toEqual(['5:1+::{"name":"token","args":[{"tokenId":"t"}]}', '5:::{"name":"publish","args":[{"state":"erizo"},null]}']);
    socket.disconnect();
    await waitFor(() => received.includes('0::'));
    expect(seen.map(([e]) => e)).toEqual(['connect', 'disconnect']);
  });

  it('reports frames it cannot read and keeps going; ignores other endpoints and unknown ack ids', async () => {
    const { url, received } = await scripted('abc:60:60:websocket', (ws) => {
      ws.send('1::');
      for (const bad of ['9::', '5:::{"name":"onAddStream","args":[{', '6:::99999999999999999999+[1]', `5:::{"name":"x","args":["${'y'.repeat(1_000_001)}"]}`])
        ws.send(bad);
      ws.send(Buffer.from([1, 2, 3]));
      ws.send('5::/other:{"name":"onAddStream","args":[{"id":2}]}');
      ws.send('6:::42+[true]');
      ws.send('2::');
      ws.send('5:::{"name":"onAddStream","args":[{"id":1}]}');
    });
    const socket = new SocketIo09(url, { timeoutMs: 2000, createWebSocket });
    const seen = track(socket);
    await waitFor(() => seen.some(([e]) => e === 'onAddStream'));
    const malformed = seen.filter(([e]) => e === 'malformed').map(([, [m]]) => String(m));
    expect(malformed).toEqual([
      'The server sent unknown socket.io 0.9 frame type 9.',
      expect.stringMatching(/^The server sent an event frame with broken JSON/),
      'The server sent an ack for id 99999999999999999999, which is out of range.',
      expect.stringMatching(/^The server sent a frame of 1000\d+ characters is larger than the 1000000 allowed/),
      'The server sent a binary frame, which socket.io 0.9 never does.',
    ]);
    expect(seen.filter(([e]) => e === 'onAddStream').map(([, a]) => a)).toEqual([[{ id: 1 }]]);
    await waitFor(() => received.includes('2::'));
    expect(socket.connected).toBe(true);
  });

  it('drops a server that stops sending heartbeats', async () => {
    const { url } = await scripted('abc:1:60:websocket'); // says hello, then never a heartbeat
    const socket = new SocketIo09(url, { timeoutMs: 2000, createWebSocket });
    const seen = track(socket);
    await waitFor(() => seen.some(([e]) => e === 'disconnect'), 3000);
    expect(seen).toEqual([
      ['connect', []],
      ['disconnect', ['heartbeat timeout']],
    ]);
  });

  it.each([
    ['a socket.io ≥ 1 server', 'Welcome to socket.io.', 'the socket.io 0.9 handshake'],
    ['a server without the WebSocket transport', 'abc:60:60:xhr-polling,jsonp-polling', 'offers no WebSocket transport (only xhr-polling, jsonp-polling)'],
  ])('refuses %s with a clear connect_error', async (_what, handshake, message) => {
    const { url } = await scripted(handshake);
    const socket = new SocketIo09(url, { timeoutMs: 2000, createWebSocket });
    const seen = track(socket);
    await waitFor(() => seen.length > 0);
    expect(seen[0]![0]).toBe('connect_error');
    expect(String(seen[0]![1][0])).toContain(message.replace('the socket.io 0.9 handshake', 'did not answer a socket.io 0.9 handshake'));
  });

  it("reports the server's error frame before hello, and a silent server as connect_timeout", async () => {
    const refused = await scripted('abc:60:60:websocket', (ws) => ws.send('7:::1+0'));
    const refusedSocket = new SocketIo09(refused.url, { timeoutMs: 2000, createWebSocket });
    const refusedSeen = track(refusedSocket);
    await waitFor(() => refusedSeen.length > 0);
    expect(refusedSeen[0]).toEqual(['connect_error', [new Error('client not handshaken')]]);

    const silent = await scripted('abc:60:60:websocket', () => undefined);
    const silentSocket = new SocketIo09(silent.url, { timeoutMs: 300, createWebSocket });
    const silentSeen = track(silentSocket);
    await waitFor(() => silentSeen.length > 0);
    expect(silentSeen).toEqual([['connect_timeout', ['timeout']]]);
  });
});

describe('A0 transport against the test server as Licode v3', () => {
  it('joins with the bare token, publishes with a big id, reports lost sockets as the end of the session', async () => {
    const h = await startHarness({ dialect: 'A', aVersion: 'v3' });
    cleanups.push(() => h.server.close());
    const token = decodeToken(await createToken(h.server.restUrl, { username: 'lili', role: 'presenter' }));
    const transport = createA0Transport(token, { socketFactory: nodeFactory, requestTimeoutMs: 2000 });
    cleanups.push(() => transport.close());
    const events: ServerEvent[] = [];
    transport.on('server-event', (e) => events.push(e));
    const info = await transport.join();
    expect(info).toMatchObject({ streams: [], defaultVideoBW: 300, maxVideoBW: 300 });
    expect(transport.tokenFormatUsed).toBe('bare');
    expect(transport.clientId).toBeUndefined();
    const [id] = await transport.request('publish', [{ state: 'erizo', audio: true, video: true, data: true, attributes: {} }, undefined]);
    expect(String(id)).toMatch(/^[1-9][0-9]{17}$/);
    await waitFor(() => events.some((e) => e.name === 'signaling_message_erizo'));

    const lost: LicodeError[] = [];
    transport.on('session-lost', (err) => lost.push(err));
    await h.server.close(); // v3 cannot resume (§3.5)
    await waitFor(() => lost.length === 1, 3000);
    expect(lost[0]!.code).toBe('connection-lost');
    expect(transport.state).toBe('closed');
  });

  it('a Room forced to A0 joins without any detection probe and reports the generation', async () => {
    const h = await startHarness({ dialect: 'A', aVersion: 'v3' });
    cleanups.push(() => h.server.close());
    const room = new Room({
      generation: 'A0',
      socketFactoryA: nodeFactory,
      probeSocketFactory: () => {
        throw new Error('no probe expected for a forced generation');
      },
      statsIntervalMs: 0,
    });
    cleanups.push(() => room.leave());
    const joined = await room.join(await createToken(h.server.restUrl, { username: 'ada', role: 'presenter' }));
    expect(joined).toMatchObject({ dialect: 'A', clientId: undefined, streams: [] });
    expect(room.generation).toEqual({ dialect: 'A', socketIo: 0.9 });
  });

  it('reports a refused token without a second try (v3 knows only the bare form)', async () => {
    const h = await startHarness({ dialect: 'A', aVersion: 'v3' });
    cleanups.push(() => h.server.close());
    const token = decodeToken(btoa(JSON.stringify({ tokenId: 'nope', host: h.server.controllerHost, secure: false, signature: 'bad' })));
    const transport = createA0Transport(token, { socketFactory: nodeFactory });
    await expect(transport.join()).rejects.toMatchObject({ code: 'token-refused', message: 'The server refused the token: Authentication error.' });
  });
});

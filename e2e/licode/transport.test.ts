// Integration tests of the signalling transports against real socket.io servers (v4 for dialect C, v2 for
// dialect A) on 127.0.0.1. The servers below are minimal stand-ins scripted per test, not the Licode test server.
import type { Server as HttpServer } from 'node:http';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { DialectCTransport } from '../../renderer/src/licode/transport-c';
import { DialectATransport } from '../../renderer/src/licode/transport-a';
import type { LicodeError } from '../../renderer/src/licode/errors';
import type { ServerEvent, TransportState } from '../../renderer/src/licode/transport';

import { BIG_ID, cleanups, listen, runCleanups, startC, tokenFor, waitFor } from './scripted-servers';

const require = createRequire(import.meta.url);

interface V2Socket {
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
const ioV2Server = require('socket.io-v2') as (server: HttpServer, opts: Record<string, unknown>) => V2Server;

afterEach(runCleanups);

describe('dialect C transport over socket.io 4', () => {
  it('joins with the token in the query, acknowledges `connected` and echoes big stream ids as numbers', async () => {
    const server = await startC();
    const transport = new DialectCTransport(tokenFor(server.port), { singlePC: true });
    cleanups.push(() => transport.close());
    const info = await transport.join();
    expect(info.clientId).toBe('client-1');
    expect(info.streams[0]!.id).toBe(BIG_ID);
    const query = server.sockets[0]!.handshake.query as Record<string, string>;
    expect(query).toMatchObject({ tokenId: 'good', host: `127.0.0.1:${server.port}`, secure: 'false', signature: 'c2ln', singlePC: 'true' });
    await waitFor(() => server.sessions.get('client-1')!.unacked.length === 0);
    const ack = await transport.request('publish', [{ options: { state: 'erizo' }, sdp: null }]);
    expect(ack).toEqual([BIG_ID, 'erizo-1', 'client-1_erizo-1_1']);
    expect(await transport.request('unpublish', [ack[0]])).toEqual([true]);
    expect(server.log.find(([e]) => e === 'unpublish')![1]).toEqual({ socketgd: 1, msg: BIG_ID });
    expect(transport.unacknowledged).toBe(0);
  });

  it('reports a refused token from connect_error data as token-refused', async () => {
    const server = await startC();
    const transport = new DialectCTransport(tokenFor(server.port, 'used'));
    await expect(transport.join()).rejects.toMatchObject({ code: 'token-refused', message: 'The server refused the token: Token does not exist.' });
    expect(transport.state).toBe('closed');
  });

  it('reports an unreachable server clearly', async () => {
    const { port } = await listen(); // plain HTTP, no socket.io
    const transport = new DialectCTransport(tokenFor(port), { connectTimeoutMs: 2000 });
    await expect(transport.join()).rejects.toMatchObject({ code: expect.stringMatching(/connection-lost|timeout/) });
  });

  it('times out requests the server never acknowledges', async () => {
    const server = await startC();
    const transport = new DialectCTransport(tokenFor(server.port), { requestTimeoutMs: 300 });
    cleanups.push(() => transport.close());
    await transport.join();
    await expect(transport.request('subscribe', [{ options: { streamId: 1 }, sdp: null }])).rejects.toMatchObject({ code: 'timeout', message: expect.stringContaining('"subscribe"') });
  });

  it('turns malformed and hostile server messages into typed events and keeps going', async () => {
    const server = await startC();
    const transport = new DialectCTransport(tokenFor(server.port));
    cleanups.push(() => transport.close());
    const malformed: LicodeError[] = [];
    const events: ServerEvent[] = [];
    transport.on('malformed', (e) => malformed.push(e));
    transport.on('server-event', (e) => events.push(e));
    await transport.join();
    server.send('client-1', 'onAddStream', { id: 'not-a-number' });
    server.send('client-1', 'onRemoveStream', null);
    server.sockets[0]!.emit('onDataStream', 'unwrapped junk');
    server.sockets[0]!.emit('socketgd_ack', { id: 'x' });
    server.send('client-1', 'onAddStream', { id: BIG_ID, video: 'false', audio: 'true' });
    await waitFor(() => events.length === 1 || undefined);
    expect(events[0]).toMatchObject({ name: 'onAddStream', payload: { id: BIG_ID } });
    await waitFor(() => malformed.length === 4 || undefined);
    expect(malformed.map((m) => m.code)).toEqual(['malformed-message', 'malformed-message', 'malformed-message', 'malformed-message']);
    await waitFor(() => server.sessions.get('client-1')!.unacked.length === 0);
  });

  it('resumes after a socket drop with clientId: replays unacknowledged envelopes both ways and de-duplicates', async () => {
    const server = await startC();
    const transport = new DialectCTransport(tokenFor(server.port), { reconnect: { initialMs: 50, maxMs: 200 } });
    cleanups.push(() => transport.close());
    const events: ServerEvent[] = [];
    const states: TransportState[] = [];
    transport.on('server-event', (e) => events.push(e));
    transport.on('state', (s) => states.push(s.state));
    const resumed = new Promise((resolve) => transport.on('resumed', resolve));
    await transport.join();
    // server message whose ack we will lose: emit it, then drop before the client can acknowledge
    server.sockets[0]!.conn.close();
    server.send('client-1', 'onDataStream', { id: BIG_ID, msg: 'while down' });
    transport.send('sendDataStream', [{ id: BIG_ID, msg: 'queued' }]);
    await resumed;
    expect(server.sockets).toHaveLength(2);
    expect((server.sockets[1]!.handshake.query as Record<string, string>)['clientId']).toBe('client-1');
    await waitFor(() => events.length === 1 || undefined);
    // a second replay of the same envelope is dropped
    server.sockets[1]!.emit('onDataStream', { socketgd: 1, msg: { id: BIG_ID, msg: 'while down' } });
    await waitFor(() => server.log.some(([e, a]) => e === 'sendDataStream' && JSON.stringify(a) === JSON.stringify({ socketgd: 0, msg: { id: BIG_ID, msg: 'queued' } })) || undefined);
    await new Promise((r) => setTimeout(r, 100));
    expect(events.filter((e) => e.name === 'onDataStream')).toHaveLength(1);
    expect(states).toContain('reconnecting');
    expect(transport.state).toBe('connected');
  });

  it('gives up with session-lost when the server no longer knows the clientId', async () => {
    const server = await startC();
    const transport = new DialectCTransport(tokenFor(server.port), { reconnect: { initialMs: 20, maxMs: 50 } });
    cleanups.push(() => transport.close());
    await transport.join();
    const lost = new Promise<LicodeError>((resolve) => transport.on('session-lost', resolve));
    server.forget();
    server.sockets[0]!.disconnect(true);
    const err = await lost;
    expect(err).toMatchObject({ code: 'connection-lost', message: expect.stringContaining('Connection already closed') });
    expect(transport.state).toBe('closed');
  });

  it('gives up after the bounded number of attempts when the server is gone', async () => {
    const server = await startC();
    const transport = new DialectCTransport(tokenFor(server.port), { reconnect: { initialMs: 10, maxMs: 20, maxAttempts: 3 }, connectTimeoutMs: 500 });
    cleanups.push(() => transport.close());
    await transport.join();
    const lost = new Promise<LicodeError>((resolve) => transport.on('session-lost', resolve));
    const attempts: number[] = [];
    transport.on('state', (s) => s.attempt && attempts.push(s.attempt));
    server.io.close();
    const err = await lost;
    expect(err.message).toMatch(/3 reconnection attempts failed/);
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('delivers clientDisconnection before closing the socket (§8 24b)', async () => {
    const server = await startC();
    const transport = new DialectCTransport(tokenFor(server.port));
    await transport.join();
    const closed = new Promise<void>((resolve) => server.sockets[0]!.on('disconnect', () => resolve()));
    await transport.close();
    await closed;
    expect(server.log.map(([e]) => e)).toContain('clientDisconnection');
    expect(transport.state).toBe('closed');
  });
});

/** A scripted dialect A server (socket.io 2): `token` event with the given accepted format. */
async function startA(opts: { format: 'bare' | 'wrapped'; clientId?: boolean }): Promise<{ port: number; sockets: V2Socket[]; log: Array<[string, unknown[]]>; closed: V2Socket[]; known: Set<string> }> {
  const known = new Set<string>(['abc']);
  const { http, port } = await listen();
  const io = ioV2Server(http, { transports: ['websocket'] });
  cleanups.push(() => io.close());
  const sockets: V2Socket[] = [];
  const closed: V2Socket[] = [];
  const log: Array<[string, unknown[]]> = [];
  io.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('disconnect', () => closed.push(socket));
    for (const name of ['reconnected', 'publish', 'signaling_message']) socket.on(name, (...args: unknown[]) => log.push([name, args.filter((a) => typeof a !== 'function')]));
    socket.on('token', (arg: Record<string, unknown>, cb: (...a: unknown[]) => void) => {
      const tok = (opts.format === 'wrapped' ? arg['token'] : arg) as Record<string, unknown> | undefined;
      if (!tok || tok['tokenId'] === undefined) {
        cb('error', 'Authentication error');
        return; // §8 24e: the socket is left open
      }
      if (tok['tokenId'] !== 'good') return cb('error', 'Token does not exist');
      cb('success', { streams: [], id: 'room', ...(opts.clientId ? { clientId: 'abc' } : {}), defaultVideoBW: 300, maxVideoBW: 300, iceServers: [{ url: 'stun:127.0.0.1:1' }] });
    });
    socket.on('publish', (_options: unknown, _sdp: unknown, cb: (...a: unknown[]) => void) => cb(null, null, 'ErizoJS is not reachable'));
    let bound = false;
    socket.on('token', () => (bound = true));
    socket.on('reconnected', (id: string) => (bound = known.has(id)));
    // a known client gets no ack for an unknown stream; a socket without a session gets 'Unauthorized' (§3.1)
    socket.on('subscribe', (_options: unknown, _sdp: unknown, cb: (...a: unknown[]) => void) => (bound ? undefined : cb(null, 'Unauthorized')));
  });
  return { port, sockets, log, closed, known };
}

describe('dialect A transport over socket.io 2', () => {
  it('sends the bare token (v4/v5) and reads publish errors from the third position', async () => {
    const server = await startA({ format: 'bare' });
    const transport = new DialectATransport(tokenFor(server.port));
    cleanups.push(() => transport.close());
    const info = await transport.join();
    expect(info.id).toBe('room');
    expect(transport.tokenFormatUsed).toBe('bare');
    expect(await transport.request('publish', [{ state: 'erizo' }, null])).toEqual([null, null, 'ErizoJS is not reachable']);
    expect(server.log[0]).toEqual(['publish', [{ state: 'erizo' }, null]]);
  });

  it('falls back to {token, singlePC} (v6) after "Authentication error" and closes the refused socket itself', async () => {
    const server = await startA({ format: 'wrapped' });
    const transport = new DialectATransport(tokenFor(server.port), { singlePC: false });
    cleanups.push(() => transport.close());
    await transport.join();
    expect(transport.tokenFormatUsed).toBe('wrapped');
    expect(server.sockets).toHaveLength(2);
    await waitFor(() => server.closed.includes(server.sockets[0]!) || undefined);
  });

  it('reports "Token does not exist" as token-refused without retrying', async () => {
    const server = await startA({ format: 'bare' });
    const transport = new DialectATransport(tokenFor(server.port, 'used'));
    await expect(transport.join()).rejects.toMatchObject({ code: 'token-refused', message: 'The server refused the token: Token does not exist.' });
    expect(server.sockets).toHaveLength(1);
    await waitFor(() => server.closed.length === 1 || undefined);
  });

  it('v5+: reconnects and emits reconnected(clientId); queued emits are flushed on the new socket', async () => {
    const server = await startA({ format: 'bare', clientId: true });
    const transport = new DialectATransport(tokenFor(server.port), { reconnect: { initialMs: 50, maxMs: 100 } });
    cleanups.push(() => transport.close());
    await transport.join();
    const resumed = new Promise((resolve) => transport.on('resumed', resolve));
    server.sockets[0]!.conn.close();
    await waitFor(() => transport.state === 'reconnecting' || undefined);
    transport.send('signaling_message', [{ streamId: BIG_ID, msg: { type: 'updatestream' } }]);
    await resumed;
    await waitFor(() => server.log.some(([e]) => e === 'signaling_message') || undefined);
    expect(server.log.map(([e, a]) => [e, a])).toEqual([
      ['reconnected', ['abc']],
      ['signaling_message', [{ streamId: BIG_ID, msg: { type: 'updatestream' } }]],
    ]);
  });

  it('v4: a lost socket is a lost session (no resumption in that generation)', async () => {
    const server = await startA({ format: 'bare' });
    const transport = new DialectATransport(tokenFor(server.port));
    await transport.join();
    const lost = new Promise<LicodeError>((resolve) => transport.on('session-lost', resolve));
    server.sockets[0]!.disconnect(true);
    expect((await lost).code).toBe('connection-lost');
  });

  it('v5+: detects that the server forgot the session (restart) although `reconnected` has no answer', async () => {
    const server = await startA({ format: 'bare', clientId: true });
    const transport = new DialectATransport(tokenFor(server.port), { reconnect: { initialMs: 20, maxMs: 50 } });
    cleanups.push(() => transport.close());
    await transport.join();
    const lost = new Promise<LicodeError>((resolve) => transport.on('session-lost', resolve));
    server.known.clear();
    server.sockets[0]!.conn.close();
    expect(await lost).toMatchObject({ code: 'connection-lost', message: expect.stringContaining('no longer knows this session') });
  });
});

// Integration tests of the signalling transports against real socket.io servers (v4 for dialect C, v2 for
// dialect A) on 127.0.0.1. The servers below are minimal stand-ins scripted per test, not the Licode test server.
import { afterEach, describe, expect, it } from 'vitest';
import { DialectCTransport } from '../../renderer/src/licode/transport-c';
import { DialectATransport } from '../../renderer/src/licode/transport-a';
import type { LicodeError } from '../../renderer/src/licode/errors';
import type { ServerEvent, TransportState } from '../../renderer/src/licode/transport';

import { BIG_ID, cleanups, listen, runCleanups, startA, startC, tokenFor, waitFor } from './scripted-servers';

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
    await expect(transport.request('subscribe', [{ options: { streamId: 1 }, sdp: null }])).rejects.toMatchObject({
      code: 'timeout',
      message: expect.stringContaining('"subscribe"'),
    });
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
    await waitFor(
      () =>
        server.log.some(([e, a]) => e === 'sendDataStream' && JSON.stringify(a) === JSON.stringify({ socketgd: 0, msg: { id: BIG_ID, msg: 'queued' } })) ||
        undefined,
    );
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

  it('gives up with session-lost on any other refusal from the server: only a connect proves the session', async () => {
    const server = await startC();
    const transport = new DialectCTransport(tokenFor(server.port), { reconnect: { initialMs: 20, maxMs: 50 } });
    cleanups.push(() => transport.close());
    await transport.join();
    const lost = new Promise<LicodeError>((resolve) => transport.on('session-lost', resolve));
    server.io.use((_socket, next) => {
      const err = new Error('Something unexpected') as Error & { data?: string };
      err.data = 'Something unexpected';
      next(err);
    });
    server.sockets[0]!.disconnect(true);
    expect(await lost).toMatchObject({ code: 'connection-lost', message: expect.stringContaining('Something unexpected') });
    expect(server.sockets).toHaveLength(1); // no second session was ever made on a socket
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

describe('dialect A transport over socket.io 2', () => {
  it('sends the bare token (v4/v5) and reads publish errors from the third position', async () => {
    const server = await startA({ format: 'bare' });
    const transport = new DialectATransport(tokenFor(server.port));
    cleanups.push(() => transport.close());
    const info = await transport.join();
    expect(info.id).toBe('room');
    expect(transport.tokenFormatUsed).toBe('bare');
    expect(await transport.request('publish', [{ state: 'erizo' }, null])).toEqual([null, null, 'ErizoJS is not reachable']);
    expect(server.log.find(([e]) => e === 'publish')).toEqual(['publish', [{ state: 'erizo' }, null]]);
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

  it('v5+: reconnects, emits reconnected(clientId), proves the session with stopRecorder and flushes queued emits', async () => {
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
    expect(server.log.filter(([e]) => e !== 'token')).toEqual([
      ['reconnected', ['abc-1']],
      // the liveness probe: a recording id no recording can have (Licode's are numbers), so nothing is stopped
      ['stopRecorder', [{ id: 'licode-desktop-liveness-probe' }]],
      ['signaling_message', [{ streamId: BIG_ID, msg: { type: 'updatestream' } }]],
    ]);
    expect(transport.state).toBe('connected');
  });

  it('v5+: a rebound client without the record right answers the probe (null, Unauthorized): still resumed', async () => {
    const server = await startA({ format: 'bare', clientId: true, recordRight: false });
    const transport = new DialectATransport(tokenFor(server.port), { reconnect: { initialMs: 50, maxMs: 100 } });
    cleanups.push(() => transport.close());
    await transport.join();
    const resumed = new Promise((resolve) => transport.on('resumed', resolve));
    const lost: LicodeError[] = [];
    transport.on('session-lost', (e) => lost.push(e));
    server.sockets[0]!.conn.close();
    await resumed;
    expect(lost).toEqual([]);
    expect(server.bound.get('abc-1')).toBe(server.sockets[1]);
  });

  it('v5+: delivers what the server flushed on the new socket before the probe was answered', async () => {
    const server = await startA({ format: 'bare', clientId: true });
    const transport = new DialectATransport(tokenFor(server.port), { reconnect: { initialMs: 50, maxMs: 100 } });
    cleanups.push(() => transport.close());
    const events: ServerEvent[] = [];
    transport.on('server-event', (e) => events.push(e));
    await transport.join();
    // The Channel's buffer is flushed as soon as `reconnected` rebinds the client, before stopRecorder is handled.
    server.buffered.push(['onRemoveStream', { id: BIG_ID }]);
    const resumed = new Promise((resolve) => transport.on('resumed', resolve));
    server.sockets[0]!.conn.close();
    await resumed;
    await waitFor(() => events.length === 1 || undefined);
    expect(events[0]).toMatchObject({ name: 'onRemoveStream', payload: { id: BIG_ID } });
  });

  it('v4: a lost socket is a lost session (no resumption in that generation)', async () => {
    const server = await startA({ format: 'bare' });
    const transport = new DialectATransport(tokenFor(server.port));
    await transport.join();
    const lost = new Promise<LicodeError>((resolve) => transport.on('session-lost', resolve));
    server.sockets[0]!.disconnect(true);
    expect((await lost).code).toBe('connection-lost');
  });

  it('v5+: a server that restarted stays silent after `reconnected` (as a real v5 controller): session lost within the probe wait', async () => {
    const server = await startA({ format: 'bare', clientId: true });
    const transport = new DialectATransport(tokenFor(server.port), { reconnect: { initialMs: 20, maxMs: 50 } });
    cleanups.push(() => transport.close());
    await transport.join();
    const lost = new Promise<LicodeError>((resolve) => transport.on('session-lost', resolve));
    const resumed: unknown[] = [];
    transport.on('resumed', (r) => resumed.push(r));
    server.known.clear(); // the controller restarted: it knows no client, and sockets without a session get no answer
    const droppedAt = Date.now();
    server.sockets[0]!.conn.close();
    expect(await lost).toMatchObject({ code: 'connection-lost', message: expect.stringContaining('no longer knows this session') });
    expect(Date.now() - droppedAt).toBeLessThan(4_000); // bounded: one probe wait, not the request timeout
    expect(resumed).toEqual([]); // the old probe read this silence as "alive" and reported a resumption
    expect(server.log.filter(([e]) => e === 'stopRecorder')).toEqual([]); // never reached a Client handler
    await waitFor(() => server.closed.includes(server.sockets[1]!) || undefined); // the sessionless socket is closed
  });
});

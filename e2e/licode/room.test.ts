// Room state machine in Node against a scripted dialect C server: data-only publications and subscriptions need
// no RTCPeerConnection, so stream bookkeeping, hostile input and session recovery are testable here.
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { Room } from '../../renderer/src/licode/room';
import type { RoomEvents } from '../../renderer/src/licode/room-types';
import type { ProbeSocket } from '../../renderer/src/licode/detect';
import { BIG_ID, cleanups, DATA_IDS, runCleanups, startA, startC, waitFor } from './scripted-servers';

afterEach(runCleanups);

const wsFactory = (url: string): ProbeSocket => new WebSocket(url) as unknown as ProbeSocket;
const noPeerConnections = (): RTCPeerConnection => {
  throw new Error('no peer connection expected in this test');
};
/** A data-only "MediaStream": the Room only asks it for its id and tracks. */
const dataStream = { id: 'data-label', getTracks: () => [], getAudioTracks: () => [], getVideoTracks: () => [] } as unknown as MediaStream;

function tokenText(port: number, tokenId = 'good'): string {
  return btoa(JSON.stringify({ tokenId, host: `127.0.0.1:${port}`, secure: false, signature: 'c2ln' }));
}

function record(room: Room): Array<{ event: keyof RoomEvents; payload: unknown }> {
  const log: Array<{ event: keyof RoomEvents; payload: unknown }> = [];
  for (const event of ['stream-added', 'stream-removed', 'stream-attributes', 'data', 'connection-state', 'publication-state', 'error'] as const) {
    room.on(event, (payload) => log.push({ event, payload }));
  }
  return log;
}

/** A room that rejoins quickly and counts the fresh tokens it asks for (its own join uses the token passed to join()). */
function rejoiningRoom(generation: 'A' | 'C', port: number): { room: Room; tokens: () => number } {
  let tokens = 0;
  const room = new Room({
    generation,
    peerConnectionFactory: noPeerConnections,
    statsIntervalMs: 0,
    reconnect: { initialMs: 20, maxMs: 50 },
    tokenProvider: async () => {
      tokens++;
      return tokenText(port);
    },
  });
  cleanups.push(() => room.leave());
  return { room, tokens: () => tokens };
}
describe('Room over a scripted dialect C server', () => {
  it('detects the generation, lists streams once whatever the server repeats, and survives hostile messages', async () => {
    const server = await startC({ streams: [{ id: BIG_ID, audio: 'true', video: { width: 640 }, data: true, label: 'l', attributes: { name: 'bob' } }] });
    const room = new Room({ probeSocketFactory: wsFactory, peerConnectionFactory: noPeerConnections, statsIntervalMs: 0 });
    cleanups.push(() => room.leave());
    const log = record(room);
    const joined = await room.join(tokenText(server.port));
    expect(joined).toMatchObject({ roomId: 'room', clientId: 'client-1', dialect: 'C', singlePC: false });
    expect(joined.streams.map((s) => [s.id, s.audio, s.video, s.attributes])).toEqual([[BIG_ID, true, true, { name: 'bob' }]]);

    server.send('client-1', 'onAddStream', { id: BIG_ID, audio: true, video: true, data: true, attributes: { name: 'bob' } }); // repeated
    server.send('client-1', 'onAddStream', { id: 'x' }); // malformed
    server.send('client-1', 'onRemoveStream', { id: 42 }); // unknown: ignored
    server.send('client-1', 'onUpdateAttributeStream', { id: BIG_ID, attrs: 'not an object' }); // ignored
    server.send('client-1', 'onUpdateAttributeStream', { id: BIG_ID, attrs: { name: 'Bob', muted: { audio: true } } });
    server.send('client-1', 'onDataStream', { id: BIG_ID, msg: { text: 'hi' } });
    server.send('client-1', 'connection_message_erizo', { connectionId: 'never-made', evt: { type: 'offer', sdp: 'v=0' } }); // buffered, then expires
    await waitFor(() => log.some((l) => l.event === 'data') || undefined);
    expect(log.filter((l) => l.event === 'stream-added')).toHaveLength(1);
    expect(log.filter((l) => l.event === 'error').map((l) => (l.payload as { code: string }).code)).toEqual(['malformed-message']);
    const bob = room.remoteStreams.get(BIG_ID)!;
    expect(bob.attributes).toEqual({ name: 'Bob', muted: { audio: true } });
    expect(bob.muted).toEqual({ audio: true, video: false });
    expect(room.state).toBe('connected');
    expect(room.livePeerConnections).toBe(0);
  });

  it('publishes data-only streams with attributes and mute state, and echoes 2^59-range ids exactly', async () => {
    const server = await startC({ streams: [] });
    const room = new Room({ generation: 'C', peerConnectionFactory: noPeerConnections, statsIntervalMs: 0 });
    cleanups.push(() => room.leave());
    await room.join(tokenText(server.port));
    const pub = await room.publish(dataStream, { attributes: { name: 'ana' } });
    expect(pub.streamId).toBe(DATA_IDS[0]);
    const published = server.log.find(([e]) => e === 'publish')![1] as { msg: { options: Record<string, unknown>; sdp: null } };
    expect(published.msg).toMatchObject({
      options: { state: 'data', label: 'data-label', attributes: { name: 'ana', muted: { audio: false, video: false } } },
      sdp: null,
    });
    await room.setAttributes(pub, { name: 'Ana' });
    await room.sendData(pub, { n: 1 });
    const attrs = server.log.find(([e]) => e === 'updateStreamAttributes')![1] as { msg: { id: number } };
    expect(JSON.stringify(attrs.msg)).toBe('{"id":576460752303423500,"attrs":{"name":"Ana","muted":{"audio":false,"video":false}}}');
    await expect(room.sendData(pub, { big: 'x'.repeat(1_000_000) })).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(room.setAttributes(pub, null as unknown as Record<string, unknown>)).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(room.subscribe(12345)).rejects.toMatchObject({ code: 'invalid-argument' });
  });

  it('rejoins with a fresh token when the server forgot the session, republishes and reconciles streams', async () => {
    const server = await startC({ streams: [{ id: BIG_ID, data: true, attributes: {} }] });
    const { room, tokens } = rejoiningRoom('C', server.port);
    const log = record(room);
    const attempts: RoomEvents['reconnect-attempt'][] = [];
    room.on('reconnect-attempt', (attempt) => attempts.push(attempt));
    await room.join(tokenText(server.port));
    await room.subscribe(BIG_ID); // data-only subscription: no peer connection
    const pub = await room.publish(dataStream);
    expect(pub.streamId).toBe(DATA_IDS[0]);
    server.forget(); // the server lost every session (restart)
    server.sockets[0]!.disconnect(true);
    await waitFor(() => (room.state === 'connected' && pub.streamId === DATA_IDS[1]) || undefined, 10_000);
    expect(tokens()).toBe(1);
    const states = log.filter((l) => l.event === 'connection-state').map((l) => (l.payload as { state: string }).state);
    expect(states).toEqual(['connecting', 'connected', 'reconnecting', 'recovering', 'connected']);
    // Every try is told, so the view can count them: the socket's reconnection, then the rejoin.
    expect(attempts).toEqual([
      { state: 'reconnecting', attempt: 1 },
      { state: 'recovering', attempt: 1 },
    ]);
    expect(server.log.filter(([e]) => e === 'publish')).toHaveLength(2);
    expect(server.log.filter(([e]) => e === 'subscribe')).toHaveLength(2); // the still-existing stream is resubscribed
    expect(log.filter((l) => l.event === 'stream-added')).toHaveLength(1); // never duplicated
    expect(room.remoteStreams.size).toBe(1);
  });

  it('reports a typed error and stops when the session is lost and no token provider was given', async () => {
    const server = await startC({ streams: [] });
    const room = new Room({ generation: 'C', peerConnectionFactory: noPeerConnections, statsIntervalMs: 0, reconnect: { initialMs: 20, maxMs: 50 } });
    const log = record(room);
    await room.join(tokenText(server.port));
    server.forget();
    server.sockets[0]!.disconnect(true);
    await waitFor(() => room.state === 'failed' || undefined);
    expect(log.find((l) => l.event === 'error')?.payload).toMatchObject({
      code: 'connection-lost',
      message: expect.stringContaining('Connection already closed'),
    });
    await expect(room.publish(dataStream)).rejects.toMatchObject({ code: 'not-connected' });
    await room.leave();
  });

  it('refuses to join with a bad token without touching the network, and a refused one with a typed error', async () => {
    const server = await startC({ streams: [] });
    await expect(new Room({ generation: 'C' }).join('garbage!')).rejects.toMatchObject({ code: 'token-invalid' });
    const room = new Room({ generation: 'C', statsIntervalMs: 0 });
    await expect(room.join(tokenText(server.port, 'used'))).rejects.toMatchObject({ code: 'token-refused' });
    expect(room.state).toBe('failed');
    expect(server.sockets).toHaveLength(0);
  });
});

describe('Room over a scripted dialect A v5 server', () => {
  it('a controller that restarted stays silent after `reconnected`: the room rejoins with a fresh token and republishes', async () => {
    const server = await startA({ format: 'bare', clientId: true });
    const { room, tokens } = rejoiningRoom('A', server.port);
    const log = record(room);
    await room.join(tokenText(server.port));
    const pub = await room.publish(dataStream, { attributes: { name: 'ana' } });
    expect(pub.streamId).toBe(DATA_IDS[0]);
    server.known.clear(); // restarted: no client is known, a socket without a session is never answered (§9.2)
    server.sockets[0]!.conn.close();
    await waitFor(() => (room.state === 'connected' && pub.streamId === DATA_IDS[1]) || undefined, 10_000);
    expect(tokens()).toBe(1);
    const states = log.filter((l) => l.event === 'connection-state').map((l) => (l.payload as { state: string }).state);
    // The old probe read the silence as a live session: 'reconnecting' → 'connected' with nothing republished.
    expect(states).toEqual(['connecting', 'connected', 'reconnecting', 'recovering', 'connected']);
    expect(server.log.filter(([e]) => e === 'reconnected').map(([, a]) => a)).toEqual([['abc-1']]);
    expect(server.log.filter(([e]) => e === 'publish').map(([, a]) => (a[0] as { attributes: unknown }).attributes)).toEqual([
      { name: 'ana', muted: { audio: false, video: false } },
      { name: 'ana', muted: { audio: false, video: false } },
    ]);
    expect(server.bound.get('abc-2')).toBe(server.sockets[2]); // the new session lives on the rejoin's socket
  });

  it('a live session answers the probe: the room resumes without a rejoin', async () => {
    const server = await startA({ format: 'bare', clientId: true });
    const { room, tokens } = rejoiningRoom('A', server.port);
    const log = record(room);
    await room.join(tokenText(server.port));
    const pub = await room.publish(dataStream);
    server.sockets[0]!.conn.close();
    await waitFor(() => log.filter((l) => l.event === 'connection-state').length === 4 || undefined, 10_000);
    expect(log.filter((l) => l.event === 'connection-state').map((l) => (l.payload as { state: string }).state)).toEqual([
      'connecting',
      'connected',
      'reconnecting',
      'connected',
    ]);
    expect(tokens()).toBe(0);
    expect(pub.streamId).toBe(DATA_IDS[0]);
    expect(server.log.filter(([e]) => e === 'publish')).toHaveLength(1);
  });
});

describe('Room publications that fail are retried', () => {
  function states(log: ReturnType<typeof record>): unknown[] {
    return log
      .filter((l) => l.event === 'publication-state')
      .map((l) => {
        const e = l.payload as { status: string; stage?: string; attempt?: number };
        return [e.status, e.stage, e.attempt];
      });
  }

  it('retries with back-off after an unanswered publish and an Erizo timeout, saying which, until ready', async () => {
    const server = await startC({ streams: [], publishFaults: ['withhold', 'erizo-unreachable'] });
    const room = new Room({ generation: 'C', peerConnectionFactory: noPeerConnections, statsIntervalMs: 0, requestTimeoutMs: 300 });
    cleanups.push(() => room.leave());
    const log = record(room);
    await room.join(tokenText(server.port));
    const started = Date.now();
    const pub = await room.publish(dataStream);
    expect(pub.streamId).toBe(DATA_IDS[0]);
    expect(pub.status).toBe('ready');
    expect(states(log)).toEqual([
      ['retrying', 'no-publish-answer', 1],
      ['retrying', 'refused', 2],
      ['ready', undefined, undefined],
    ]);
    // 0.3 s timeout + ~1 s + ~2 s of back-off (±25 %)
    expect(Date.now() - started).toBeGreaterThan(1_300);
    expect(server.log.filter(([e]) => e === 'publish')).toHaveLength(3);
  });

  it('drops a publication the server refuses for good (Unauthorized) without retrying', async () => {
    const server = await startC({ streams: [], publishFaults: ['unauthorized'] });
    const room = new Room({ generation: 'C', peerConnectionFactory: noPeerConnections, statsIntervalMs: 0 });
    cleanups.push(() => room.leave());
    const log = record(room);
    await room.join(tokenText(server.port));
    await expect(room.publish(dataStream)).rejects.toMatchObject({
      code: 'request-failed',
      detail: { stage: 'refused' },
      message: expect.stringContaining('Unauthorized'),
    });
    expect(states(log)).toEqual([['failed', 'refused', undefined]]);
    expect(room.publications).toHaveLength(0);
    expect(server.log.filter(([e]) => e === 'publish')).toHaveLength(1);
  });

  it('keeps a publication whose retries ran out and republishes it with the next rejoin', async () => {
    const server = await startC({ streams: [], publishFaults: ['erizo-unreachable', 'erizo-unreachable'] });
    const room = new Room({
      generation: 'C',
      peerConnectionFactory: noPeerConnections,
      statsIntervalMs: 0,
      maxMediaRecoveries: 1,
      reconnect: { initialMs: 20, maxMs: 50 },
      tokenProvider: async () => tokenText(server.port),
    });
    cleanups.push(() => room.leave());
    const log = record(room);
    await room.join(tokenText(server.port));
    const failed = await room.publish(dataStream).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 'media-failed', detail: { stage: 'refused' } });
    const pub = (failed as { detail: { publication: (typeof room.publications)[number] } }).detail.publication;
    expect(room.publications).toEqual([pub]);
    expect(pub.status).toBe('failed');
    // Before this change a failed publish was forgotten: rejoins restored subscriptions but never the camera.
    server.forget();
    server.sockets[0]!.disconnect(true);
    await waitFor(() => pub.status === 'ready' || undefined, 10_000);
    expect(pub.streamId).toBe(DATA_IDS[1]);
    expect(states(log).at(-1)).toEqual(['ready', undefined, undefined]);
    expect(server.log.filter(([e]) => e === 'publish')).toHaveLength(3);
  });
});

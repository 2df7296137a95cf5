// Dialect B (Licode v7–v8, docs/licode-protocol.md §4) through the public Room API against scripted socket.io 2
// servers: B's exact wire forms, v7's client offers and v8's server offers for subscriptions, and telling B from A3.
import { WebSocket } from 'ws';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeSocket } from '../../renderer/src/licode/detect';
import { Room } from '../../renderer/src/licode/room';
import type { RoomOptions } from '../../renderer/src/licode/room-types';
import { toPositional } from '../../renderer/src/licode/transport-b';
import { cameraStream, FakeMediaStream, FakePeerConnection, REMOTE_LABEL, startB, type ScriptedB } from './scripted-b';
import { BIG_ID, cleanups, runCleanups, startA, waitFor } from './scripted-servers';

afterEach(runCleanups);
beforeAll(() => {
  (globalThis as { MediaStream?: unknown }).MediaStream ??= FakeMediaStream;
});

const OTHER = 223456789012345680;
const wsFactory = (url: string): ProbeSocket => new WebSocket(url) as unknown as ProbeSocket;
const tokenText = (port: number): string => btoa(JSON.stringify({ tokenId: 'good', host: `127.0.0.1:${port}`, secure: false, signature: 'c2ln' }));
const remoteStream = { id: OTHER, audio: true, video: true, data: true, label: REMOTE_LABEL, attributes: { name: 'bob' } };

function bRoom(server: ScriptedB, options: RoomOptions): Room {
  const room = new Room({
    peerConnectionFactory: () => new FakePeerConnection() as unknown as RTCPeerConnection,
    probeSocketFactory: wsFactory,
    statsIntervalMs: 0,
    mediaTimeoutMs: 5_000,
    ...options,
  });
  cleanups.push(() => room.leave());
  return room;
}

const sent = (server: ScriptedB, event: string) => server.log.filter((e) => e.event === event);
const connectionMessages = (server: ScriptedB, type: string) =>
  sent(server, 'connectionMessage').filter((e) => (e.args[0] as { msg: { type: string } }).msg.type === type);

describe('dialect B (Licode v7–v8) on the wire', () => {
  it('forced B: wrapped token, positional publish, connectionMessage offer never acked, streamMessage and attributes unacked', async () => {
    const server = await startB('v8');
    const room = bRoom(server, { generation: 'B' });
    await expect(room.join(tokenText(server.port))).resolves.toMatchObject({ dialect: 'B', clientId: 'b-client' });
    expect(sent(server, 'token').map((e) => e.args)).toEqual([[{ token: expect.objectContaining({ tokenId: 'good' }), singlePC: false }]]);

    const publication = await room.publish(cameraStream(), { attributes: { name: 'ana' } });
    const [publish] = sent(server, 'publish');
    expect(publish!.args[1]).toBeNull(); // §8.3 #10: (options, null), not C's {options, sdp}
    expect(publish!.args[0]).toMatchObject({ state: 'erizo', audio: true, video: true, label: 'local-label' });
    expect(publish!.args[0]).not.toHaveProperty('encryptTransport');
    const [offer] = connectionMessages(server, 'offer');
    expect(offer!.args).toEqual([
      { connectionId: 'b-client_erizo-1_1', erizoId: 'erizo-1', msg: { type: 'offer', sdp: expect.stringContaining('v=0') }, browser: 'chrome-stable' },
      null,
    ]);
    expect(offer!.hasAck).toBe(false); // §8.3 #14: B never calls it, so we do not wait for it
    expect(publication.streamId).toBe(BIG_ID);

    // Mute and attributes resolve at once although the server acknowledges neither (§4.1, §8.3 #14).
    await room.mute(publication, { audio: true });
    await waitFor(() => sent(server, 'updateStreamAttributes').length === 1 || undefined);
    expect(sent(server, 'streamMessage').map((e) => e.args)).toEqual([
      [
        {
          streamId: BIG_ID,
          erizoId: 'erizo-1',
          msg: { type: 'updatestream', config: { muteStream: { audio: true, video: false } } },
          browser: 'chrome-stable',
        },
        null,
      ],
    ]);
    await room.setAttributes(publication, { name: 'ana b' });
    await waitFor(() => sent(server, 'updateStreamAttributes').length === 2 || undefined);
    expect(sent(server, 'updateStreamAttributes').at(-1)!.args[0]).toMatchObject({ id: BIG_ID, attrs: { name: 'ana b' } });
    await room.sendData(publication, { chat: 'hi' });
    await waitFor(() => sent(server, 'sendDataStream').length === 1 || undefined);
    expect(sent(server, 'sendDataStream').at(-1)!.args).toEqual([{ id: BIG_ID, msg: { chat: 'hi' } }]);
  });

  it('v8: subscriptions ask offerFromErizo and answer the server offer; we never offer for them', async () => {
    const server = await startB('v8', [remoteStream]);
    const room = bRoom(server, { generation: 'B' });
    await room.join(tokenText(server.port));
    const media = await room.subscribe(OTHER, {});
    expect(
      media
        ?.getTracks()
        .map((t) => t.kind)
        .sort(),
    ).toEqual(['audio', 'video']);
    const [subscribe] = sent(server, 'subscribe');
    expect(subscribe!.args).toEqual([expect.objectContaining({ streamId: OTHER, offerFromErizo: true, browser: 'chrome-stable' }), null]);
    await waitFor(() => connectionMessages(server, 'answer').length === 1 || undefined);
    expect(connectionMessages(server, 'answer').map((e) => (e.args[0] as { connectionId: string }).connectionId)).toEqual(['b-client_erizo-1_1']);
    expect(connectionMessages(server, 'offer')).toEqual([]);
  });

  it('v7: a server that ignores offerFromErizo gets our receive-only offer, and the next subscription offers at once', async () => {
    const server = await startB('v7', [remoteStream, { ...remoteStream, id: BIG_ID }]);
    const room = bRoom(server, { generation: 'B' });
    await room.join(tokenText(server.port));
    const started = Date.now();
    const media = await room.subscribe(OTHER, {});
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000); // waited for a server offer that never came
    expect(
      media
        ?.getTracks()
        .map((t) => t.kind)
        .sort(),
    ).toEqual(['audio', 'video']);
    const [offer] = connectionMessages(server, 'offer');
    expect(offer!.args[0]).toMatchObject({
      connectionId: 'b-client_erizo-1_1',
      msg: { type: 'offer', sdp: expect.stringContaining('audio:recvonly,video:recvonly') },
    });

    const second = Date.now();
    await room.subscribe(BIG_ID, {});
    expect(Date.now() - second).toBeLessThan(1_000); // the session learnt that this server waits for our offer
    expect(connectionMessages(server, 'offer').map((e) => (e.args[0] as { connectionId: string }).connectionId)).toEqual([
      'b-client_erizo-1_1',
      'b-client_erizo-1_2',
    ]);
  });

  it('auto: detection says "socket.io 2 without auth" (A1–B); the first publish ack with a connectionId turns the room into B', async () => {
    const server = await startB('v8', [remoteStream]);
    const room = bRoom(server, {});
    const joined = await room.join(tokenText(server.port));
    expect(joined.dialect).toBe('A'); // the join reply of v6 and v7/v8 is the same (§1.4)
    expect(room.generation).toEqual({ dialect: 'A', socketIo: 2 });
    // v4/v5's bare token first, refused with "Authentication error" (not consumed, §6.3), then v6+'s wrapped one
    expect(sent(server, 'token').map((e) => Object.keys(e.args[0] as object))).toEqual([
      ['tokenId', 'host', 'secure', 'signature'],
      ['token', 'singlePC'],
    ]);

    await room.publish(cameraStream(), {});
    expect(room.dialect).toBe('B');
    expect(room.generation).toEqual({ dialect: 'B', socketIo: 2 });
    expect(connectionMessages(server, 'offer')).toHaveLength(1);
    expect(sent(server, 'signaling_message')).toEqual([]);
    // From now on subscriptions ask the server to offer, as the v8 client does.
    await room.subscribe(OTHER, {});
    expect(sent(server, 'subscribe')[0]!.args[0]).toMatchObject({ offerFromErizo: true });
  });

  it('auto: a subscription acknowledged B-style before any publication offers itself (it did not ask the server to)', async () => {
    const server = await startB('v8', [remoteStream]);
    const room = bRoom(server, {});
    await room.join(tokenText(server.port));
    await room.subscribe(OTHER, {});
    expect(sent(server, 'subscribe')[0]!.args[0]).not.toHaveProperty('offerFromErizo');
    expect(connectionMessages(server, 'offer')).toHaveLength(1);
    expect(room.generation).toEqual({ dialect: 'B', socketIo: 2 });
  });

  it("auto: a v6 refusal's third element (the Erizo timeout reason) is not B's connectionId: the room stays A", async () => {
    const server = await startA({ format: 'wrapped', clientId: true });
    const room = new Room({
      peerConnectionFactory: () => new FakePeerConnection() as unknown as RTCPeerConnection,
      probeSocketFactory: wsFactory,
      statsIntervalMs: 0,
      maxMediaRecoveries: 0,
    });
    cleanups.push(() => room.leave());
    await room.join(tokenText(server.port));
    await expect(room.publish(cameraStream(), {})).rejects.toMatchObject({ message: expect.stringContaining('ErizoJS is not reachable') });
    expect(room.dialect).toBe('A');
    expect(room.generation).toEqual({ dialect: 'A', socketIo: 2 });
  });

  it('resumes a dropped socket with reconnected(clientId) and the liveness probe, then keeps signalling B-style', async () => {
    const server = await startB('v8');
    const room = bRoom(server, { generation: 'B', reconnect: { initialMs: 20, maxMs: 50 } });
    await room.join(tokenText(server.port));
    const publication = await room.publish(cameraStream(), {});
    const states: string[] = [];
    room.on('connection-state', ({ state }) => states.push(state));
    server.sockets[0]!.disconnect(true);
    await waitFor(() => states.includes('connected') || undefined);
    expect(sent(server, 'reconnected').map((e) => e.args)).toEqual([['b-client']]);
    await room.mute(publication, { video: true });
    await waitFor(() => sent(server, 'streamMessage').length === 1 || undefined);
    expect(server.sockets).toHaveLength(2);
  });
});

describe("B's positional form of C's {options, sdp} arguments (§8.3 #10)", () => {
  it('unwraps only the connection-oriented requests and leaves everything else alone', () => {
    expect(toPositional('connectionMessage', [{ options: { connectionId: 'c' }, sdp: null }])).toEqual([{ connectionId: 'c' }, null]);
    expect(toPositional('publish', [{ options: { state: 'erizo' } }])).toEqual([{ state: 'erizo' }, null]);
    expect(toPositional('publish', [{ state: 'erizo' }, null])).toEqual([{ state: 'erizo' }, null]); // already positional (A)
    expect(toPositional('sendDataStream', [{ options: 1, sdp: 2 }])).toEqual([{ options: 1, sdp: 2 }]);
    expect(toPositional('streamMessage', [null])).toEqual([null]);
  });
});

// Recording requests of the Licode client (Room.startRecording / stopRecording, renderer/src/licode/recording.ts)
// against the Licode test server in every generation it plays, and a scripted server for ids the test server does not
// hand out (fractional ones, §8.1 #2).
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordingError } from '../../renderer/src/licode/recording';
import { Room } from '../../renderer/src/licode/room';
import { SocketIo09, type WebSocket09 } from '../../renderer/src/licode/socketio-09/socket';
import type { SocketFactoryA } from '../../renderer/src/licode/transport-a';
import { createToken, startHarness, type Harness } from '../server/test/harness';
import { cleanups, runCleanups, startC, waitFor } from './scripted-servers';

afterEach(runCleanups);

/** Node has no global WebSocket: the 0.9 socket gets `ws`. */
const socketIo09InNode: SocketFactoryA = (url, { timeout }) =>
  new SocketIo09(url, { timeoutMs: timeout, createWebSocket: (u) => new WebSocket(u) as unknown as WebSocket09 });
const noPeerConnections = (): RTCPeerConnection => {
  throw new Error('no peer connection expected in this test');
};
/** A data-only "MediaStream": the Room only asks it for its id and tracks. */
const dataStream = { id: 'data-label', getTracks: () => [], getAudioTracks: () => [], getVideoTracks: () => [] } as unknown as MediaStream;

const GENERATIONS: Array<{ label: string; server: Parameters<typeof startHarness>[0]; generation: 'A0' | 'A' | 'B' | 'C1C2' | 'C' }> = [
  { label: 'A0 (Licode v3, socket.io 0.9)', server: { dialect: 'A', aVersion: 'v3' }, generation: 'A0' },
  { label: 'A (Licode v5)', server: { dialect: 'A', aVersion: 'v5' }, generation: 'A' },
  { label: 'B (Licode v8)', server: { dialect: 'B' }, generation: 'B' },
  { label: 'C1 (Licode v9, socket.io 2)', server: { dialect: 'C', cVersion: 'v9' }, generation: 'C1C2' },
  { label: 'C (current Licode)', server: { dialect: 'C' }, generation: 'C' },
];

async function joined(h: Harness, generation: 'A0' | 'A' | 'B' | 'C1C2' | 'C', role: string, requestTimeoutMs?: number): Promise<Room> {
  const room = new Room({
    generation,
    peerConnectionFactory: noPeerConnections,
    statsIntervalMs: 0,
    ...(generation === 'A0' ? { socketFactoryA: socketIo09InNode } : {}),
    ...(requestTimeoutMs ? { requestTimeoutMs } : {}),
  });
  cleanups.push(() => room.leave());
  await room.join(await createToken(h.server.restUrl, { username: role, role, room: 'basicExampleRoom' }));
  return room;
}

describe('recording a stream: startRecorder / stopRecorder', () => {
  for (const { label, server, generation } of GENERATIONS) {
    it(`${label}: records a participant's stream with the id exactly as the server made it, stops it, and says why it refuses`, async () => {
      const h = await startHarness({ ...server, real: true, bots: 1 });
      cleanups.push(() => h.server.close());
      const room = await joined(h, generation, 'presenter');
      const [bot] = [...room.remoteStreams.keys()];
      expect(bot).toBeTypeOf('number');

      const recordingId = await room.startRecording(bot!);
      const [listed] = await h.admin.recordings();
      // The server's own id (its Map key), compared as a number: the client kept every bit of it.
      expect(Object.is(listed!.recordingId, recordingId)).toBe(true);
      expect(listed).toMatchObject({ streamId: bot, active: true, stoppedAt: null });

      await room.stopRecording(recordingId); // found by the server only if the id came back bit for bit
      expect((await h.admin.recordings())[0]).toMatchObject({ active: false, stoppedAt: expect.any(Number) });
      await expect(room.stopRecording(recordingId)).rejects.toMatchObject({ code: 'request-failed', refusal: 'not-recording' });

      // A data-only publication is no media stream of the SFU; an unknown id has no publisher.
      const data = await room.publish(dataStream, { attributes: { name: 'data' } });
      await expect(room.startRecording(data.streamId!)).rejects.toMatchObject({
        refusal: 'not-recordable',
        message: expect.stringMatching(/cannot be recorded/),
      });
      await expect(room.startRecording(123)).rejects.toMatchObject({ refusal: 'publisher-missing', message: expect.stringMatching(/not being published/) });

      const viewer = await joined(h, generation, 'viewer');
      const refused = await viewer.startRecording(bot!).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(RecordingError);
      expect(refused).toMatchObject({ code: 'request-failed', refusal: 'no-right', message: 'Your role in this room is not allowed to record.' });
      expect((await h.admin.recordings()).length).toBe(1);

      // A recording ends with its publisher (Erizo drops the stream's outputs): stopping it then is "not being recorded".
      const second = await room.startRecording(bot!);
      await h.admin.killStream(bot!);
      expect((await h.admin.recordings())[1]).toMatchObject({ active: false, stoppedAt: null });
      await expect(room.stopRecording(second)).rejects.toMatchObject({ refusal: 'not-recording' });
    });
  }

  it('a recording request the server never answers is a timeout with a human message', async () => {
    const h = await startHarness({ dialect: 'C', real: true, bots: 1 });
    cleanups.push(() => h.server.close());
    const room = await joined(h, 'C', 'presenter', 300);
    await h.admin.withholdAcks('startRecorder');
    await expect(room.startRecording([...room.remoteStreams.keys()][0]!)).rejects.toMatchObject({
      code: 'timeout',
      message: 'The server did not answer the request to start a recording in time.',
    });
  });

  it('keeps a fractional recording id (Licode ≤ v2 style, random·1e18 below 2^53) and sends it back bit for bit', async () => {
    // 4503599627370495.5 and 0.1 + 0.2 are doubles whose shortest decimal is not what a careless conversion would print.
    for (const id of [4503599627370495.5, 0.1 + 0.2]) {
      const server = await startC({ streams: [{ id: 7, audio: true, video: true, data: true, attributes: {} }] });
      const stopped: unknown[] = [];
      const room = new Room({ generation: 'C', peerConnectionFactory: noPeerConnections, statsIntervalMs: 0 });
      cleanups.push(() => room.leave());
      await room.join(btoa(JSON.stringify({ tokenId: 'good', host: `127.0.0.1:${server.port}`, secure: false, signature: 'c2ln' })));
      const socket = await waitFor(() => server.sockets[0]);
      socket.on('startRecorder', (_envelope: unknown, ack: (...args: unknown[]) => void) => ack(id));
      socket.on('stopRecorder', (envelope: { msg: { id: unknown } }, ack: (...args: unknown[]) => void) => {
        stopped.push(envelope.msg.id);
        ack(true);
      });
      const recordingId = await room.startRecording(7);
      expect(Object.is(recordingId, id)).toBe(true);
      await room.stopRecording(recordingId);
      expect(Object.is(stopped[0], id)).toBe(true);
      await runCleanups();
    }
  });
});

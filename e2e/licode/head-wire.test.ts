// The Room against the Licode test server in dialect C (socket.io 4), whose events carry HEAD's wire form: every
// server event is `(event, {socketgd, msg}, null)` — the ReliableSocket's undefined ack serialised as a trailing null
// (HEAD common/ReliableSocket.js `_sendOnSocket`). Data-only streams, so no RTCPeerConnection is needed in Node.
import { afterEach, describe, expect, it } from 'vitest';
import { Room } from '../../renderer/src/licode/room';
import type { RoomEvents } from '../../renderer/src/licode/room-types';
import { createToken, startHarness, type Harness } from '../server/test/harness';

const noPeerConnections = (): RTCPeerConnection => {
  throw new Error('no peer connection expected in this test');
};
const dataStream = (id: string): MediaStream => ({ id, getTracks: () => [], getAudioTracks: () => [], getVideoTracks: () => [] }) as unknown as MediaStream;

let h: Harness | undefined;
const rooms: Room[] = [];

afterEach(async () => {
  for (const room of rooms.splice(0)) await room.leave().catch(() => undefined);
  await h?.server.close();
  h = undefined;
});

function record(room: Room): Array<{ event: keyof RoomEvents; payload: unknown }> {
  const log: Array<{ event: keyof RoomEvents; payload: unknown }> = [];
  for (const event of ['stream-added', 'stream-removed', 'stream-attributes', 'data', 'error'] as const) {
    room.on(event, (payload) => log.push({ event, payload }));
  }
  return log;
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('dialect C client against events with a trailing null', () => {
  it('joins, sees streams, attributes, data and a departure, and reports no malformed message', async () => {
    h = await startHarness({ dialect: 'C' });
    const join = async (name: string): Promise<{ room: Room; log: ReturnType<typeof record> }> => {
      const room = new Room({ generation: 'C', peerConnectionFactory: noPeerConnections, statsIntervalMs: 0 });
      rooms.push(room);
      const log = record(room);
      await room.join(await createToken(h!.server.restUrl, { username: name, role: 'presenter' }));
      return { room, log };
    };
    const alice = await join('alice');
    const bob = await join('bob');
    const pub = await alice.room.publish(dataStream('alice-data'), { attributes: { name: 'alice' } });
    await until(() => bob.log.some((l) => l.event === 'stream-added'));
    await bob.room.subscribe(pub.streamId!);
    await alice.room.setAttributes(pub, { name: 'Alice' });
    await alice.room.sendData(pub, { text: 'hi' });
    await until(() => bob.log.some((l) => l.event === 'data'));
    await until(() => bob.log.some((l) => l.event === 'stream-attributes'));
    await alice.room.leave(); // a data-only unpublish is never announced (§5.6); a departure is
    await until(() => bob.log.some((l) => l.event === 'stream-removed'));
    expect(bob.log.map((l) => l.event)).toEqual(['stream-added', 'stream-attributes', 'data', 'stream-removed']);
    expect(alice.log.filter((l) => l.event === 'error')).toEqual([]);
    expect(bob.log.filter((l) => l.event === 'error')).toEqual([]);
    expect(bob.room.state).toBe('connected');
  });
});

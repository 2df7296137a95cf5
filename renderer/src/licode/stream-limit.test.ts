// The stream cap (RoomOptions.maxRemoteStreams): a server or participant announcing thousands of streams makes the
// room list at most the cap, tell the app once, and stay cheap — in the join reply and as onAddStream events, in both
// dialects, driven through the public Room API against a fake socket.io socket.
import { afterEach, describe, expect, it } from 'vitest';
import { LicodeError } from './errors';
import { RemoteStreams } from './remote-streams';
import { Room } from './room';
import type { RoomEvents } from './room-types';
import type { IoSocketLike } from './transport';

const FIRST_ID = 2 ** 60;
/** Stream ids in the 2^60 range (not exact integers in JS), as Licode hands them out. */
const idOf = (n: number): number => FIRST_ID + n * 4096;
const streamsOf = (count: number, from = 0): Array<Record<string, unknown>> =>
  Array.from({ length: count }, (_, i) => ({ id: idOf(from + i), audio: true, video: true, data: true, attributes: { name: `p${from + i}` } }));
const token = btoa(JSON.stringify({ tokenId: 't', host: '127.0.0.1:9', secure: false, signature: 'c2ln' }));

/** A socket that joins at once with `streams` and lets the test push server events (C: in envelopes). */
class FloodSocket implements IoSocketLike {
  connected = false;
  #counter = 0;
  readonly #listeners = new Map<string, Array<(...args: unknown[]) => void>>();
  constructor(
    private readonly dialect: 'A' | 'C',
    private readonly streams: unknown[],
  ) {
    setTimeout(() => this.fire('connect'), 0);
    if (dialect === 'C') setTimeout(() => this.push('connected', this.joinInfo()), 1);
  }
  joinInfo(): Record<string, unknown> {
    return { streams: this.streams, id: 'room', clientId: 'client-1', defaultVideoBW: 300, maxVideoBW: 300, iceServers: [] };
  }
  on(event: string, listener: (...args: unknown[]) => void): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string, ...args: unknown[]): this {
    const ack = args[args.length - 1];
    if (typeof ack !== 'function') return this;
    setTimeout(() => (event === 'token' ? ack('success', this.joinInfo()) : ack()), 0);
    return this;
  }
  disconnect(): this {
    this.connected = false;
    return this;
  }
  push(event: string, msg: unknown): void {
    this.fire(event, this.dialect === 'C' ? { socketgd: this.#counter++, msg } : msg);
  }
  fire(event: string, ...args: unknown[]): void {
    if (event === 'connect') this.connected = true;
    for (const l of this.#listeners.get(event) ?? []) l(...args);
  }
}

const rooms: Room[] = [];
afterEach(async () => {
  for (const room of rooms.splice(0)) await room.leave();
});

async function floodedRoom(dialect: 'A' | 'C', joinList: unknown[], maxRemoteStreams?: number) {
  let socket!: FloodSocket;
  const factory = (): IoSocketLike => (socket = new FloodSocket(dialect, joinList));
  const room = new Room({
    generation: dialect,
    statsIntervalMs: 0,
    ...(maxRemoteStreams ? { maxRemoteStreams } : {}),
    ...(dialect === 'A' ? { socketFactoryA: factory, aTokenFormat: 'bare' as const } : { socketFactoryC: factory }),
  });
  rooms.push(room);
  const added: number[] = [];
  const limits: Array<RoomEvents['stream-limit']> = [];
  room.on('stream-added', (s) => added.push(s.id));
  room.on('stream-limit', (e) => limits.push(e));
  const started = performance.now();
  const joined = await room.join(token);
  return { room, socket, joined, added, limits, joinMs: performance.now() - started };
}

describe.each(['A', 'C'] as const)('the stream cap, dialect %s', (dialect) => {
  it('lists the first 500 of a 10,000-stream join reply, reports the limit once and joins quickly', async () => {
    const { room, joined, added, limits, joinMs } = await floodedRoom(dialect, streamsOf(10_000));
    expect(joined.streams).toHaveLength(500);
    expect(joined.streams[0]!.id).toBe(idOf(0));
    expect(joined.streams[499]!.id).toBe(idOf(499));
    expect(room.remoteStreams.size).toBe(500);
    expect(added).toHaveLength(500);
    expect(limits).toEqual([{ limit: 500 }]);
    expect(joinMs).toBeLessThan(1_000);
  });

  it('ignores onAddStream floods beyond a configured cap and lists a new stream again once one left', async () => {
    const { room, socket, added, limits } = await floodedRoom(dialect, streamsOf(10), 50);
    const started = performance.now();
    for (const stream of streamsOf(10_000, 10)) socket.push('onAddStream', stream);
    const floodMs = performance.now() - started;
    expect(room.remoteStreams.size).toBe(50);
    expect(added).toHaveLength(50);
    expect(limits).toEqual([{ limit: 50 }]);
    // Constant work per ignored event: 10,000 of them are handled in well under a second.
    expect(floodMs).toBeLessThan(1_000);
    socket.push('onAddStream', { id: idOf(20), audio: true, video: false, data: true, attributes: { name: 'renamed' } }); // known: refreshed
    expect(room.remoteStreams.get(idOf(20))!.attributes).toEqual({ name: 'renamed' });

    socket.push('onRemoveStream', { id: idOf(0) });
    socket.push('onAddStream', streamsOf(1, 20_000)[0]);
    expect(room.remoteStreams.has(idOf(20_000))).toBe(true);
    expect(room.remoteStreams.size).toBe(50);
    socket.push('onAddStream', streamsOf(1, 20_001)[0]); // over again: reported again
    expect(limits).toEqual([{ limit: 50 }, { limit: 50 }]);
  });
});

describe('RemoteStreams', () => {
  it('converts only the join list entries it lists', () => {
    const added: unknown[] = [];
    const remotes = new RemoteStreams(
      (event, payload) => event === 'stream-added' && added.push(payload),
      () => undefined,
      2,
    );
    // An entry beyond the cap would throw if it were converted (attributes that are not a record fail the schema).
    const poisoned = {
      id: idOf(3),
      attributes: {
        get name(): never {
          throw new Error('converted an ignored stream');
        },
      },
    };
    remotes.applyJoinList([...streamsOf(2), poisoned] as never, false);
    expect(added).toHaveLength(2);
  });
});

describe('Room options', () => {
  it.each([0, -1, 2.5, Number.NaN])('refuses maxRemoteStreams %s with a clear error', (limit) => {
    expect(() => new Room({ maxRemoteStreams: limit })).toThrow(LicodeError);
    expect(() => new Room({ maxRemoteStreams: limit })).toThrow(/maxRemoteStreams must be a whole number of at least 1/);
  });
});

// RoomOptions.knownGeneration (a generation remembered per server profile) and Room.generation: a remembered
// generation replaces the probe, a forced one wins over both, and the room reports what it speaks.
import { afterEach, describe, expect, it } from 'vitest';
import type { ProbeSocket } from './detect';
import { Room } from './room';
import type { IoSocketLike } from './transport';

const token = btoa(JSON.stringify({ tokenId: 't', host: '127.0.0.1:9', secure: false, signature: 'c2ln' }));
const joinInfo = { streams: [], id: 'room', clientId: 'client-1', singlePC: false, defaultVideoBW: 300, maxVideoBW: 300, iceServers: [] };

/** A socket.io socket that connects and joins at once (C: `connected`; A: `token` acknowledged with success). */
class JoiningSocket implements IoSocketLike {
  connected = false;
  readonly #listeners = new Map<string, Array<(...args: unknown[]) => void>>();
  constructor(dialect: 'A' | 'C') {
    setTimeout(() => this.#fire('connect'), 0);
    if (dialect === 'C') setTimeout(() => this.#fire('connected', { socketgd: 0, msg: joinInfo }), 1);
  }
  on(event: string, listener: (...args: unknown[]) => void): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string, ...args: unknown[]): this {
    const ack = args[args.length - 1];
    if (typeof ack !== 'function') return this;
    const reply = ack as (...a: unknown[]) => void;
    setTimeout(() => (event === 'token' ? reply('success', joinInfo) : reply()), 0);
    return this;
  }
  disconnect(): this {
    this.connected = false;
    return this;
  }
  #fire(event: string, ...args: unknown[]): void {
    if (event === 'connect') this.connected = true;
    for (const listener of this.#listeners.get(event) ?? []) listener(...args);
  }
}

/** A probe socket answering like a socket.io 4 server with Licode's token check (§1.4: C3). */
function c3ProbeSocket(): ProbeSocket {
  const socket: ProbeSocket = {
    onopen: null,
    onmessage: null,
    onerror: null,
    onclose: null,
    send: (data) => {
      if (data === '40') setTimeout(() => socket.onmessage?.({ data: '44{"message":"token: Authentication error"}' }), 0);
    },
    close: () => undefined,
  };
  setTimeout(() => socket.onmessage?.({ data: '0{"sid":"x","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}' }), 0);
  return socket;
}

const rooms: Room[] = [];
afterEach(async () => {
  for (const room of rooms.splice(0)) await room.leave();
});

function counters() {
  const count = { probes: 0, a: 0, c: 0 };
  return {
    count,
    factories: {
      probeSocketFactory: () => (count.probes++, c3ProbeSocket()),
      socketFactoryA: () => (count.a++, new JoiningSocket('A')),
      socketFactoryC: () => (count.c++, new JoiningSocket('C')),
      aTokenFormat: 'bare' as const,
      statsIntervalMs: 0,
    },
  };
}

describe('the generation a room speaks', () => {
  it('is probed when nothing is known, and reported after the join', async () => {
    const { count, factories } = counters();
    const room = new Room({ generation: 'auto', ...factories });
    rooms.push(room);
    expect(room.generation).toBeNull();
    await room.join(token);
    expect(count).toEqual({ probes: 1, a: 0, c: 1 });
    expect(room.generation).toEqual({ dialect: 'C', socketIo: 4 });
  });

  it('is taken from knownGeneration without a probe', async () => {
    const { count, factories } = counters();
    const room = new Room({ generation: 'auto', knownGeneration: { dialect: 'A', socketIo: 2 }, ...factories });
    rooms.push(room);
    const joined = await room.join(token);
    expect(count).toEqual({ probes: 0, a: 1, c: 0 });
    expect(joined.dialect).toBe('A');
    expect(room.generation).toEqual({ dialect: 'A', socketIo: 2 });
  });

  it('is the forced one when the profile forces a generation, whatever is known', async () => {
    const { count, factories } = counters();
    const room = new Room({ generation: 'C', knownGeneration: { dialect: 'A', socketIo: 2 }, ...factories });
    rooms.push(room);
    await room.join(token);
    expect(count).toEqual({ probes: 0, a: 0, c: 1 });
    expect(room.generation).toEqual({ dialect: 'C', socketIo: 4 });
  });

  it('forced to Licode v9–v10 (C1C2): dialect C on socket.io 2 without a probe', async () => {
    const { count, factories } = counters();
    const room = new Room({ generation: 'C1C2', ...factories });
    rooms.push(room);
    const joined = await room.join(token);
    expect(count).toEqual({ probes: 0, a: 0, c: 1 });
    expect(joined.dialect).toBe('C');
    expect(room.generation).toEqual({ dialect: 'C', socketIo: 2 });
  });
});

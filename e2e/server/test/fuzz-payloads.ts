/**
 * Random and hostile client payloads for the fuzz tests: wrong types, huge and deep objects, prototype-pollution
 * keys, string/NaN/Infinity ids, missing arguments, binary. Deterministic for a given seed.
 */
export class Rng {
  constructor(private state: number) {}

  next(): number {
    // mulberry32
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'then',
  'socketgd',
  'msg',
  'options',
  'id',
  'streamId',
  'connectionId',
  'erizoId',
];
const SDP_SNIPPETS = [
  'v=0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=candidate:1 1 udp 1 127.0.0.1 9 typ host',
  'a=setup:actpass',
  'a=group:BUNDLE 0 1',
  'a=fingerprint:sha-256 ZZ',
  'a=ice-ufrag:',
  'm=video 0 RTP/AVP 96',
  'a=rid:1 send',
  'a=simulcast:send 1;2;3',
  'a=msid:x y',
];

export interface FuzzContext {
  /** Real ids the fuzzer may reuse (to reach real state, not only "not found"). */
  streamIds: number[];
  connectionIds: string[];
  erizoIds: string[];
  clientIds: string[];
}

export function hostileValue(r: Rng, ctx: FuzzContext, depth = 0): unknown {
  const choice = r.int(depth > 3 ? 14 : 22);
  switch (choice) {
    case 0:
      return null;
    case 1:
      return undefined;
    case 2:
      return r.chance(0.5);
    case 3:
      return r.pick([0, -1, 1, 2 ** 53, 2 ** 53 + 2, 2 ** 60, -(2 ** 60), 1e308, -0, 0.5, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE]);
    case 4:
      return r.pick([NaN, Infinity, -Infinity]);
    case 5:
      return Math.floor(1e17 + r.next() * 9e17);
    case 6:
      return ctx.streamIds.length ? r.pick(ctx.streamIds) : 123456789012345680;
    case 7:
      return ctx.streamIds.length ? String(r.pick(ctx.streamIds)) : '123456789012345680';
    case 8:
      return r.pick([
        '',
        'erizo',
        'data',
        'p2p',
        'url',
        'recording',
        'offer',
        'answer',
        'candidate',
        'end',
        'updatestream',
        'control',
        '\u0000',
        '💥'.repeat(50),
        'a=candidate:',
      ]);
    case 9:
      return 'x'.repeat(r.pick([1000, 10_000, 100_000]));
    case 10:
      return Array.from({ length: 1 + r.int(12) }, () => r.pick(SDP_SNIPPETS)).join(r.pick(['\r\n', '\n', '']));
    case 11:
      return Buffer.from(Array.from({ length: r.int(2048) }, () => r.int(256)));
    case 12:
      return ctx.connectionIds.length ? r.pick(ctx.connectionIds) : 'conn';
    case 13:
      return ctx.clientIds.length ? r.pick(ctx.clientIds) : 'client';
    case 14:
    case 15:
      return Array.from({ length: r.int(6) }, () => hostileValue(r, ctx, depth + 1));
    case 16:
    case 17:
    case 18:
      return hostileObject(r, ctx, depth);
    case 19:
      return deep(r.pick([50, 300, 1000]), r.chance(0.5));
    case 20:
      return Object.fromEntries(Array.from({ length: r.pick([100, 2000]) }, (_, i) => [`k${i}`, i]));
    default:
      return JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
  }
}

function hostileObject(r: Rng, ctx: FuzzContext, depth: number): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const n = r.int(6);
  for (let i = 0; i < n; i += 1) {
    const key = r.chance(0.5)
      ? r.pick(HOSTILE_KEYS)
      : r.pick(['state', 'audio', 'video', 'data', 'label', 'attributes', 'type', 'sdp', 'candidate', 'msg', 'peerSocket', 'to', 'attrs', `k${r.int(100)}`]);
    Object.defineProperty(o, key, { value: hostileValue(r, ctx, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return o;
}

function deep(levels: number, arrays: boolean): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < levels; i += 1) v = arrays ? [v] : { d: v };
  return v;
}

/** A plausible-looking but mangled version of a real message shape, so handlers get past their first checks. */
export function mangledMessage(r: Rng, ctx: FuzzContext, event: string): unknown {
  const v = () => hostileValue(r, ctx, 2);
  const streamId = r.chance(0.6) && ctx.streamIds.length ? r.pick(ctx.streamIds) : v();
  const connectionId = r.chance(0.6) && ctx.connectionIds.length ? r.pick(ctx.connectionIds) : v();
  const erizoId = r.chance(0.7) && ctx.erizoIds.length ? r.pick(ctx.erizoIds) : v();
  const signal = r.pick([
    { type: 'offer', sdp: v() },
    { type: 'answer', sdp: v() },
    {
      type: 'candidate',
      candidate: r.chance(0.5) ? { sdpMLineIndex: v(), sdpMid: v(), candidate: r.pick(['a=candidate:1 1 udp 1 127.0.0.1 9 typ host', 'end', v()]) } : v(),
    },
    { type: 'updatestream', config: v(), sdp: v() },
    { type: 'control', action: { name: r.pick(['controlhandlers', '__proto__', v()]), enable: v() } },
    { type: 'failed' },
    { type: 'offer-error', sdp: v() },
    { type: v() },
  ]);
  switch (event) {
    case 'publish':
      return {
        options: {
          state: r.pick(['erizo', 'erizo', 'erizo', 'data', 'p2p', 'url', 'recording', v()]),
          audio: v(),
          video: v(),
          data: v(),
          label: v(),
          attributes: v(),
          minVideoBW: v(),
          maxVideoBW: v(),
        },
        sdp: v(),
      };
    case 'subscribe':
      return { options: { streamId, audio: v(), video: v(), data: v(), maxVideoBW: v() }, sdp: v() };
    case 'connectionMessage':
      return { options: { connectionId, erizoId, msg: signal, browser: v() }, sdp: v() };
    case 'streamMessage':
      return { options: { streamId, erizoId, msg: signal }, sdp: v() };
    case 'streamMessageP2P':
      return { options: { streamId, peerSocket: r.chance(0.5) && ctx.clientIds.length ? r.pick(ctx.clientIds) : v(), msg: v() }, sdp: v() };
    case 'signaling_message':
      return { streamId, msg: signal, peerSocket: v(), browser: v() };
    case 'sendDataStream':
      return { id: streamId, msg: v() };
    case 'updateStreamAttributes':
      return { id: streamId, attrs: v() };
    case 'startRecorder':
      return { to: streamId };
    case 'stopRecorder':
      return { id: v() };
    case 'socketgd_ack':
      return { id: v() };
    default:
      return r.chance(0.5) ? streamId : v();
  }
}

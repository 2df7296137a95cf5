// Adaptive subscriptions, simulcast publishing and initial mute, driven through the public Room API against fake
// socket.io sockets (both dialects) and fake peer connections: asserts exactly what goes on the wire.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Room } from './room';
import type { DetectedGeneration } from './detect';
import type { IoSocketLike } from './transport';

const STREAM = 123456789012345680;
const OTHER = 223456789012345680;
const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Node has no MediaStream: the Room only creates one per subscription and adds received tracks to it. */
class FakeMediaStream {
  readonly id = 'ms';
  #tracks: Array<{ kind: string }> = [];
  getTracks = (): Array<{ kind: string }> => [...this.#tracks];
  getAudioTracks = (): Array<{ kind: string }> => this.#tracks.filter((t) => t.kind === 'audio');
  getVideoTracks = (): Array<{ kind: string }> => this.#tracks.filter((t) => t.kind === 'video');
  addTrack = (t: { kind: string }): void => void this.#tracks.push(t);
  removeTrack = (t: { kind: string }): void => void (this.#tracks = this.#tracks.filter((x) => x !== t));
}
beforeAll(() => {
  (globalThis as { MediaStream?: unknown }).MediaStream ??= FakeMediaStream;
});

/** Enough of RTCPeerConnection for the Room to create connections, add transceivers and offer. */
class FakePeerConnection extends EventTarget {
  signalingState: RTCSignalingState = 'stable';
  connectionState: RTCPeerConnectionState = 'new';
  iceConnectionState: RTCIceConnectionState = 'new';
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  transceivers: Array<{ kind: string; init: RTCRtpTransceiverInit | undefined; sender: object; receiver: object; stop(): void }> = [];
  closed = false;
  addTransceiver(trackOrKind: { kind: string } | string, init?: RTCRtpTransceiverInit): object {
    const t = {
      kind: typeof trackOrKind === 'string' ? trackOrKind : trackOrKind.kind,
      init,
      sender: { track: trackOrKind },
      receiver: {},
      stop: () => undefined,
    };
    this.transceivers.push(t);
    return t;
  }
  getSenders = (): object[] => this.transceivers.map((t) => t.sender);
  getTransceivers = (): object[] => this.transceivers;
  createOffer = async (): Promise<RTCSessionDescriptionInit> => ({ type: 'offer', sdp: 'v=0\r\n' });
  setLocalDescription = async (d?: RTCSessionDescriptionInit): Promise<void> => {
    this.localDescription = d ?? { type: 'offer', sdp: 'v=0\r\n' };
  };
  setRemoteDescription = async (d: RTCSessionDescriptionInit): Promise<void> => {
    this.remoteDescription = d;
  };
  addIceCandidate = async (): Promise<void> => undefined;
  restartIce = (): void => undefined;
  getStats = async (): Promise<Map<string, unknown>> => new Map();
  close(): void {
    this.closed = true;
    this.signalingState = 'closed';
  }
}

type Ack = (...args: unknown[]) => void;
type Sent = { event: string; args: unknown[] };

/**
 * A scripted Licode server behind a fake socket. `hold` keeps the next acks of an event for the test to release.
 * Dialect C wraps every client payload in an envelope (§5.2); `payload()` unwraps it.
 */
class FakeServer {
  sent: Sent[] = [];
  socket: FakeSocket | null = null;
  held = new Map<string, Ack[]>();
  holding = new Set<string>();
  connectionCounter = 0;
  constructor(
    readonly dialect: 'A' | 'C',
    readonly streams: unknown[],
  ) {}

  factory = (): IoSocketLike => {
    const socket = new FakeSocket(this);
    this.socket = socket;
    setTimeout(() => socket.fire('connect'), 0);
    if (this.dialect === 'C') {
      setTimeout(() => socket.fire('connected', { socketgd: 0, msg: this.joinInfo() }), 1);
    }
    return socket;
  };

  joinInfo(): Record<string, unknown> {
    return { streams: this.streams, id: 'room', clientId: 'client-1', singlePC: false, defaultVideoBW: 300, maxVideoBW: 300, iceServers: [] };
  }

  /** The Licode payload of a sent event (C: the envelope's msg; A: the first positional argument). */
  payloads(event: string): unknown[] {
    return this.sent.filter((s) => s.event === event).map((s) => (this.dialect === 'C' ? (s.args[0] as { msg: unknown }).msg : s.args[0]));
  }

  /** Server → client event (C: inside an envelope). */
  push(event: string, msg: unknown): void {
    this.socket!.fire(event, this.dialect === 'C' ? { socketgd: ++this.socket!.serverCounter, msg } : msg);
  }

  release(event: string): void {
    for (const ack of this.held.get(event)?.splice(0) ?? []) this.answer(event, ack);
  }

  handle(event: string, args: unknown[]): void {
    const ack = typeof args[args.length - 1] === 'function' ? (args[args.length - 1] as Ack) : undefined;
    const plain = ack ? args.slice(0, -1) : args;
    if (event !== 'socketgd_ack') this.sent.push({ event, args: plain });
    if (this.dialect === 'C' && event !== 'socketgd_ack') {
      const id = (plain[0] as { socketgd?: number } | undefined)?.socketgd;
      if (id !== undefined) setTimeout(() => this.socket?.fire('socketgd_ack', { id }), 0);
    }
    if (!ack) return;
    if (this.holding.has(event)) {
      this.held.set(event, [...(this.held.get(event) ?? []), ack]);
      return;
    }
    this.answer(event, ack);
  }

  answer(event: string, ack: Ack): void {
    setTimeout(() => {
      switch (event) {
        case 'token':
          return ack('success', this.joinInfo());
        case 'publish':
          return this.dialect === 'C' ? ack(STREAM + 1, 'erizo-1', `client-1_erizo-1_${++this.connectionCounter}`) : ack(STREAM + 1);
        case 'subscribe':
          return this.dialect === 'C' ? ack(true, 'erizo-1', `client-1_erizo-1_${++this.connectionCounter}`) : ack(true);
        case 'unsubscribe':
          return ack(true);
        default:
          return ack();
      }
    }, 0);
  }
}

class FakeSocket implements IoSocketLike {
  connected = false;
  serverCounter = 0;
  readonly #listeners = new Map<string, Array<(...args: unknown[]) => void>>();
  constructor(private readonly server: FakeServer) {}
  on(event: string, listener: (...args: unknown[]) => void): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string, ...args: unknown[]): this {
    this.server.handle(event, args);
    return this;
  }
  disconnect(): this {
    this.connected = false;
    return this;
  }
  fire(event: string, ...args: unknown[]): void {
    if (event === 'connect') this.connected = true;
    for (const l of this.#listeners.get(event) ?? []) l(...args);
  }
}

const token = btoa(JSON.stringify({ tokenId: 't', host: '127.0.0.1:9', secure: false, signature: 'c2ln' }));
const rooms: Room[] = [];
afterEach(async () => {
  for (const r of rooms.splice(0)) await r.leave();
});

async function joined(
  dialect: 'A' | 'C',
  streams: unknown[] = [{ id: STREAM, audio: true, video: true, data: true, label: 'bob', attributes: {} }],
  knownGeneration?: DetectedGeneration,
) {
  const server = new FakeServer(dialect, streams);
  const pcs: FakePeerConnection[] = [];
  const room = new Room({
    ...(knownGeneration ? { generation: 'auto' as const, knownGeneration } : { generation: dialect }),
    statsIntervalMs: 0,
    mediaTimeoutMs: 60_000,
    peerConnectionFactory: () => {
      const pc = new FakePeerConnection();
      pcs.push(pc);
      return pc as unknown as RTCPeerConnection;
    },
    ...(dialect === 'A' ? { socketFactoryA: server.factory, aTokenFormat: 'bare' as const } : { socketFactoryC: server.factory }),
  });
  rooms.push(room);
  const errors: string[] = [];
  room.on('error', (e) => errors.push(`${e.code}: ${e.message}`));
  await room.join(token);
  return { server, room, pcs, errors };
}

/** Start a subscription and wait until the server acknowledged it (media never becomes ready in these tests). */
async function subscribed(ctx: Awaited<ReturnType<typeof joined>>, options: Parameters<Room['subscribe']>[1] = {}): Promise<void> {
  void ctx.room.subscribe(STREAM, options).catch(() => undefined); // settles when the room leaves
  await waitUntil(() => ctx.room.remoteStreams.get(STREAM)?.subscribed);
}

/** Deliver the subscription's tracks on its newest peer connection and the server's `ready`: subscribe() resolves. */
async function makeReady(ctx: Awaited<ReturnType<typeof joined>>): Promise<void> {
  const pc = ctx.pcs[ctx.pcs.length - 1]!;
  for (const kind of ['audio', 'video']) {
    const ev = Object.assign(new Event('track'), { track: { kind, id: `${kind}-${ctx.pcs.length}` }, receiver: { track: { kind } }, streams: [{ id: 'bob' }] });
    pc.dispatchEvent(ev);
  }
  if (ctx.server.dialect === 'C')
    ctx.server.push('connection_message_erizo', { connectionId: `client-1_erizo-1_${ctx.server.connectionCounter}`, info: 104, evt: { type: 'ready' } });
  else ctx.server.push('signaling_message_erizo', { mess: { type: 'ready' }, peerId: STREAM });
  await waitUntil(() => ctx.room.remoteStreams.get(STREAM)?.mediaStream);
}

async function waitUntil(fn: () => unknown, ms = 2_000): Promise<void> {
  const start = Date.now();
  while (!fn()) {
    if (Date.now() - start > ms) throw new Error('condition not met');
    await tick(5);
  }
}

const track = (kind: string) => ({ kind, id: kind, enabled: true });
function camera(): MediaStream & { tracks: Array<{ kind: string; enabled: boolean }> } {
  const tracks = [track('audio'), track('video')];
  return {
    id: 'camera-label',
    tracks,
    getTracks: () => tracks,
    getAudioTracks: () => tracks.filter((t) => t.kind === 'audio'),
    getVideoTracks: () => tracks.filter((t) => t.kind === 'video'),
  } as unknown as MediaStream & { tracks: Array<{ kind: string; enabled: boolean }> };
}

describe('room.updateSubscription, dialect C (streamMessage, §5.3)', () => {
  it('sends updatestream with the subscription erizoId, exact shapes for caps and for clearing them', async () => {
    const ctx = await joined('C');
    await subscribed(ctx);
    await ctx.room.updateSubscription(STREAM, { maxResolution: { width: 320, height: 180, frameRate: 15 }, maxVideoBW: 200 });
    await ctx.room.updateSubscription(ctx.room.remoteStreams.get(STREAM)!, { qualityLayer: { spatialLayer: 0, temporalLayer: 1 } });
    await ctx.room.updateSubscription(STREAM, { maxResolution: null, qualityLayer: null });
    expect(ctx.server.payloads('streamMessage')).toEqual([
      {
        options: {
          streamId: STREAM,
          erizoId: 'erizo-1',
          msg: { type: 'updatestream', config: { video: { width: 320, height: 180, frameRate: 15 }, maxVideoBW: 200 } },
          browser: 'chrome-stable',
        },
        sdp: null,
      },
      {
        options: {
          streamId: STREAM,
          erizoId: 'erizo-1',
          msg: { type: 'updatestream', config: { qualityLayer: { spatialLayer: 0, temporalLayer: 1 } } },
          browser: 'chrome-stable',
        },
        sdp: null,
      },
      {
        options: {
          streamId: STREAM,
          erizoId: 'erizo-1',
          msg: { type: 'updatestream', config: { video: true, qualityLayer: { spatialLayer: -1, temporalLayer: -1 } } },
          browser: 'chrome-stable',
        },
        sdp: null,
      },
    ]);
    expect(JSON.stringify(ctx.server.sent.find((s) => s.event === 'streamMessage')!.args[0])).toContain('"streamId":123456789012345680');
  });

  it('keeps the caps and re-applies them on every resubscribe (recovery after a failed connection)', async () => {
    const ctx = await joined('C');
    await subscribed(ctx, { maxResolution: { width: 640, height: 360 } });
    await makeReady(ctx);
    const first = ctx.server.payloads('subscribe')[0] as { options: Record<string, unknown> };
    expect(first.options).toMatchObject({ streamId: STREAM, video: { width: 640, height: 360 }, audio: true, data: true });
    expect(first.options).not.toHaveProperty('maxVideoBW');
    await ctx.room.updateSubscription(STREAM, {
      maxResolution: { width: 320, height: 180 },
      maxVideoBW: 150,
      qualityLayer: { spatialLayer: 1, temporalLayer: -1 },
    });

    ctx.server.push('connection_message_erizo', { connectionId: 'client-1_erizo-1_1', info: 500, evt: { type: 'failed' } });
    await waitUntil(() => ctx.server.payloads('subscribe').length === 2);
    const again = ctx.server.payloads('subscribe')[1] as { options: Record<string, unknown> };
    expect(again.options).toMatchObject({ streamId: STREAM, video: { width: 320, height: 180 }, maxVideoBW: 150 });
    // the layer is not a subscribe option: it follows as updatestream once the server acknowledged
    await waitUntil(() => ctx.server.payloads('streamMessage').length === 2);
    expect(ctx.server.payloads('streamMessage')[1]).toEqual({
      options: {
        streamId: STREAM,
        erizoId: 'erizo-1',
        msg: { type: 'updatestream', config: { video: { width: 320, height: 180 }, maxVideoBW: 150, qualityLayer: { spatialLayer: 1, temporalLayer: -1 } } },
        browser: 'chrome-stable',
      },
      sdp: null,
    });
    // the failed subscription was torn down on the server first (one unsubscribe), and the caps survived it
    expect(ctx.server.sent.filter((s) => s.event === 'unsubscribe')).toHaveLength(1);
    await makeReady(ctx);
    expect(ctx.room.remoteStreams.get(STREAM)?.subscribed).toBe(true);
  });

  it('an update while the subscribe is in flight is stored and sent once acknowledged', async () => {
    const ctx = await joined('C');
    ctx.server.holding.add('subscribe');
    const pending = ctx.room.subscribe(STREAM).catch((e: unknown) => e);
    await waitUntil(() => ctx.server.held.get('subscribe')?.length);
    await ctx.room.updateSubscription(STREAM, { maxResolution: { width: 160, height: 90 } });
    expect(ctx.server.payloads('streamMessage')).toEqual([]);
    ctx.server.release('subscribe');
    await waitUntil(() => ctx.server.payloads('streamMessage').length === 1);
    expect((ctx.server.payloads('streamMessage')[0] as { options: { msg: unknown } }).options.msg).toEqual({
      type: 'updatestream',
      config: { video: { width: 160, height: 90 }, qualityLayer: { spatialLayer: -1, temporalLayer: -1 } },
    });
    void pending;
  });

  it('rejects unknown and unsubscribed streams, and hostile values before anything is sent', async () => {
    const ctx = await joined('C', [
      { id: STREAM, audio: true, video: true, data: true, label: 'bob', attributes: {} },
      { id: OTHER, audio: true, video: false, data: true, label: 'carl', attributes: {} },
    ]);
    await expect(ctx.room.updateSubscription(999, { maxVideoBW: 100 })).rejects.toMatchObject({
      code: 'invalid-argument',
      message: expect.stringMatching(/not subscribed/i),
    });
    await expect(ctx.room.updateSubscription(STREAM, { maxVideoBW: 100 })).rejects.toMatchObject({ code: 'invalid-argument' });
    await subscribed(ctx);
    const before = ctx.server.sent.length;
    const hostile: unknown[] = [
      { maxResolution: { width: Number.NaN, height: 180 } },
      { maxResolution: { width: -320, height: 180 } },
      { maxResolution: { width: 320, height: 0 } },
      { maxResolution: { width: 320.5, height: 180 } },
      { maxResolution: { width: 1e9, height: 180 } },
      { maxResolution: { width: 320, height: 180, frameRate: Number.POSITIVE_INFINITY } },
      { maxResolution: { width: '320', height: 180 } },
      { maxResolution: 'small' },
      { maxVideoBW: -5 },
      { maxVideoBW: Number.NaN },
      { qualityLayer: { spatialLayer: -2, temporalLayer: 0 } },
      { qualityLayer: { spatialLayer: 0.5, temporalLayer: 0 } },
      { qualityLayer: { spatialLayer: 0 } },
      { width: 320 },
      {},
      null,
      'big',
    ];
    for (const update of hostile) {
      await expect(ctx.room.updateSubscription(STREAM, update as never), JSON.stringify(update)).rejects.toMatchObject({ code: 'invalid-argument' });
    }
    await expect(ctx.room.subscribe(OTHER, { maxResolution: { width: -1, height: 10 } })).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(ctx.room.subscribe(OTHER, { maxVideoBW: Number.NaN })).rejects.toMatchObject({ code: 'invalid-argument' });
    expect(ctx.server.sent.length).toBe(before);
    // after unsubscribe the stream is no longer subscribed
    await ctx.room.unsubscribe(STREAM);
    await expect(ctx.room.updateSubscription(STREAM, { maxVideoBW: 100 })).rejects.toMatchObject({
      code: 'invalid-argument',
      message: expect.stringMatching(/not subscribed/i),
    });
  });

  it('refuses to update a subscription that receives no video', async () => {
    const ctx = await joined('C', [{ id: STREAM, audio: true, video: false, data: true, label: 'bob', attributes: {} }]);
    await subscribed(ctx);
    await expect(ctx.room.updateSubscription(STREAM, { maxVideoBW: 100 })).rejects.toMatchObject({
      code: 'invalid-argument',
      message: expect.stringMatching(/no video/),
    });
    expect(ctx.server.payloads('streamMessage')).toEqual([]);
  });
});

describe('room.updateSubscription, dialect A (signaling_message, §3.4)', () => {
  it('sends updatestream per stream with no erizoId, and re-applies the caps after connection_failed', async () => {
    const ctx = await joined('A');
    await subscribed(ctx, { maxVideoBW: 250 });
    await makeReady(ctx);
    await ctx.room.updateSubscription(STREAM, { maxResolution: { width: 320, height: 180 }, qualityLayer: { spatialLayer: 0, temporalLayer: 0 } });
    const updates = () =>
      ctx.server.sent.filter((s) => s.event === 'signaling_message' && (s.args[0] as { msg: { type: string } }).msg.type === 'updatestream');
    expect(updates()[0]!.args).toEqual([
      {
        streamId: STREAM,
        msg: { type: 'updatestream', config: { video: { width: 320, height: 180 }, qualityLayer: { spatialLayer: 0, temporalLayer: 0 } } },
        browser: 'chrome-stable',
      },
      null,
    ]);
    ctx.server.push('connection_failed', { type: 'subscribe', streamId: STREAM });
    await waitUntil(() => ctx.server.payloads('subscribe').length === 2);
    const again = ctx.server.sent.filter((s) => s.event === 'subscribe')[1]!;
    expect(again.args[0]).toMatchObject({ streamId: STREAM, video: { width: 320, height: 180 }, maxVideoBW: 250, browser: 'chrome-stable' });
    expect(again.args[0]).not.toHaveProperty('erizoId');
    expect(again.args[1]).toBeNull();
    await waitUntil(() => updates().length === 2);
    expect((updates()[1]!.args[0] as { msg: unknown }).msg).toEqual({
      type: 'updatestream',
      config: { video: { width: 320, height: 180 }, maxVideoBW: 250, qualityLayer: { spatialLayer: 0, temporalLayer: 0 } },
    });
  });
});

describe('resubscribe right after unsubscribing a subscription still being set up', () => {
  for (const dialect of ['A', 'C'] as const) {
    it(`dialect ${dialect}: the new subscription keeps its entry and its server subscription`, async () => {
      const ctx = await joined(dialect);
      ctx.server.holding.add('subscribe');
      const first = ctx.room.subscribe(STREAM).catch((e: unknown) => e);
      await waitUntil(() => ctx.server.held.get('subscribe')?.length === 1);
      const unsubscribed = ctx.room.unsubscribe(STREAM);
      const second = ctx.room.subscribe(STREAM, { maxResolution: { width: 320, height: 180 } }).catch((e: unknown) => e);
      await waitUntil(() => ctx.server.held.get('subscribe')?.length === 2);
      ctx.server.holding.delete('subscribe');
      ctx.server.release('subscribe');
      await unsubscribed;
      expect(await first).toMatchObject({ code: 'media-failed', message: expect.stringMatching(/cancelled/) });
      await tick(20);
      // one unsubscribe (the user's) — none sent on behalf of the cancelled first attempt, which would kill the second
      expect(ctx.server.sent.filter((s) => s.event === 'unsubscribe')).toHaveLength(1);
      expect(ctx.room.remoteStreams.get(STREAM)?.subscribed).toBe(true);
      // the live subscription is the second one: updates reach the server, and only one peer connection is open
      await ctx.room.updateSubscription(STREAM, { maxVideoBW: 100 });
      expect(ctx.pcs.filter((pc) => !pc.closed)).toHaveLength(1);
      expect(ctx.room.livePeerConnections).toBe(1);
      void second;
    });
  }
});

describe('unsubscribe before the subscribe ack', () => {
  for (const dialect of ['A', 'C'] as const) {
    it(`dialect ${dialect}: the pending subscribe is cancelled at once, even if the server never answers it (v4–v6 may not)`, async () => {
      const ctx = await joined(dialect);
      ctx.server.holding.add('subscribe'); // never released: the ack of the first request never comes
      const first = ctx.room.subscribe(STREAM).catch((e: unknown) => e);
      await waitUntil(() => ctx.server.held.get('subscribe')?.length === 1);
      await ctx.room.unsubscribe(STREAM);
      const outcome = await Promise.race([first, tick(200).then(() => 'still waiting')]);
      expect(outcome).toMatchObject({ code: 'media-failed', message: expect.stringMatching(/cancelled/) });
    });
  }
});

describe('publish: simulcast and initial mute', () => {
  it('dialect C: rid sendEncodings lowest first, scale 2^(n-layer), the cap split 1:2:4, numSpatialLayers in the options', async () => {
    const ctx = await joined('C', []);
    const media = camera();
    void ctx.room.publish(media, { simulcast: { layers: 3 }, maxVideoBW: 300 }).catch(() => undefined);
    await waitUntil(() => ctx.pcs[0]?.transceivers.length === 2);
    const video = ctx.pcs[0]!.transceivers.find((t) => t.kind === 'video')!;
    // 300 kbit/s → sender cap 254 000 bit/s (§7.4), split 1:2:4
    expect(video.init?.sendEncodings).toEqual([
      { rid: '1', scaleResolutionDownBy: 4, maxBitrate: 36_285 },
      { rid: '2', scaleResolutionDownBy: 2, maxBitrate: 72_571 },
      { rid: '3', scaleResolutionDownBy: 1, maxBitrate: 145_142 },
    ]);
    const sum = video.init!.sendEncodings!.reduce((a, e) => a + (e.maxBitrate ?? 0), 0);
    expect(sum).toBeLessThanOrEqual(254_000);
    expect(ctx.pcs[0]!.transceivers.find((t) => t.kind === 'audio')!.init?.sendEncodings).toBeUndefined();
    expect((ctx.server.payloads('publish')[0] as { options: Record<string, unknown> }).options).toMatchObject({
      simulcast: { numSpatialLayers: 3 },
      maxVideoBW: 300,
    });
  });

  it('dialect C screen share and dialect A publish one layer', async () => {
    const c = await joined('C', []);
    void c.room.publish(camera(), { simulcast: { layers: 2 }, screen: true, maxVideoBW: 300 }).catch(() => undefined);
    await waitUntil(() => c.pcs[0]?.transceivers.length === 2);
    expect(c.pcs[0]!.transceivers.find((t) => t.kind === 'video')!.init?.sendEncodings).toEqual([{ maxBitrate: 254_000 }]);
    expect((c.server.payloads('publish')[0] as { options: Record<string, unknown> }).options).not.toHaveProperty('simulcast');
    const a = await joined('A', []);
    void a.room.publish(camera(), { simulcast: { layers: 3 } }).catch(() => undefined);
    await waitUntil(() => a.pcs[0]?.transceivers.length === 2);
    expect(a.pcs[0]!.transceivers.find((t) => t.kind === 'video')!.init?.sendEncodings).toBeUndefined();
    expect(a.server.payloads('publish')[0]).not.toHaveProperty('simulcast');
  });

  for (const dialect of ['A', 'C'] as const) {
    it(`dialect ${dialect}: initial mute disables the tracks before the offer and travels in the publish options`, async () => {
      const ctx = await joined(dialect, []);
      const media = camera();
      void ctx.room.publish(media, { muted: { audio: true }, attributes: { name: 'ana' } }).catch(() => undefined);
      await waitUntil(() => ctx.server.payloads('publish').length === 1);
      expect(media.tracks.map((t) => [t.kind, t.enabled])).toEqual([
        ['audio', false],
        ['video', true],
      ]);
      const payload = ctx.server.payloads('publish')[0] as Record<string, unknown>;
      const options = (dialect === 'C' ? payload['options'] : payload) as Record<string, unknown>;
      expect(options).toMatchObject({ muteStream: { audio: true, video: false }, attributes: { name: 'ana', muted: { audio: true, video: false } } });
      expect(ctx.room.publications[0]!.muted).toEqual({ audio: true, video: false });
    });
  }

  it('rejects hostile simulcast and mute options before anything is sent', async () => {
    const ctx = await joined('C', []);
    for (const options of [
      { simulcast: { layers: 0 } },
      { simulcast: { layers: 2.5 } },
      { simulcast: { layers: Number.NaN } },
      { simulcast: { layers: 9 } },
      { simulcast: 3 },
      { muted: { audio: 'yes' } },
      { muted: true },
    ]) {
      await expect(ctx.room.publish(camera(), options as never), JSON.stringify(options)).rejects.toMatchObject({ code: 'invalid-argument' });
    }
    expect(ctx.server.payloads('publish')).toEqual([]);
    expect(ctx.pcs).toHaveLength(0);
  });
});

describe('subscribe options of dialect C on socket.io 2 and 4 (§5.8)', () => {
  const subscribeOptions = (ctx: Awaited<ReturnType<typeof joined>>) =>
    (ctx.server.sent.find((m) => m.event === 'subscribe')!.args[0] as { msg: { options: Record<string, unknown> } }).msg.options;

  it('socket.io 2 (Licode v9/v10) asks ErizoJS to offer: a v9 server waits for a client offer without offerFromErizo', async () => {
    const ctx = await joined('C', undefined, { dialect: 'C', socketIo: 2 });
    await subscribed(ctx);
    expect(subscribeOptions(ctx)).toMatchObject({ streamId: STREAM, offerFromErizo: true });
  });

  it("socket.io 4 (Licode v11+) sends HEAD's options only", async () => {
    const ctx = await joined('C', undefined, { dialect: 'C', socketIo: 4 });
    await subscribed(ctx);
    expect(subscribeOptions(ctx)).not.toHaveProperty('offerFromErizo');
  });
});

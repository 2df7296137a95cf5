import { describe, expect, it } from 'vitest';
import { AStreamConnection } from './connection-a';
import { CConnection } from './connection-c';
import { CConnectionPool } from './connection-pool-c';
import { PeerConnectionRegistry } from './peer';
import type { SignallingTransport } from './transport';

const SDP = (kind: 'offer' | 'answer'): string =>
  [
    'v=0',
    `o=- 1 ${kind === 'offer' ? 1 : 2} IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    'a=group:BUNDLE 0 1',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    'c=IN IP4 0.0.0.0',
    'a=mid:0',
    'a=rtpmap:111 opus/48000/2',
    'm=video 9 UDP/TLS/RTP/SAVPF 96',
    'c=IN IP4 0.0.0.0',
    'a=mid:1',
    'a=rtpmap:96 VP8/90000',
    '',
  ].join('\r\n');

/** Just enough of RTCPeerConnection to drive the negotiation state machines deterministically. */
class FakePeerConnection extends EventTarget {
  signalingState: RTCSignalingState = 'stable';
  iceConnectionState: RTCIceConnectionState = 'new';
  connectionState: RTCPeerConnectionState = 'new';
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  calls: string[] = [];
  added: RTCIceCandidateInit[] = [];
  transceivers: Array<{ sender: object; receiver: object }> = [];
  restarts = 0;
  closed = false;
  /** Summed into one inbound-rtp report by getStats(). */
  packetsReceived = 0;
  failRemote = false;

  addTransceiver(): { sender: object } {
    const t = { sender: {}, receiver: {} };
    this.transceivers.push(t);
    return t;
  }
  getSenders(): object[] {
    return this.transceivers.map((t) => t.sender);
  }
  getTransceivers(): object[] {
    return this.transceivers;
  }
  async createOffer(): Promise<RTCSessionDescriptionInit> {
    return { type: 'offer', sdp: SDP('offer') };
  }
  async setLocalDescription(desc?: RTCSessionDescriptionInit): Promise<void> {
    const type = desc?.type ?? (this.signalingState === 'have-remote-offer' ? 'answer' : 'offer');
    this.calls.push(`sLD:${type}`);
    this.localDescription = { type, sdp: desc?.sdp ?? SDP(type === 'offer' ? 'offer' : 'answer') };
    this.signalingState = type === 'offer' ? 'have-local-offer' : 'stable';
  }
  async setRemoteDescription(desc: RTCSessionDescriptionInit): Promise<void> {
    if (this.failRemote) throw new Error('refused');
    this.calls.push(`sRD:${desc.type}${desc.type === 'offer' && this.signalingState === 'have-local-offer' ? '(rollback)' : ''}`);
    this.remoteDescription = desc;
    this.signalingState = desc.type === 'offer' ? 'have-remote-offer' : 'stable';
  }
  async addIceCandidate(c: RTCIceCandidateInit): Promise<void> {
    this.added.push(c);
  }
  restartIce(): void {
    this.restarts++;
  }
  async getStats(): Promise<Map<string, { type: string; packetsReceived: number }>> {
    return new Map([['in', { type: 'inbound-rtp', packetsReceived: this.packetsReceived }]]);
  }
  close(): void {
    this.closed = true;
  }
  candidate(text: string | null): void {
    const ev = new Event('icecandidate') as Event & { candidate: unknown };
    ev.candidate = text === null ? null : { candidate: text, toJSON: () => ({ candidate: text, sdpMid: '0', sdpMLineIndex: 0 }) };
    this.dispatchEvent(ev);
  }
  ice(state: RTCIceConnectionState): void {
    this.iceConnectionState = state;
    this.dispatchEvent(new Event('iceconnectionstatechange'));
  }
  connected(): void {
    this.connectionState = 'connected';
    this.dispatchEvent(new Event('connectionstatechange'));
  }
}

function setup() {
  const pcs: FakePeerConnection[] = [];
  const peers = new PeerConnectionRegistry(
    () => {
      const pc = new FakePeerConnection();
      pcs.push(pc);
      return pc as unknown as RTCPeerConnection;
    },
    () => ({}),
  );
  const sent: Array<[string, unknown[]]> = [];
  const transport = { send: (event: string, args: unknown[]) => sent.push([event, args]) } as unknown as SignallingTransport;
  return { pcs, peers, sent, transport };
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
const track = (kind: string) => ({ kind, id: kind });
const stream = { id: 's', getTracks: () => [track('audio'), track('video')] } as unknown as MediaStream;

describe('AStreamConnection (§3.5 ordering)', () => {
  it('offers after started, sends a=candidates only after the answer, then the end marker', async () => {
    const { pcs, peers, sent, transport } = setup();
    const events: string[] = [];
    const conn = new AStreamConnection({
      transport,
      peers,
      streamId: 1e17,
      role: 'publish',
      localStream: stream,
      maxVideoKbps: 250,
      onReady: () => events.push('ready'),
      onFailed: (r) => events.push(`failed:${r}`),
    });
    const pc = pcs[0]!;
    pc.candidate('candidate:1 1 udp 1 127.0.0.1 5000 typ host');
    expect(sent).toEqual([]);
    await conn.handle({ type: 'initializing' }); // v5/v6 noise (§8 24d)
    await conn.handle({ type: 'started' });
    await conn.handle({ type: 'started' }); // repeated: one offer only
    const offers = sent.filter(([, [p]]) => (p as { msg: { type: string } }).msg.type === 'offer');
    expect(offers).toHaveLength(1);
    const offer = offers[0]![1] as [{ streamId: number; msg: { sdp: string } }, null];
    expect(offer[1]).toBeNull();
    expect(JSON.stringify(offer[0].streamId)).toBe('100000000000000000');
    expect(offer[0].msg.sdp).toContain('b=AS:250');
    pc.candidate('candidate:2 1 udp 1 127.0.0.1 5002 typ host');
    expect(sent).toHaveLength(1);
    await conn.handle({ type: 'answer', sdp: SDP('answer').replace(/\r\n/g, '\n') }); // LF answers of v3/v4
    expect(pc.remoteDescription?.sdp ?? '').toContain('b=AS:250');
    pc.candidate(null);
    pc.candidate('candidate:3 1 udp 1 127.0.0.1 5004 typ host'); // late: still sent, marker already out
    const after = sent.slice(1).map(([e, [p]]) => [e, (p as { msg: { candidate: unknown } }).msg.candidate]);
    expect(after).toEqual([
      ['signaling_message', { sdpMLineIndex: 0, sdpMid: '0', candidate: 'a=candidate:1 1 udp 1 127.0.0.1 5000 typ host' }],
      ['signaling_message', { sdpMLineIndex: 0, sdpMid: '0', candidate: 'a=candidate:2 1 udp 1 127.0.0.1 5002 typ host' }],
      ['signaling_message', { sdpMLineIndex: -1, sdpMid: 'end', candidate: 'end' }],
      ['signaling_message', { sdpMLineIndex: 0, sdpMid: '0', candidate: 'a=candidate:3 1 udp 1 127.0.0.1 5004 typ host' }],
    ]);
    await conn.handle({ type: 'answer', sdp: SDP('answer') }); // duplicate answer: ignored
    expect(pc.calls.filter((c) => c === 'sRD:answer')).toHaveLength(1);
    await conn.handle({ type: 'ready' });
    expect(events).toEqual(['ready']);
    conn.close();
    expect(pc.closed).toBe(true);
    expect(peers.size).toBe(0);
  });

  it('subscribes with a receive-only offer carrying the browser, and fails cleanly on a hostile answer', async () => {
    const { pcs, peers, sent, transport } = setup();
    const failures: string[] = [];
    const conn = new AStreamConnection({
      transport,
      peers,
      streamId: 7,
      role: 'subscribe',
      receive: { audio: true, video: false },
      maxVideoKbps: undefined,
      onReady: () => undefined,
      onFailed: (r) => failures.push(r),
    });
    await conn.handle({ type: 'started' });
    expect(pcs[0]!.transceivers).toHaveLength(1);
    expect((sent[0]![1][0] as { browser: string }).browser).toBe('chrome-stable');
    await conn.handle({ type: 'answer', sdp: 'hello' });
    expect(failures).toEqual(['the server sent an answer without a usable SDP']);
    pcs[0]!.ice('failed');
    expect(failures).toHaveLength(2);
    conn.close();
    pcs[0]!.ice('failed'); // after close: nothing
    expect(failures).toHaveLength(2);
  });
});

describe('CConnection (polite peer, ICE restart)', () => {
  function make(mediaAfterRestartMs?: number, shared = false) {
    const ctx = setup();
    const log: string[] = [];
    const conn = new CConnection({
      ...(mediaAfterRestartMs !== undefined ? { mediaAfterRestartMs } : {}),
      shared,
      transport: ctx.transport,
      peers: ctx.peers,
      connectionId: 'c1',
      erizoId: 'e1',
      onTrack: () => undefined,
      onReady: () => log.push('ready'),
      onFailed: (r) => log.push(`failed:${r}`),
      onQualityLevel: (l) => log.push(`level:${l}`),
      onError: (m) => log.push(`error:${m}`),
    });
    const msgs = () => ctx.sent.map(([e, [p]]) => [e, (p as { options: { msg: { type: string } } }).options.msg.type]);
    return { ...ctx, pc: ctx.pcs[0]!, conn, log, msgs };
  }

  it('rolls back its own offer on glare and answers the server', async () => {
    const { pc, conn, msgs, sent } = make();
    conn.addPublication(stream, [{ maxBitrate: 254_000 }]);
    pc.dispatchEvent(new Event('negotiationneeded'));
    await tick();
    expect(pc.signalingState).toBe('have-local-offer');
    await conn.handle({ type: 'offer', sdp: SDP('offer') });
    expect(pc.calls).toEqual(['sLD:offer', 'sRD:offer(rollback)', 'sLD:answer']);
    expect(msgs()).toEqual([
      ['connectionMessage', 'offer'],
      ['connectionMessage', 'answer'],
    ]);
    expect((sent[1]![1][0] as { options: Record<string, unknown> }).options).toMatchObject({ connectionId: 'c1', erizoId: 'e1', browser: 'chrome-stable' });
    await conn.handle({ type: 'answer', sdp: SDP('answer') }); // answer to the rolled-back offer: stale, ignored
    expect(pc.calls).toHaveLength(3);
  });

  it('reports hostile server input without throwing', async () => {
    const { pc, conn, msgs, log } = make();
    await conn.handle({ type: 'offer', sdp: 42 });
    expect(msgs()).toEqual([['connectionMessage', 'offer-error']]);
    await conn.handle({ type: 'candidate', candidate: '{"candidate":"a=candidate:1 1 udp 1 127.0.0.1 9 typ host","sdpMLineIndex":"1","sdpMid":"video"}' });
    await conn.handle({ type: 'candidate', candidate: '{broken' });
    await conn.handle({ type: 'quality_level', level: 'max' });
    await conn.handle({ type: 'quality_level', level: 1 });
    await conn.handle({ type: 'error', previousType: 'offer' } as { type: string });
    await conn.handle({ type: 'mystery' });
    pc.failRemote = true;
    await conn.handle({ type: 'offer', sdp: SDP('offer') });
    expect(pc.added).toEqual([{ candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: 'video', sdpMLineIndex: 1 }]);
    expect(log).toEqual(['level:1', 'error:the server could not process our offer', expect.stringMatching(/^error:negotiation error/)]);
    expect(msgs().at(-1)).toEqual(['connectionMessage', 'offer-error']);
  });

  it('restarts ICE twice after a connected session breaks, then gives up to republish/resubscribe', async () => {
    const { pc, log } = make();
    pc.ice('failed'); // never connected: nothing to restart
    expect(log).toEqual(['failed:ICE failed']);
    pc.connected();
    pc.ice('failed');
    pc.ice('failed');
    expect(pc.restarts).toBe(2);
    pc.ice('failed');
    expect(log).toEqual(['failed:ICE failed', 'failed:ICE failed']);
    pc.connected(); // a restart that works resets the budget
    pc.ice('failed');
    expect(pc.restarts).toBe(3);
  });

  it('after an ICE restart reconnects, a receiving connection must show new packets, else it counts as failed', async () => {
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    // Media comes back: nothing more happens.
    const good = make(30);
    good.pc.transceivers.push({ sender: {}, receiver: {}, currentDirection: 'recvonly' } as never);
    good.pc.connected();
    good.pc.ice('disconnected');
    good.pc.ice('failed');
    expect(good.pc.restarts).toBe(1);
    good.pc.ice('connected');
    await tick();
    good.pc.packetsReceived = 50;
    await wait(60);
    expect(good.log).toEqual([]);
    // ICE is back but no packet ever arrives: the owner is told to rebuild (resubscribe).
    const frozen = make(30);
    frozen.pc.transceivers.push({ sender: {}, receiver: {}, currentDirection: 'recvonly' } as never);
    frozen.pc.connected();
    frozen.pc.ice('failed');
    frozen.pc.ice('connected');
    await wait(60);
    expect(frozen.log).toEqual(['failed:no media arrived after the ICE restart']);
    // A send-only connection (a publication) is not judged by what it receives.
    const sending = make(30);
    sending.pc.transceivers.push({ sender: {}, receiver: {}, currentDirection: 'sendonly' } as never);
    sending.pc.connected();
    sending.pc.ice('failed');
    sending.pc.ice('connected');
    await wait(60);
    expect(sending.log).toEqual([]);
  });

  it('sends trickled candidates with the a= prefix and the end marker, only once a local description exists', async () => {
    const { pc, conn, sent } = make();
    pc.candidate('candidate:9 1 udp 1 127.0.0.1 7000 typ host');
    expect(sent).toEqual([]);
    conn.addPublication(stream, undefined);
    pc.dispatchEvent(new Event('negotiationneeded'));
    await tick();
    pc.candidate('candidate:9 1 udp 1 127.0.0.1 7000 typ host');
    pc.candidate(null);
    const candidates = sent.slice(1).map(([, [p]]) => (p as { options: { msg: { candidate: unknown } } }).options.msg.candidate);
    expect(candidates).toEqual([
      { sdpMLineIndex: 0, sdpMid: '0', candidate: 'a=candidate:9 1 udp 1 127.0.0.1 7000 typ host' },
      { sdpMLineIndex: -1, sdpMid: 'end', candidate: 'end' },
    ]);
  });

  it('single PC: a shared connection that fails here tells the server {type:failed}; a server-reported failure does not echo it', async () => {
    const shared = make(undefined, true);
    shared.pc.connected();
    for (let i = 0; i < 3; i += 1) shared.pc.ice('failed'); // two restarts, then given up
    expect(shared.log).toEqual(['failed:ICE failed']);
    expect(shared.msgs()).toEqual([['connectionMessage', 'failed']]);
    expect(shared.conn.failed).toBe(true);
    const reported = make(undefined, true);
    await reported.conn.handle({ type: 'failed' });
    expect(reported.msgs()).toEqual([]);
    expect(reported.conn.failed).toBe(true);
    const perStream = make();
    perStream.pc.ice('failed');
    expect(perStream.msgs()).toEqual([]); // Licode's default layout: the owner unpublishes/unsubscribes instead
  });
});

describe('CConnectionPool (single PC keeps its two shared connections while they work)', () => {
  function pool() {
    const ctx = setup();
    const created: string[] = [];
    const connections = new CConnectionPool(ctx.peers, {
      track: () => undefined,
      ready: () => undefined,
      failed: () => undefined,
      qualityLevel: () => undefined,
      error: () => undefined,
      stateChange: () => undefined,
      created: (id) => created.push(id),
    });
    return { ...ctx, connections, created };
  }

  it('keeps an emptied shared connection and hands the same one out again for its connection id', () => {
    const { connections, transport, pcs } = pool();
    const subscriber = connections.obtain('client_erizo_2', 'erizo', transport, true);
    subscriber.users.add(1);
    subscriber.users.delete(1);
    expect(connections.release(subscriber)).toBe(false);
    expect(pcs[0]!.closed).toBe(false);
    expect(connections.obtain('client_erizo_2', 'erizo', transport, true)).toBe(subscriber);
    expect(pcs).toHaveLength(1);
    expect(connections.wasClosed('client_erizo_2')).toBe(false);
  });

  it('closes an emptied per-stream connection, and a shared one once it failed', async () => {
    const { connections, transport, pcs } = pool();
    const perStream = connections.obtain('c1', 'erizo', transport, false);
    expect(connections.release(perStream)).toBe(true);
    expect(pcs[0]!.closed).toBe(true);
    const shared = connections.obtain('c2', 'erizo', transport, true);
    shared.users.add(7);
    expect(connections.release(shared)).toBe(false); // still used
    await shared.handle({ type: 'failed' });
    shared.users.delete(7);
    expect(connections.release(shared)).toBe(true);
    expect(pcs[1]!.closed).toBe(true);
    expect(connections.wasClosed('c2')).toBe(true);
  });
});

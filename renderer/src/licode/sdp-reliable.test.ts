import { describe, expect, it } from 'vitest';
import { ReliableSocketClient } from './reliable-socket';
import {
  effectiveVideoBandwidth,
  END_OF_CANDIDATES,
  looksLikeSdp,
  midOfKind,
  parseServerCandidate,
  senderMaxBitrate,
  setVideoBandwidth,
  toLicodeCandidate,
  videoBandwidths,
} from './sdp';

const OFFER = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'c=IN IP4 0.0.0.0',
  'a=mid:0',
  'a=sendonly',
  'a=rtpmap:111 opus/48000/2',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'c=IN IP4 0.0.0.0',
  'b=AS:2000',
  'b=TIAS:1000',
  'a=mid:1',
  'a=sendonly',
  'a=rtpmap:96 VP8/90000',
  '',
].join('\r\n');

describe('SDP helpers (§7)', () => {
  it('writes b=AS on video sections only, replacing an existing one', () => {
    const munged = setVideoBandwidth(OFFER, 300);
    expect(videoBandwidths(munged)).toEqual([300]);
    expect(munged).toContain('b=TIAS:1000');
    expect(munged.split('m=audio')[1]!.split('m=video')[0]).not.toContain('b=AS');
    expect(setVideoBandwidth(OFFER, NaN)).toBe(OFFER);
    expect(setVideoBandwidth(OFFER, -1)).toBe(OFFER);
    // LF-only answers from v3/v4 servers are accepted
    expect(videoBandwidths(setVideoBandwidth(OFFER.replace(/\r\n/g, '\n'), 250))).toEqual([250]);
  });

  it('bounds maxVideoBW by the server limit', () => {
    expect(effectiveVideoBandwidth(1000, 300, 500)).toBe(500);
    expect(effectiveVideoBandwidth(undefined, 300, 500)).toBe(300);
    expect(effectiveVideoBandwidth(-4, undefined, 500)).toBe(500);
    expect(effectiveVideoBandwidth(undefined, undefined, undefined)).toBeUndefined();
    expect(senderMaxBitrate(300)).toBe(254_000);
    expect(senderMaxBitrate(1)).toBe(32_000);
  });

  it('adds the a= prefix to candidates exactly once and skips the empty end candidate', () => {
    expect(toLicodeCandidate({ candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 })).toEqual({
      sdpMLineIndex: 0,
      sdpMid: '0',
      candidate: 'a=candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host',
    });
    expect(toLicodeCandidate({ candidate: 'a=candidate:x', sdpMid: null, sdpMLineIndex: null })).toEqual({
      sdpMLineIndex: 0,
      sdpMid: '0',
      candidate: 'a=candidate:x',
    });
    expect(toLicodeCandidate({ candidate: '' })).toBeNull();
    expect(END_OF_CANDIDATES).toEqual({ sdpMLineIndex: -1, sdpMid: 'end', candidate: 'end' });
  });

  it('parses server-trickled candidates given as JSON strings with string indexes (§8 #8)', () => {
    const mid = (kind: string): string | null => midOfKind(OFFER, kind);
    expect(parseServerCandidate('{"candidate":"a=candidate:1 1 udp 1 127.0.0.1 9 typ host","sdpMLineIndex":"1","sdpMid":"video"}', mid)).toEqual({
      candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host',
      sdpMid: '1',
      sdpMLineIndex: 1,
    });
    for (const junk of ['{', 'null', '"x"', 42, { candidate: 'end' }, { candidate: 5 }, undefined]) expect(parseServerCandidate(junk, mid)).toBeNull();
  });

  it('rejects non-SDP', () => {
    expect(looksLikeSdp(OFFER)).toBe(true);
    for (const junk of ['', 'v=0\r\n', 'hello', 5, null, 'v=0\r\nm=']) expect(looksLikeSdp(junk)).toBe(false);
  });
});

class FakeSocket {
  sent: Array<[string, ...unknown[]]> = [];
  emit(event: string, ...args: unknown[]): void {
    this.sent.push([event, ...args]);
  }
}

describe('ReliableSocketClient (§5.2)', () => {
  it('numbers envelopes, keeps them until acknowledged and resends on a new socket', () => {
    const rs = new ReliableSocketClient();
    const first = new FakeSocket();
    rs.attach(first);
    rs.send('publish', { options: {}, sdp: null });
    rs.send('sendDataStream', { id: 1, msg: 'x' });
    rs.detach();
    rs.send('unpublish', 7); // while disconnected
    expect(first.sent.map((s) => s[1])).toEqual([
      { socketgd: 0, msg: { options: {}, sdp: null } },
      { socketgd: 1, msg: { id: 1, msg: 'x' } },
    ]);
    expect(rs.handleAck({ id: 0 })).toBe(true);
    expect(rs.handleAck({ id: -1 })).toBe(false);
    expect(rs.handleAck('junk')).toBe(false);
    const second = new FakeSocket();
    rs.attach(second);
    expect(second.sent.map((s) => (s[1] as { socketgd: number }).socketgd)).toEqual([1, 2]);
    rs.handleAck({ id: 2 });
    expect(rs.pendingCount).toBe(0);
  });

  it('acknowledges new envelopes, drops and re-acks duplicates, passes unwrapped events through', async () => {
    const rs = new ReliableSocketClient();
    const socket = new FakeSocket();
    const first = rs.receive({ socketgd: 0, msg: { a: 1 } }, socket);
    expect(first.kind).toBe('new');
    if (first.kind === 'new') first.acknowledge();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(rs.receive({ socketgd: 0, msg: { a: 1 } }, socket)).toEqual({ kind: 'duplicate', id: 0 });
    expect(rs.receive({ socketgd: 1, msg: 'b' }, socket).kind).toBe('new');
    expect(rs.receive({ id: 5 }, socket)).toEqual({ kind: 'plain', msg: { id: 5 } });
    expect(rs.receive({ socketgd: -3, msg: 1 }, socket).kind).toBe('plain');
    expect(rs.receive({ socketgd: 1.5, msg: 1 }, socket).kind).toBe('plain');
    expect(rs.receive(null, socket)).toEqual({ kind: 'plain', msg: null });
    expect(socket.sent).toEqual([
      ['socketgd_ack', { id: 0 }],
      ['socketgd_ack', { id: 0 }],
    ]);
  });

  it('acknowledges envelopes handled in the same moment with one cumulative socketgd_ack', async () => {
    const rs = new ReliableSocketClient();
    const socket = new FakeSocket();
    for (let id = 0; id < 1_000; id++) {
      const received = rs.receive({ socketgd: id, msg: id }, socket);
      if (received.kind === 'new') received.acknowledge();
    }
    expect(socket.sent).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(socket.sent).toEqual([['socketgd_ack', { id: 999 }]]);
  });

  it('resolves whenAcknowledged', async () => {
    const rs = new ReliableSocketClient();
    rs.attach(new FakeSocket());
    const id = rs.send('clientDisconnection', undefined);
    let done = false;
    const waiting = rs.whenAcknowledged(id).then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    rs.handleAck({ id });
    await waiting;
    expect(done).toBe(true);
    await rs.whenAcknowledged(99);
  });
});

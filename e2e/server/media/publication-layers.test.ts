import { RtpHeader, RtpPacket, type MediaStreamTrack, type RTCRtpReceiver, type RTCRtpSender } from 'werift';
import { describe, expect, it } from 'vitest';
import { Publication, type SubscriberLink } from './publication';

// Per-link layer choice inside a Publication, driven with synthetic VP8 RTP on three rid layers (no network): which
// layer each subscriber link is forwarded, when it switches (only at the target layer's keyframe, after a PLI to that
// layer's SSRC) and that the sender is re-based (replaceRTP) so the subscriber's sequence numbers stay continuous.

const SIZES = [
  [320, 180],
  [640, 360],
  [1280, 720],
] as const;
const SSRCS = [1111, 2222, 3333];

function vp8(keyframe: boolean, width = 0, height = 0): Buffer {
  if (!keyframe) return Buffer.from([0x10, 0x01, 0x00, 0x00, 0xaa, 0xbb]);
  return Buffer.from([0x10, 0x00, 0x00, 0x00, 0x9d, 0x01, 0x2a, width & 0xff, width >> 8, height & 0xff, height >> 8, 0xcc]);
}

class FakeTrack {
  private readonly handlers: ((packet: RtpPacket) => void)[] = [];
  readonly onReceiveRtp = {
    subscribe: (handler: (packet: RtpPacket) => void) => {
      this.handlers.push(handler);
      return { unSubscribe: () => this.handlers.splice(this.handlers.indexOf(handler), 1) };
    },
  };
  private sequenceNumber = 0;
  constructor(private readonly ssrc: number) {}
  send(payload: Buffer): void {
    // Each layer has its own random-looking sequence and timestamp base, as Chromium's simulcast SSRCs do.
    this.sequenceNumber += 1;
    const header = new RtpHeader({
      ssrc: this.ssrc,
      payloadType: 96,
      sequenceNumber: (this.ssrc * 7 + this.sequenceNumber) & 0xffff,
      timestamp: (this.ssrc * 1_234_567 + this.sequenceNumber * 3000) >>> 0,
    });
    const packet = new RtpPacket(header, payload);
    for (const handler of [...this.handlers]) handler(packet);
  }
}

interface FakeLink extends SubscriberLink {
  received: number[]; // source SSRC of each forwarded packet
  /** Sequence number and timestamp each packet left with (werift's rewrite: + offsets set by replaceRTP). */
  sent: { sequenceNumber: number; timestamp: number }[];
  rebased: number;
}

function fakeLink(name: string): FakeLink {
  // Offsets as werift's RTCRtpSender keeps them (rtpSender.js replaceRTP without discontinuity, sendRtp).
  let seqOffset = 0;
  let timestampOffset = 0;
  const link: FakeLink = {
    kind: 'video' as const,
    connectionId: name,
    received: [],
    sent: [],
    rebased: 0,
    sender: {
      codec: { mimeType: 'video/VP8' },
      dtlsTransport: { state: 'connected' },
      onRtcp: { subscribe: () => ({ unSubscribe: () => undefined }) },
      replaceRTP: ({ sequenceNumber, timestamp }: { sequenceNumber: number; timestamp: number }, discontinuity = false) => {
        expect(discontinuity).toBe(false);
        const lastSent = link.sent[link.sent.length - 1];
        if (lastSent) {
          seqOffset = (lastSent.sequenceNumber - sequenceNumber) & 0xffff;
          timestampOffset = (lastSent.timestamp - timestamp) >>> 0;
        }
        link.rebased += 1;
      },
      sendRtp: (packet: RtpPacket) => {
        link.received.push(packet.header.ssrc);
        link.sent.push({
          sequenceNumber: (packet.header.sequenceNumber + seqOffset) & 0xffff,
          timestamp: (packet.header.timestamp + timestampOffset) >>> 0,
        });
        return Promise.resolve();
      },
    } as unknown as RTCRtpSender, // only what Publication uses
  };
  return link;
}

function simulcastPublication(): { publication: Publication; tracks: FakeTrack[]; plis: number[]; sendAll: (keyframe: boolean) => void } {
  const publication = new Publication(1, 'label', 'publisher', () => undefined);
  const tracks = SSRCS.map((ssrc) => new FakeTrack(ssrc));
  const plis: number[] = [];
  const receiver = { sendRtcpPLI: (ssrc: number) => (plis.push(ssrc), Promise.resolve()) } as unknown as RTCRtpReceiver; // only what Publication uses
  publication.attachSource(
    'video',
    receiver,
    tracks.map((track, index) => ({ track: track as unknown as MediaStreamTrack, rid: String(index + 1) })),
    () => 'video/vp8',
  );
  const sendAll = (keyframe: boolean): void => tracks.forEach((track, index) => track.send(vp8(keyframe, SIZES[index]![0], SIZES[index]![1])));
  return { publication, tracks, plis, sendAll };
}

const last = (link: FakeLink): number | undefined => link.received[link.received.length - 1];

describe('Publication: per-subscriber simulcast layers', () => {
  it('forwards each link the layer that fits its caps, the highest to an unconstrained one', () => {
    const { publication, sendAll } = simulcastPublication();
    try {
      sendAll(true); // learns every layer's size
      const small = fakeLink('small');
      const medium = fakeLink('medium');
      const any = fakeLink('any');
      publication.addLink(small, { video: { width: 320, height: 240 } });
      publication.addLink(medium, { video: { width: 640, height: 480 } });
      publication.addLink(any);
      sendAll(true);
      sendAll(false);
      expect([last(small), last(medium), last(any)]).toEqual([1111, 2222, 3333]);
      expect(small.received.every((ssrc) => ssrc === 1111)).toBe(true);
      expect(publication.describeLink(medium)).toMatchObject({
        forwardedLayer: 1,
        constraints: { video: { width: 640, height: 480 } },
        layers: [
          { rid: '1', width: 320, height: 180 },
          { rid: '2', width: 640, height: 360 },
          { rid: '3', width: 1280, height: 720 },
        ],
      });
    } finally {
      publication.close();
    }
  });

  it('switches a link only at the target layer keyframe, after a PLI to that SSRC, and re-bases its sequence', () => {
    const { publication, tracks, plis, sendAll } = simulcastPublication();
    try {
      sendAll(true);
      const link = fakeLink('link');
      publication.addLink(link, { video: { width: 320, height: 180 } });
      sendAll(true);
      sendAll(false);
      expect(last(link)).toBe(1111);
      plis.length = 0;
      publication.updateLink(link, { video: { width: 1280, height: 720 } });
      expect(plis).toContain(3333);
      // Delta frames of the top layer do not switch: the link stays on layer 0 until the top layer's keyframe.
      sendAll(false);
      expect(last(link)).toBe(1111);
      const before = link.sent[link.sent.length - 1]!;
      tracks[2]!.send(vp8(true, 1280, 720));
      expect(last(link)).toBe(3333);
      expect(link.rebased).toBe(1);
      // One continuous stream for the subscriber: the next sequence number, a later timestamp (not a 16-bit jump).
      const after = link.sent[link.sent.length - 1]!;
      expect(after.sequenceNumber).toBe((before.sequenceNumber + 1) & 0xffff);
      expect(after.timestamp - before.timestamp).toBeGreaterThan(0);
      expect(after.timestamp - before.timestamp).toBeLessThan(90 * 1000);
      tracks[0]!.send(vp8(false));
      expect(last(link)).toBe(3333);
      expect(publication.describeLink(link).forwardedLayer).toBe(2);
    } finally {
      publication.close();
    }
  });

  it('keeps the previous caps when an update is hostile, and qualityLayer picks a layer explicitly', () => {
    const { publication, tracks, sendAll } = simulcastPublication();
    try {
      sendAll(true);
      const link = fakeLink('link');
      publication.addLink(link, { video: { width: 640, height: 360 } });
      sendAll(true);
      expect(last(link)).toBe(2222);
      for (const hostile of [
        { video: { width: -1, height: Number.NaN } },
        { video: { width: '1280' } },
        'all',
        { maxVideoBW: -5 },
        { qualityLayer: { spatialLayer: 7.5 } },
      ]) {
        expect(() => publication.updateLink(link, hostile)).not.toThrow();
      }
      sendAll(true);
      expect(last(link)).toBe(2222);
      expect(publication.describeLink(link).constraints).toEqual({ video: { width: 640, height: 360 } });
      publication.updateLink(link, { qualityLayer: { spatialLayer: 0, temporalLayer: -1 } });
      tracks[0]!.send(vp8(true, 320, 180));
      expect(last(link)).toBe(1111);
    } finally {
      publication.close();
    }
  });
});

describe('Publication: the drop-media fault', () => {
  it('forwards nothing while the publisher’s media is dropped, then continues the sequence and asks for a keyframe', () => {
    const { publication, plis, sendAll } = simulcastPublication();
    try {
      sendAll(true);
      const link = fakeLink('viewer');
      publication.addLink(link);
      sendAll(true);
      sendAll(false);
      const before = link.received.length;
      const packetsIn = publication.stats().packetsIn.video;
      publication.dropMedia(true);
      expect(publication.droppingMedia).toBe(true);
      sendAll(false);
      sendAll(false);
      expect(link.received.length).toBe(before);
      expect(publication.stats().packetsIn.video).toBe(packetsIn); // dropped on arrival, as if never sent
      const plisBefore = plis.length;
      publication.dropMedia(false);
      expect(plis.length).toBeGreaterThan(plisBefore);
      sendAll(false);
      expect(link.received.length).toBe(before + 1);
      // The subscriber sees no gap: the packet after the outage follows the last one before it.
      const sent = link.sent.slice(-2);
      expect((sent[1]!.sequenceNumber - sent[0]!.sequenceNumber) & 0xffff).toBe(1);
    } finally {
      publication.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { QualitySampler } from './stats';

const report = (records: Array<Record<string, unknown>>): RTCStatsReport => new Map(records.map((r, i) => [String(i), r])) as unknown as RTCStatsReport;

describe('QualitySampler', () => {
  it('computes bitrate, loss, fps, resolution, RTT and audio level for a subscription', () => {
    const s = new QualitySampler(1e17, 'subscribe');
    const first = s.sample([report([{ type: 'inbound-rtp', kind: 'video', bytesReceived: 0, packetsReceived: 0, packetsLost: 0 }])], 1000);
    expect(first.bitrateKbps).toBe(0);
    const second = s.sample(
      [
        report([
          {
            type: 'inbound-rtp',
            kind: 'video',
            bytesReceived: 50_000,
            packetsReceived: 90,
            packetsLost: 10,
            framesPerSecond: 20,
            frameWidth: 640,
            frameHeight: 480,
          },
          { type: 'inbound-rtp', kind: 'audio', bytesReceived: 5_000, packetsReceived: 0, packetsLost: 0, audioLevel: 0.25 },
          { type: 'candidate-pair', nominated: true, currentRoundTripTime: 0.012 },
        ]),
      ],
      2000,
    );
    expect(second).toMatchObject({
      streamId: 1e17,
      bitrateKbps: 440,
      packetLossPercent: 10,
      framesPerSecond: 20,
      width: 640,
      height: 480,
      rttMs: 12,
      audioLevel: 0.25,
    });
  });

  it('survives garbage and counter resets', () => {
    const s = new QualitySampler(1, 'publish');
    s.sample([report([{ type: 'outbound-rtp', kind: 'video', bytesSent: 1e6, packetsSent: 100 }])], 1000);
    const after = s.sample(
      [
        report([
          { type: 'outbound-rtp', kind: 'video', bytesSent: 'x', packetsSent: NaN },
          { type: 'remote-inbound-rtp', roundTripTime: 'bad' },
        ]),
      ],
      2000,
    );
    expect(after).toMatchObject({ bitrateKbps: 0, packetLossPercent: 0, rttMs: undefined, framesPerSecond: undefined });
    expect(s.sample([], 2000).bitrateKbps).toBe(0);
  });
});

describe('QualitySampler, publications', () => {
  it('sums simulcast layers and audio, takes loss from remote-inbound-rtp and the microphone level from media-source', () => {
    const s = new QualitySampler(7, 'publish');
    const layers = (bytes: number, packets: number) => [
      { type: 'outbound-rtp', kind: 'video', rid: '1', bytesSent: bytes, packetsSent: packets, framesPerSecond: 15, frameWidth: 320, frameHeight: 180 },
      { type: 'outbound-rtp', kind: 'video', rid: '2', bytesSent: bytes, packetsSent: packets, framesPerSecond: 30, frameWidth: 640, frameHeight: 360 },
    ];
    s.sample(
      [
        report(layers(0, 0)),
        report([
          { type: 'outbound-rtp', kind: 'audio', bytesSent: 0, packetsSent: 0 },
          { type: 'remote-inbound-rtp', kind: 'audio', packetsLost: 0 },
        ]),
      ],
      1000,
    );
    const q = s.sample(
      [
        report([...layers(10_000, 45), { type: 'candidate-pair', nominated: true, currentRoundTripTime: 0.004 }, { type: 'codec', mimeType: 'video/VP8' }]),
        report([
          { type: 'outbound-rtp', kind: 'audio', bytesSent: 5_000, packetsSent: 50 },
          { type: 'media-source', kind: 'audio', audioLevel: 0.12 },
          { type: 'remote-inbound-rtp', kind: 'audio', packetsLost: 0, roundTripTime: 0.02 },
          { type: 'remote-inbound-rtp', kind: 'video', packetsLost: 14 },
        ]),
      ],
      2000,
    );
    // (2 × 10 000 + 5 000) bytes in 1 s; 14 lost of 14 + 140.
    expect(q).toMatchObject({
      direction: 'publish',
      bitrateKbps: 200,
      packetLossPercent: 9.1,
      rttMs: 20,
      framesPerSecond: 15,
      width: 320,
      height: 180,
      audioLevel: 0.12,
    });
  });
});

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
          { type: 'inbound-rtp', kind: 'video', bytesReceived: 50_000, packetsReceived: 90, packetsLost: 10, framesPerSecond: 20, frameWidth: 640, frameHeight: 480 },
          { type: 'inbound-rtp', kind: 'audio', bytesReceived: 5_000, packetsReceived: 0, packetsLost: 0, audioLevel: 0.25 },
          { type: 'candidate-pair', nominated: true, currentRoundTripTime: 0.012 },
        ]),
      ],
      2000,
    );
    expect(second).toMatchObject({ streamId: 1e17, bitrateKbps: 440, packetLossPercent: 10, framesPerSecond: 20, width: 640, height: 480, rttMs: 12, audioLevel: 0.25 });
  });

  it('survives garbage and counter resets', () => {
    const s = new QualitySampler(1, 'publish');
    s.sample([report([{ type: 'outbound-rtp', kind: 'video', bytesSent: 1e6, packetsSent: 100 }])], 1000);
    const after = s.sample([report([{ type: 'outbound-rtp', kind: 'video', bytesSent: 'x', packetsSent: NaN }, { type: 'remote-inbound-rtp', roundTripTime: 'bad' }])], 2000);
    expect(after).toMatchObject({ bitrateKbps: 0, packetLossPercent: 0, rttMs: undefined, framesPerSecond: undefined });
    expect(s.sample([], 2000).bitrateKbps).toBe(0);
  });
});

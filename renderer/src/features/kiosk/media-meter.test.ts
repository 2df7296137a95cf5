import { describe, expect, it } from 'vitest';
import { MediaMeter, type MeteredCall } from './media-meter';

const stream = {} as MediaStream;

describe('MediaMeter', () => {
  it('counts decoded frames and the bytes of fresh quality samples only', () => {
    const meter = new MediaMeter();
    const sample = { bitrateKbps: 800 };
    const call: MeteredCall = { remotes: [{ key: 'r:1', mediaStream: stream, quality: sample }], localQuality: null, sending: false };
    expect(meter.sample(call, 10, 0)).toEqual({ inbound: { bytes: 0, frames: 10 }, outbound: null });
    // Two seconds later with a new sample: 800 kbit/s for 2 s = 200 kB.
    const next = { ...call, remotes: [{ key: 'r:1', mediaStream: stream, quality: { bitrateKbps: 800 } }] };
    expect(meter.sample(next, 50, 2000).inbound).toEqual({ bytes: 200_000, frames: 50 });
    // The same sample again (stats stopped) and no new frames: the counters stand still, as main must see.
    expect(meter.sample(next, 50, 4000).inbound).toEqual({ bytes: 200_000, frames: 50 });
    // A rejoin replaced the videos: their count starts again at 12, which is 12 more frames, not fewer.
    expect(meter.sample(next, 12, 6000).inbound?.frames).toBe(62);
  });

  it('expects nothing where nothing can flow: nobody to receive, nothing sent', () => {
    const meter = new MediaMeter();
    expect(meter.sample({ remotes: [{ key: 'r:1', mediaStream: null, quality: null }], localQuality: null, sending: false }, 0, 0)).toEqual({
      inbound: null,
      outbound: null,
    });
  });

  it('integrates the outgoing bitrate and frame rate', () => {
    const meter = new MediaMeter();
    meter.sample({ remotes: [], localQuality: null, sending: true }, 0, 0);
    const out = meter.sample({ remotes: [], localQuality: { bitrateKbps: 400, framesPerSecond: 20 }, sending: true }, 0, 1000).outbound;
    expect(out).toEqual({ bytes: 50_000, frames: 20 });
  });
});

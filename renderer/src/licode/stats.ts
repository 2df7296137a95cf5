import type { StreamId } from './messages';

/** One quality sample of a stream, emitted every second (issue: quality indicator and active speaker). */
export interface StreamQuality {
  streamId: StreamId;
  direction: 'publish' | 'subscribe';
  /** Media bitrate over the last interval, kbit/s (audio + video). */
  bitrateKbps: number;
  /** Packets lost over the last interval, in % of packets expected (0–100). */
  packetLossPercent: number;
  /** Round-trip time in ms, when known. */
  rttMs: number | undefined;
  framesPerSecond: number | undefined;
  width: number | undefined;
  height: number | undefined;
  /** 0..1, when an audio track is present. */
  audioLevel: number | undefined;
  /** Erizo's own verdict (dialect C `quality_level`: 0 very low, 1 low, 2 good), if it sent one. */
  serverLevel: number | undefined;
}

interface Totals {
  at: number;
  bytes: number;
  packets: number;
  lost: number;
}

type StatsRecord = Record<string, unknown> & { type: string };

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** Turns successive getStats() reports of one stream's senders or receivers into `StreamQuality` samples. */
export class QualitySampler {
  #previous: Totals | undefined;
  serverLevel: number | undefined;

  constructor(
    readonly streamId: StreamId,
    readonly direction: 'publish' | 'subscribe',
  ) {}

  sample(reports: readonly RTCStatsReport[], now: number): StreamQuality {
    // One pass over the reports (this runs every second for every stream): no intermediate arrays or filters.
    const publish = this.direction === 'publish';
    const rtpType = publish ? 'outbound-rtp' : 'inbound-rtp';
    const totals: Totals = { at: now, bytes: 0, packets: 0, lost: 0 };
    let video: StatsRecord | undefined;
    let audioRtp: StatsRecord | undefined;
    let audioSource: StatsRecord | undefined;
    let remoteInbound: StatsRecord | undefined;
    let pair: StatsRecord | undefined;
    const visit = (r: StatsRecord) => {
      switch (r.type) {
        case rtpType:
          totals.bytes += num(publish ? r['bytesSent'] : r['bytesReceived']) ?? 0;
          totals.packets += num(publish ? r['packetsSent'] : r['packetsReceived']) ?? 0;
          if (!publish) totals.lost += num(r['packetsLost']) ?? 0;
          if (r['kind'] === 'video') video ??= r;
          else if (r['kind'] === 'audio') audioRtp ??= r;
          break;
        case 'remote-inbound-rtp':
          if (publish) totals.lost += num(r['packetsLost']) ?? 0;
          if (num(r['roundTripTime']) !== undefined) remoteInbound ??= r;
          break;
        case 'media-source':
          if (r['kind'] === 'audio') audioSource ??= r;
          break;
        case 'candidate-pair':
          if (r['nominated'] === true && num(r['currentRoundTripTime']) !== undefined) pair ??= r;
          break;
      }
    };
    for (const report of reports) report.forEach(visit);

    const prev = this.#previous;
    this.#previous = totals;
    let bitrateKbps = 0;
    let packetLossPercent = 0;
    if (prev && totals.at > prev.at) {
      bitrateKbps = Math.max(0, ((totals.bytes - prev.bytes) * 8) / (totals.at - prev.at));
      const lost = Math.max(0, totals.lost - prev.lost);
      const got = Math.max(0, totals.packets - prev.packets);
      packetLossPercent = lost + got > 0 ? (100 * lost) / (lost + got) : 0;
    }
    const rttSeconds = num(remoteInbound?.['roundTripTime']) ?? num(pair?.['currentRoundTripTime']);
    return {
      streamId: this.streamId,
      direction: this.direction,
      bitrateKbps: Math.round(bitrateKbps),
      packetLossPercent: Math.round(packetLossPercent * 10) / 10,
      rttMs: rttSeconds === undefined ? undefined : Math.round(rttSeconds * 1000),
      framesPerSecond: num(video?.['framesPerSecond']),
      width: num(video?.['frameWidth']),
      height: num(video?.['frameHeight']),
      audioLevel: num(audioRtp?.['audioLevel']) ?? num(audioSource?.['audioLevel']),
      serverLevel: this.serverLevel,
    };
  }
}

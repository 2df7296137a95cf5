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
    const records: StatsRecord[] = [];
    for (const report of reports) report.forEach((r: StatsRecord) => records.push(r));
    const rtp = records.filter((r) => r.type === (this.direction === 'publish' ? 'outbound-rtp' : 'inbound-rtp'));
    const totals: Totals = { at: now, bytes: 0, packets: 0, lost: 0 };
    for (const r of rtp) {
      totals.bytes += num(this.direction === 'publish' ? r['bytesSent'] : r['bytesReceived']) ?? 0;
      totals.packets += num(this.direction === 'publish' ? r['packetsSent'] : r['packetsReceived']) ?? 0;
    }
    if (this.direction === 'subscribe') for (const r of rtp) totals.lost += num(r['packetsLost']) ?? 0;
    else for (const r of records.filter((x) => x.type === 'remote-inbound-rtp')) totals.lost += num(r['packetsLost']) ?? 0;

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
    const video = rtp.find((r) => r['kind'] === 'video');
    const audioRtp = rtp.find((r) => r['kind'] === 'audio');
    const audioSource = records.find((r) => r.type === 'media-source' && r['kind'] === 'audio');
    const remoteInbound = records.find((r) => r.type === 'remote-inbound-rtp' && num(r['roundTripTime']) !== undefined);
    const pair = records.find((r) => r.type === 'candidate-pair' && r['nominated'] === true && num(r['currentRoundTripTime']) !== undefined);
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

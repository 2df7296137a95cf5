/**
 * 1 publisher (Chromium's fake camera 640x480@20 fps + fake mic; `BENCH_PUBLISHER=wrtc` for a libwebrtc-in-Node
 * test pattern instead) → media plane (werift, in its own process) → 16 subscribers (werift peers that only count
 * RTP; `BENCH_SUBSCRIBER=chromium` for RTCPeerConnections in a Chromium page, with real RTCP feedback and decoding).
 * Measures the media plane process's CPU over a steady 20 s window, the packets it forwarded, and how fast a new
 * subscriber gets media.
 */
import type { BenchResult } from './support/bench-result';
import { MediaPlaneProcess } from './support/media-plane-client';
import { chromiumPublisher, wrtcPublisher, type BenchPublisher } from './support/publishers';
import { chromiumSubscribers, weriftSubscribers, type BenchSubscriber } from './support/subscribers';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 16);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 20_000);
const WARMUP_MS = 3_000;
const STREAM_ID = 314159265358979300;
const TARGET_CPU_PERCENT = 30;

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

export default async function run(): Promise<BenchResult> {
  const publisher: BenchPublisher = process.env.BENCH_PUBLISHER === 'wrtc' ? wrtcPublisher() : await chromiumPublisher();
  const plane = new MediaPlaneProcess();
  const factory = process.env.BENCH_SUBSCRIBER === 'chromium' ? await chromiumSubscribers() : weriftSubscribers();
  const subscribers: BenchSubscriber[] = [];
  try {
    const published = plane.waitFor((event) => event.type === 'publication-ready');
    const offer = await publisher.offer();
    const { sdp: answer } = await plane.request({
      op: 'publish',
      connectionId: 'publisher',
      streamId: STREAM_ID,
      label: offer.label,
      offer: offer.sdp,
    });
    await publisher.applyAnswer(answer!);
    await published;

    // Baseline: the publisher's ingest alone.
    const baseline = (await plane.request({ op: 'measure', durationMs: 5_000 })).measurement!;

    const joinMs: { ready: number; firstPacket: number; firstKeyframe: number }[] = [];
    for (let index = 0; index < SUBSCRIBERS; index += 1) {
      const subscriber = await factory.create(index);
      subscribers.push(subscriber);
      const connectionId = `subscriber-${index}`;
      const started = performance.now();
      const ready = plane.waitFor((event) => event.connectionId === connectionId && event.type === 'ready');
      const { sdp: offer } = await plane.request({ op: 'subscribe', connectionId, streamId: STREAM_ID });
      await plane.request({ op: 'answer', connectionId, sdp: await subscriber.answer(offer!) });
      await ready;
      const readyAt = performance.now();
      const firstVideoAt = await subscriber.firstVideoAt(10_000);
      joinMs.push({
        ready: readyAt - started,
        firstPacket: (subscriber.firstPacketAt() ?? NaN) - started,
        firstKeyframe: firstVideoAt - started,
      });
    }

    await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
    const received = await Promise.all(subscribers.map((subscriber) => subscriber.videoPackets()));
    const window = (await plane.request({ op: 'measure', durationMs: WINDOW_MS })).measurement!;
    const after = await Promise.all(subscribers.map((subscriber) => subscriber.videoPackets()));
    const receivedInWindow = after.map((packets, index) => ({ video: packets - received[index]! }));

    const cpuPercent = (m: typeof window): number => ((m.userUs + m.systemUs) / 1000 / m.wallMs) * 100;
    const forwarded = window.packetsOut.audio + window.packetsOut.video;
    const seconds = window.wallMs / 1000;
    const perPacketUs = (window.userUs + window.systemUs) / Math.max(1, forwarded + window.packetsIn.audio + window.packetsIn.video);
    const minVideoPerSubscriber = Math.min(...receivedInWindow.map((r) => r.video)) / seconds;
    const firstVideo = process.env.BENCH_SUBSCRIBER === 'chromium' ? 'decoded frame' : 'keyframe';
    const table = [
      { metric: 'subscribers', value: SUBSCRIBERS },
      { metric: 'media plane CPU, publisher only (% of one core)', value: round(cpuPercent(baseline)) },
      { metric: `media plane CPU, 1 → ${SUBSCRIBERS} (% of one core)`, value: round(cpuPercent(window)) },
      { metric: 'target (% of one core)', value: TARGET_CPU_PERCENT },
      { metric: 'packets in /s (audio + video)', value: round((window.packetsIn.audio + window.packetsIn.video) / seconds) },
      { metric: 'packets forwarded /s (audio + video)', value: round(forwarded / seconds) },
      { metric: 'video packets forwarded /s', value: round(window.packetsOut.video / seconds) },
      { metric: 'CPU per packet handled (µs)', value: round(perPacketUs) },
      { metric: 'lowest subscriber video packets /s', value: round(minVideoPerSubscriber) },
      {
        metric: 'subscribe → ICE+DTLS ready, median (ms)',
        value: round(
          percentile(
            joinMs.map((j) => j.ready),
            50,
          ),
        ),
      },
      {
        metric: 'subscribe → first RTP, median (ms)',
        value: round(
          percentile(
            joinMs.map((j) => j.firstPacket),
            50,
          ),
        ),
      },
      {
        metric: `subscribe → first ${firstVideo}, median (ms)`,
        value: round(
          percentile(
            joinMs.map((j) => j.firstKeyframe),
            50,
          ),
        ),
      },
      { metric: `subscribe → first ${firstVideo}, max (ms)`, value: round(Math.max(...joinMs.map((j) => j.firstKeyframe))) },
      { metric: 'media plane RSS (MiB)', value: round(window.rssBytes / 2 ** 20) },
    ];
    const cpu = cpuPercent(window);
    return {
      table: table.filter((row) => !Number.isNaN(row.value)),
      notes: [
        `${cpu <= TARGET_CPU_PERCENT ? '✓' : '✗'} media plane CPU ${round(cpu)} % of one core (target < ${TARGET_CPU_PERCENT} %) over ${round(seconds)} s`,
        `Publisher: ${publisher.description}; subscribers: ${factory.description}; all on 127.0.0.1.`,
      ],
      data: {
        publisher: publisher.description,
        subscriberKind: factory.description,
        baseline,
        window,
        joinMs,
        receivedInWindow,
        subscribers: SUBSCRIBERS,
        windowMs: WINDOW_MS,
      },
    };
  } finally {
    for (const subscriber of subscribers) await subscriber.close().catch(() => undefined);
    await factory.close();
    await publisher.close();
    await plane.close();
  }
}

/**
 * CPU cost of synthetic participants: N bots (@roamhq/wrtc, 320x240@15 fps test pattern + tone) publishing into an
 * in-process media plane, as `npm run server -- --bots N` runs them. process.cpuUsage() covers the bots' JS timers,
 * libwebrtc's encoder threads and the plane's ingest of their packets.
 */
import { startSyntheticPublisher, type SyntheticPublisher } from '../e2e/server/bots/index';
import { createMediaPlane } from '../e2e/server/media/index';
import type { BenchResult } from './support/bench-result';

const BOTS = Number(process.env.BENCH_BOTS ?? 4);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 20_000);
const round = (value: number): number => Number(value.toFixed(1));

export default async function run(): Promise<BenchResult> {
  const plane = createMediaPlane();
  const bots: SyntheticPublisher[] = [];
  try {
    const startedAt = performance.now();
    for (let index = 0; index < BOTS; index += 1) {
      bots.push(await startSyntheticPublisher(plane, { streamId: 1e17 + index * 1024, label: `bench-bot-${index}`, name: `Bot ${index + 1}` }));
    }
    const startupMs = (performance.now() - startedAt) / BOTS;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const before = bots.map((bot) => plane.stats(bot.streamId)!);
    const cpu = process.cpuUsage();
    const start = performance.now();
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
    const used = process.cpuUsage(cpu);
    const wallMs = performance.now() - start;
    const after = bots.map((bot) => plane.stats(bot.streamId)!);
    const percent = ((used.user + used.system) / 1000 / wallMs) * 100;
    const videoPps = after.reduce((sum, stats, index) => sum + stats.packetsIn.video - before[index]!.packetsIn.video, 0) / (wallMs / 1000) / BOTS;
    return {
      table: [
        { metric: 'bots', value: BOTS },
        { metric: 'process CPU, all bots (% of one core)', value: round(percent) },
        { metric: 'CPU per bot (% of one core)', value: round(percent / BOTS) },
        { metric: 'video packets /s per bot', value: round(videoPps) },
        { metric: 'start-up per bot until media flows (ms)', value: round(startupMs) },
      ],
      notes: ['Bots: 320x240@15 fps VP8 + 48 kHz tone; CPU includes libwebrtc encoding and the plane ingesting their RTP.'],
      data: { bots: BOTS, windowMs: wallMs, cpu: used },
    };
  } finally {
    for (const bot of bots) await bot.close();
    await plane.close();
  }
}

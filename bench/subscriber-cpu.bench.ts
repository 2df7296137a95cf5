/**
 * Adaptive subscriptions, measured where they matter: the CPU of the browser that *receives* a growing room.
 *
 * Test server (dialect C, werift media plane) in this process. A publisher browser runs up to MAX_PUBLISHERS harness
 * pages, each publishing Chromium's fake camera at 1280x720 with three rid simulcast layers (320, 640 and 1280 wide),
 * as the call view does. A second, separate browser holds one subscriber page; its whole process tree (browser, GPU,
 * renderer, utility processes) is what is measured, from /proc.
 *
 * For n = 1, 2, … MAX_PUBLISHERS remote videos the subscriber's CPU is sampled twice over WINDOW_MS:
 *   uncapped   every subscription at full size (what a client without adaptive subscriptions decodes)
 *   thumbnails every subscription capped with updatestream to 320x180 (what the call view asks for small tiles)
 * Before each window the decoded sizes are checked, so the figures describe the frames really decoded.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { join } from 'node:path';
import { buildHarness, HARNESS_OUT, serveHarness } from '../e2e/harness/serve';
import { startTestServer, type RunningTestServer } from '../e2e/server/index';
import { chromiumLaunchOptions } from '../e2e/support/chromium';
import type { BenchResult } from './support/bench-result';
import { createToken, openHarness } from './support/harness-pages';
import { findProcessByArgument, processTreeCpuSeconds } from './support/process-tree-cpu';

const MAX_PUBLISHERS = Math.max(1, Number(process.env.BENCH_PUBLISHERS ?? 4));
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 10_000);
const ROOM = 'bench-adaptive';
const THUMB = { width: 320, height: 180, frameRate: 15 };
/** Its own build directory, so the benchmark can run while the e2e specs serve theirs. */
const HARNESS_DIR = join(HARNESS_OUT, '..', 'harness-bench');
/** Chromium ignores switches it does not know; this one only marks the subscriber's browser process in /proc. */
const SUBSCRIBER_MARKER = `--licode-bench-subscriber=${process.pid}`;

type Mode = 'uncapped' | 'thumbnails';
interface Sample {
  mode: Mode;
  videos: number;
  cpuPercent: number;
  /** CPU time per decoded frame: fair when the two modes decode at different frame rates. */
  cpuMsPerFrame: number;
  decodedWidths: number[];
  framesPerSecond: number;
}

const round = (value: number): number => Number(value.toFixed(1));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function addPublisher(browser: Browser, url: string, server: RunningTestServer, index: number): Promise<number> {
  const page = await openHarness(browser, url);
  const token = await createToken(server, ROOM, `publisher-${index}`);
  const id = await page.evaluate(async (t) => {
    await window.licodeHarness.join(t, { generation: 'C', autoSubscribe: false });
    return window.licodeHarness.publish({ audio: false, video: { width: 1280, height: 720 }, simulcast: { layers: 3 } });
  }, token);
  if (id === undefined) throw new Error(`publisher ${index}: the publication has no stream id`);
  return id;
}

/** Decoded width and total decoded frames of every subscribed video. */
function decoded(page: Page): Promise<Array<{ id: number; width: number; frames: number }>> {
  return page.evaluate(async () => (await window.licodeHarness.media()).map((m) => ({ id: m.id, width: m.width, frames: m.framesDecoded })));
}

/** Waits until every video decodes frames of the expected width class (≤ 320 capped, > 320 uncapped). */
async function settle(page: Page, ids: number[], mode: Mode): Promise<void> {
  const fits = (width: number) => (mode === 'thumbnails' ? width > 0 && width <= THUMB.width : width > THUMB.width);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const media = await decoded(page);
    if (ids.every((id) => fits(media.find((m) => m.id === id)?.width ?? 0))) return;
    await sleep(250);
  }
  throw new Error(`${mode}: the subscriptions did not reach the expected size within 30 s: ${JSON.stringify(await decoded(page))}`);
}

async function measure(page: Page, subscriberPid: number, ids: number[], mode: Mode): Promise<Sample> {
  await settle(page, ids, mode);
  await sleep(2_000); // the layer switch's keyframe and decoder re-init are not steady state
  const before = await decoded(page);
  const cpuBefore = processTreeCpuSeconds(subscriberPid);
  const started = performance.now();
  await sleep(WINDOW_MS);
  const cpuSeconds = processTreeCpuSeconds(subscriberPid) - cpuBefore;
  const seconds = (performance.now() - started) / 1_000;
  const after = await decoded(page);
  const frames = after.reduce((sum, m) => sum + m.frames, 0) - before.reduce((sum, m) => sum + m.frames, 0);
  return {
    mode,
    videos: ids.length,
    cpuPercent: (100 * cpuSeconds) / seconds,
    cpuMsPerFrame: frames > 0 ? (1_000 * cpuSeconds) / frames : NaN,
    decodedWidths: after.filter((m) => ids.includes(m.id)).map((m) => m.width),
    framesPerSecond: frames / seconds / ids.length,
  };
}

export default async function run(): Promise<BenchResult> {
  await buildHarness(HARNESS_DIR);
  const harness = await serveHarness(HARNESS_DIR);
  const server = await startTestServer({ dialect: 'C' });
  const publishers = await chromium.launch(chromiumLaunchOptions());
  const subscriberBrowser = await chromium.launch(chromiumLaunchOptions([SUBSCRIBER_MARKER]));
  try {
    const subscriberPid = findProcessByArgument(SUBSCRIBER_MARKER);
    const subscriber = await openHarness(subscriberBrowser, harness.url);
    await subscriber.evaluate((t) => window.licodeHarness.join(t, { generation: 'C', autoSubscribe: false }), await createToken(server, ROOM, 'subscriber'));
    const ids: number[] = [];
    const samples: Sample[] = [];
    for (let n = 1; n <= MAX_PUBLISHERS; n += 1) {
      const id = await addPublisher(publishers, harness.url, server, n);
      ids.push(id);
      await subscriber.waitForFunction((streamId) => window.licodeHarness.state().remotes.some((r) => r.id === streamId), id, { timeout: 30_000 });
      await subscriber.evaluate((streamId) => window.licodeHarness.subscribe(streamId), id);
      for (const streamId of ids) await subscriber.evaluate((s) => window.licodeHarness.updateSubscription(s, { maxResolution: null }), streamId);
      samples.push(await measure(subscriber, subscriberPid, ids, 'uncapped'));
      for (const streamId of ids)
        await subscriber.evaluate(([s, cap]) => window.licodeHarness.updateSubscription(s, { maxResolution: cap }), [streamId, THUMB] as const);
      samples.push(await measure(subscriber, subscriberPid, ids, 'thumbnails'));
    }
    const table = samples.map((s) => ({
      videos: s.videos,
      mode: s.mode,
      'subscriber CPU (% of one core)': round(s.cpuPercent),
      'per video (%)': round(s.cpuPercent / s.videos),
      'CPU ms per decoded frame': Number(s.cpuMsPerFrame.toFixed(2)),
      'decoded width': [...new Set(s.decodedWidths)].join('/'),
      'fps per video': round(s.framesPerSecond),
    }));
    const growth = (mode: Mode) => {
      const of = (n: number) => samples.find((s) => s.mode === mode && s.videos === n)?.cpuPercent ?? NaN;
      return round((of(MAX_PUBLISHERS) - of(1)) / Math.max(1, MAX_PUBLISHERS - 1));
    };
    return {
      table,
      notes: [
        `Growth per added video, 1 → ${MAX_PUBLISHERS}: uncapped +${growth('uncapped')} %, thumbnails +${growth('thumbnails')} % of one core.`,
        "Publishers: Chromium fake camera 1280x720, three rid layers (dialect C) within Licode's default 300 kbit/s, so the top layer drops frames for lack of bitrate and publisher CPU; compare the CPU per decoded frame too.",
        'Subscriber: one page in its own browser, every video rendered; CPU is its whole process tree (browser, GPU, renderer, utilities).',
        `Window ${WINDOW_MS / 1000} s per sample after the decoded sizes settled. The publishers share the 2 cores, so read the figures as relative.`,
      ],
      data: { samples, maxPublishers: MAX_PUBLISHERS, windowMs: WINDOW_MS },
    };
  } finally {
    await subscriberBrowser.close();
    await publishers.close();
    await server.close();
    await harness.close();
  }
}

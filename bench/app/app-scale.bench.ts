/**
 * Issue 17, scale: 4, 9, 16 and 25 remote participants (the test server's bots: 320x180 at 15 fps VP8 + Opus, one
 * layer) in one page at 1280×720, dialect C:
 * - "app": the whole app in the web host, with its adaptive subscriptions (subscription-caps.ts: caps per tile
 *   size; subscription-scheduler.ts: media for the tiles of the grid page (up to 25 at 1280×720, grid-fit.ts), audio only for the others);
 * - "no adaptation": the app has no switch to turn them off (and none was added: it would be a bench-only code path),
 *   so the same Licode library in the e2e harness page subscribes to every stream uncapped and renders each in a
 *   <video> — what a client without adaptation does.
 * Per configuration, after the videos settled: decoded fps per tile over a window, CPU of the browser's process
 * tree and of the server process (incl. its bots' encoders) from /proc, and the page's JS heap after a GC.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { join } from 'node:path';
import { heapMb } from '../../e2e/hostile/responsiveness';
import { buildHarness, HARNESS_OUT, serveHarness } from '../../e2e/harness/serve';
import { chromiumLaunchOptions } from '../../e2e/support/chromium';
import type { BenchResult } from '../support/bench-result';
import { findProcessByArgument, processTreeCpuSeconds } from '../support/process-tree-cpu';
import { presenterToken, startServerProcess, type ServerProcess } from './support/server-process';
import { median, round } from './support/stats';
import { MOST_REMOTE_TILES } from '../../renderer/src/features/call/grid-fit';
import { goToPreJoin, newPerson, ensureFreshBuild, ROOM, startWebHost } from './support/web-host-app';

export interface ScaleBenchOptions {
  sizes: readonly number[];
  /** After every tile shows video, before the window. */
  settleMs: number;
  windowMs: number;
}

export const FULL_SCALE_BENCH: ScaleBenchOptions = { sizes: [4, 9, 16, 25], settleMs: 4_000, windowMs: 10_000 };

/** The bots send 15 fps; a tile showing ≥ 14.5 fps shows every frame within the window's jitter. */
const SOURCE_FPS = 15;
const FULL_RATE_FPS = 14.5;
/** Remote tiles on one page of the app's grid at 1280×720 (grid-fit.ts remoteTilesPerPage: the most, 25, fit). */
const APP_PAGE_TILES = MOST_REMOTE_TILES;
const HARNESS_DIR = join(HARNESS_OUT, '..', 'harness-bench');
const MARKER = `--licode-bench-scale=${process.pid}`;

export interface ScaleSample {
  mode: 'app' | 'no adaptation';
  remotes: number;
  tiles: number;
  fps: number[];
  /** Median frame rate the bots delivered to the media plane over the same window. */
  sourceFps: number;
  browserCpuPercent: number;
  serverCpuPercent: number;
  heapMb: number;
}

/**
 * Video frames each bot's publication delivered to the media plane so far (the plane counts frame ends): whether the
 * bots, sharing the machine, still send 15 fps is what a tile's rate is compared with.
 */
async function botFramesSent(server: ServerProcess): Promise<Map<number, number>> {
  const streams = await server.admin.streams();
  return new Map(streams.flatMap((stream) => (stream.media ? [[stream.id, stream.media.videoFramesIn] as [number, number]] : [])));
}

/** Frames shown so far by each remote video of the page (app tiles or harness videos). */
function videoFrames(page: Page, selector: string): Promise<number[]> {
  return page.evaluate(
    (selector) => [...document.querySelectorAll<HTMLVideoElement>(selector)].map((video) => video.getVideoPlaybackQuality().totalVideoFrames),
    selector,
  );
}

async function measureWindow(page: Page, selector: string, expected: number, browserPid: number, server: ServerProcess, options: ScaleBenchOptions) {
  await page.waitForFunction(
    ({ selector, expected }) =>
      [...document.querySelectorAll<HTMLVideoElement>(selector)].filter((video) => video.getVideoPlaybackQuality().totalVideoFrames > 0).length >= expected,
    { selector, expected },
    { timeout: 60_000, polling: 250 },
  );
  await new Promise((resolve) => setTimeout(resolve, options.settleMs));
  const before = await videoFrames(page, selector);
  const sentBefore = await botFramesSent(server);
  const browserCpu = processTreeCpuSeconds(browserPid);
  const serverCpu = processTreeCpuSeconds(server.pid);
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, options.windowMs));
  const after = await videoFrames(page, selector);
  const sentAfter = await botFramesSent(server);
  const seconds = (performance.now() - started) / 1000;
  const sent = [...sentAfter].flatMap(([id, frames]) => (sentBefore.has(id) ? [round((frames - sentBefore.get(id)!) / seconds)] : []));
  return {
    tiles: after.length,
    fps: after.map((frames, index) => round((frames - (before[index] ?? 0)) / seconds)),
    sourceFps: round(median(sent)),
    browserCpuPercent: round(((processTreeCpuSeconds(browserPid) - browserCpu) / seconds) * 100),
    serverCpuPercent: round(((processTreeCpuSeconds(server.pid) - serverCpu) / seconds) * 100),
    heapMb: round(await heapMb(page)),
  };
}

async function measureApp(browser: Browser, browserPid: number, server: ServerProcess, remotes: number, options: ScaleBenchOptions): Promise<ScaleSample> {
  const host = await startWebHost({ restUrl: server.restUrl });
  const context = await newPerson(browser);
  try {
    const page = await context.newPage();
    await page.goto(host.url);
    await goToPreJoin(page, 'Viewer');
    await page.getByRole('button', { name: 'Join now' }).click();
    const measured = await measureWindow(page, '[data-tile^="r:"] video', Math.min(remotes, APP_PAGE_TILES), browserPid, server, options);
    await page.getByRole('button', { name: 'Leave', exact: true }).click();
    return { mode: 'app', remotes, ...measured };
  } finally {
    await context.close();
    await host.close();
  }
}

async function measureLibraryOnly(
  browser: Browser,
  harnessUrl: string,
  browserPid: number,
  server: ServerProcess,
  remotes: number,
  options: ScaleBenchOptions,
): Promise<ScaleSample> {
  const context = await newPerson(browser);
  try {
    const page = await context.newPage();
    await page.goto(harnessUrl);
    await page.waitForFunction(() => !!window.licodeHarness);
    const token = await presenterToken(server.restUrl, ROOM, 'viewer');
    await page.evaluate(async (token) => {
      await window.licodeHarness.join(token, { generation: 'C', autoSubscribe: true });
      await window.licodeHarness.publish();
    }, token);
    const measured = await measureWindow(page, 'video[data-stream-id]', remotes, browserPid, server, options);
    await page.evaluate(() => window.licodeHarness.leave());
    return { mode: 'no adaptation', remotes, ...measured };
  } finally {
    await context.close();
  }
}

export async function measureScale(options: ScaleBenchOptions): Promise<BenchResult> {
  ensureFreshBuild();
  await buildHarness(HARNESS_DIR);
  const harness = await serveHarness(HARNESS_DIR);
  const server = await startServerProcess('C');
  const browser = await chromium.launch(chromiumLaunchOptions([MARKER]));
  try {
    const browserPid = findProcessByArgument(MARKER);
    const samples: ScaleSample[] = [];
    let bots = 0;
    let botsAhead = false;
    for (const remotes of options.sizes) {
      for (; bots < remotes; bots += 1) await server.admin.addBot(ROOM, `Bot ${bots + 1}`);
      botsAhead = server.runAheadOfBrowser();
      samples.push(await measureApp(browser, browserPid, server, remotes, options));
      samples.push(await measureLibraryOnly(browser, harness.url, browserPid, server, remotes, options));
    }
    const table = samples.map((sample) => ({
      mode: sample.mode,
      remotes: sample.remotes,
      'tiles decoding': sample.tiles,
      'fps median': round(median(sample.fps)),
      'fps min': round(Math.min(...sample.fps)),
      'bots sent fps': sample.sourceFps,
      [`tiles ≥ ${FULL_RATE_FPS} fps`]: sample.fps.filter((fps) => fps >= FULL_RATE_FPS).length,
      'browser CPU %': sample.browserCpuPercent,
      'server CPU %': sample.serverCpuPercent,
      'heap MB': sample.heapMb,
    }));
    return {
      table,
      notes: [
        `Bots: 320x180 at ${SOURCE_FPS} fps, one layer; a tile at ≥ ${FULL_RATE_FPS} fps shows every frame sent. CPU: 100 % = one core.`,
        botsAhead
          ? "The test server's threads (SFU and bots, standing in for other people's computers) ran at a higher priority than the browser: the browser got what they left."
          : 'The test server and the browser ran at the same priority (raising it was not allowed): the bots compete with the browser for the cores.',
        `At 1280×720 the app shows up to ${APP_PAGE_TILES} remote tiles on one page (26 cells with the own tile); more would get audio only.`,
      ],
      data: { options, sourceFps: SOURCE_FPS, fullRateFps: FULL_RATE_FPS, appPageTiles: APP_PAGE_TILES, botsAhead, samples },
    };
  } finally {
    await browser.close();
    await server.close();
    await harness.close();
  }
}

export default function run(): Promise<BenchResult> {
  return measureScale(FULL_SCALE_BENCH);
}

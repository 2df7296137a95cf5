/**
 * Main-thread cost of a steady one-to-one call in the real app UI (issue 9, defect 3: target ≤ 1.5 % busy).
 *
 * Per run, everything fresh: the Licode test server (dialect C, werift media plane) with one bot publishing a moving
 * 320x180 pattern and a tone, the web host serving `out/renderer` (run `npm run build` first), and Debian's Chromium
 * with fake camera + microphone. The app is driven like a person: home → pre-join → Join now; it publishes camera and
 * microphone (three simulcast layers) and subscribes to the bot. Once the bot's video and the self view both decode,
 * it waits STEADY_MS, then
 *   1. measures the page's main thread over WINDOW_MS with DevTools `Performance.getMetrics` (Δ TaskDuration / Δ wall),
 *   2. traces it over TRACE_MS (top-level tasks by kind: which timers, events, rendering — native work included),
 *   3. profiles it over PROFILE_MS with the V8 sampling profiler (self time per function and module, source-mapped).
 * The windows are separate because the profiler's and the tracer's own overhead would inflate the busy figure.
 *
 * For comparison the same measurement runs on the e2e harness page (`licodeHarness`: the client library with bare
 * video elements and no UI — the closest thing here to Licode's own example page), REFERENCE_RUNS times.
 *
 * Environment: BENCH_RUNS (3), BENCH_REFERENCE_RUNS (1), BENCH_STEADY_MS (10000), BENCH_WINDOW_MS (30000),
 * BENCH_PROFILE_MS (15000), BENCH_TRACE_MS (10000; 0 = no trace), BENCH_RENDERER_DIR (out/renderer).
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerProfile } from '../../common/api-contract';
import { DEFAULT_RENDERER_DIR, startWebHostApp } from '../../main/web-host/app';
import { buildHarness, HARNESS_OUT, serveHarness } from '../../e2e/harness/serve';
import { startTestServer, type RunningTestServer } from '../../e2e/server/index';
import { chromiumLaunchOptions } from '../../e2e/support/chromium';
import type { BenchResult } from '../support/bench-result';
import { createToken, openHarness } from '../support/harness-pages';
import { measureBusy, profileWindow, traceWindow, type BusyWindow } from './busy-window';
import { BundleSources, summariseProfile, type Contributor, type CpuProfile, type ProfileSummary } from './profile-summary';
import { summariseTrace, type TaskKind, type TraceSummary } from './trace-summary';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const REFERENCE_RUNS = Math.max(0, Number(process.env.BENCH_REFERENCE_RUNS ?? 1));
const STEADY_MS = Number(process.env.BENCH_STEADY_MS ?? 10_000);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 30_000);
const PROFILE_MS = Number(process.env.BENCH_PROFILE_MS ?? 15_000);
const TRACE_MS = Number(process.env.BENCH_TRACE_MS ?? 10_000);
/** Another renderer build to measure (e.g. an older commit's `out/renderer`, for a before/after on one machine). */
const RENDERER_DIR = process.env.BENCH_RENDERER_DIR ?? DEFAULT_RENDERER_DIR;
const TARGET_PERCENT = 1.5;
const ROOM = 'bench-main-thread';
const BOT = 'Bot 1';
/** Its own harness build, so the benchmark can run while the e2e specs serve theirs. */
const HARNESS_DIR = join(HARNESS_OUT, '..', 'harness-bench-main-thread');

type Subject = 'app' | 'harness';
interface RunResult {
  subject: Subject;
  run: number;
  busy: BusyWindow;
  profile: ProfileSummary;
  trace: TraceSummary | undefined;
  /** Decoded frames per second of the bot's video during the busy window (proves media kept flowing). */
  remoteFps: number;
  load: { before: number; after: number };
  rawProfile: CpuProfile;
  sources: BundleSources;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/** Total decoded frames of the <video> elements matched by `selector` that are playing a stream. */
function framesOf(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    let frames = 0;
    for (const video of document.querySelectorAll<HTMLVideoElement>(sel)) {
      if (video.srcObject && !video.paused) frames += video.getVideoPlaybackQuality().totalVideoFrames;
    }
    return frames;
  }, selector);
}

async function waitForFrames(page: Page, selector: string, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let first = -1;
  while (Date.now() < deadline) {
    const frames = await framesOf(page, selector);
    if (first < 0 && frames > 0) first = frames;
    if (first > 0 && frames > first + 5) return;
    await sleep(250);
  }
  throw new Error(`${what} never decoded moving video`);
}

/** Home → pre-join → call, the way e2e/meeting/fixtures.ts joinFromHome does it. */
async function joinApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Room name').fill(ROOM);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Your name').fill('Ada');
  await page.locator('video').first().waitFor();
  await page.waitForFunction(() => {
    const video = document.querySelector('video');
    return !!video && video.videoWidth > 0 && !video.paused;
  });
  await page.getByRole('button', { name: 'Join now' }).click();
  await page.getByRole('heading', { name: `Meeting ${ROOM}` }).waitFor({ timeout: 30_000 });
}

async function measureSteady(page: Page, remoteSelector: string, subject: Subject, run: number, sources: BundleSources): Promise<RunResult> {
  await sleep(STEADY_MS);
  const framesBefore = await framesOf(page, remoteSelector);
  const loadBefore = loadavg()[0]!;
  const busy = await measureBusy(page, WINDOW_MS);
  const loadAfter = loadavg()[0]!;
  const remoteFps = ((await framesOf(page, remoteSelector)) - framesBefore) / (busy.wallMs / 1_000);
  // Trace before profiling: the profiler's own garbage would show up as GC tasks in the trace.
  const trace = TRACE_MS > 0 ? summariseTrace(await traceWindow(page, TRACE_MS), sources, 40) : undefined;
  const rawProfile = await profileWindow(page, PROFILE_MS);
  const profile = summariseProfile(rawProfile, sources);
  return {
    subject,
    run,
    busy,
    profile,
    trace,
    remoteFps: round(remoteFps, 1),
    load: { before: round(loadBefore), after: round(loadAfter) },
    rawProfile,
    sources,
  };
}

async function withServer<T>(body: (server: RunningTestServer) => Promise<T>): Promise<T> {
  const server = await startTestServer({ dialect: 'C', bots: 1, botsRoom: ROOM });
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}

async function withBrowser<T>(body: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    return await body(browser);
  } finally {
    await browser.close();
  }
}

async function appRun(run: number, sources: BundleSources): Promise<RunResult> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'licode-bench-'));
  try {
    return await withServer(async (server) => {
      const host = await startWebHostApp({ port: 0, userDataDir, rendererDir: RENDERER_DIR });
      try {
        const profile: ServerProfile = {
          id: 'bench',
          name: 'Bench server',
          serverUrl: server.restUrl,
          generation: 'auto',
          defaultRole: 'presenter',
          allowSelfSigned: false,
        };
        await host.config.update((config) => ({ ...config, profiles: [profile], activeProfileId: profile.id }));
        return await withBrowser(async (browser) => {
          const context = await browser.newContext({ permissions: ['camera', 'microphone'], viewport: { width: 1280, height: 720 } });
          const page = await context.newPage();
          await joinApp(page, host.url);
          const remote = `[data-tile][data-name="${BOT}"] video`;
          await waitForFrames(page, remote, BOT);
          await waitForFrames(page, '[data-tile="local"] video', 'the self view');
          return measureSteady(page, remote, 'app', run, sources);
        });
      } finally {
        await host.close();
      }
    });
  } finally {
    await rm(userDataDir, { recursive: true, force: true });
  }
}

async function harnessRun(run: number, url: string, sources: BundleSources): Promise<RunResult> {
  return withServer((server) =>
    withBrowser(async (browser) => {
      const page = await openHarness(browser, url);
      await page.setViewportSize({ width: 1280, height: 720 });
      const token = await createToken(server, ROOM, 'reference');
      await page.evaluate(async (t) => {
        await window.licodeHarness.join(t, { generation: 'C' });
        // What the app publishes: camera (ideal 1280x720) with three simulcast layers, and the microphone.
        await window.licodeHarness.publish({ audio: true, video: { width: 1280, height: 720 }, simulcast: { layers: 3 } });
      }, token);
      await waitForFrames(page, 'video', 'the bot (harness)');
      return measureSteady(page, 'video', 'harness', run, sources);
    }),
  );
}

/** Top contributors over several runs: self time summed over the runs' profiles, as % of their summed wall time. */
function mergedContributors(results: RunResult[], key: 'functions' | 'modules', top = 12): Contributor[] {
  const totals = new Map<string, number>();
  let wallMs = 0;
  for (const result of results) {
    const full = summariseProfile(result.rawProfile, result.sources, Number.POSITIVE_INFINITY);
    wallMs += full.wallMs;
    for (const entry of full[key]) totals.set(entry.name, (totals.get(entry.name) ?? 0) + entry.selfMs);
  }
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, selfMs]) => ({ name, selfMs: round(selfMs, 1), percent: round((100 * selfMs) / wallMs, 3) }));
}

/** Task kinds averaged over the runs that have a trace. */
function mergedTaskKinds(results: RunResult[], top = 15): TaskKind[] {
  const traces = results.map((r) => r.trace).filter((t): t is TraceSummary => t !== undefined);
  const totals = new Map<string, { percent: number; tasksPerSecond: number }>();
  for (const trace of traces) {
    for (const k of trace.kinds) {
      const entry = totals.get(k.kind) ?? { percent: 0, tasksPerSecond: 0 };
      entry.percent += k.percent / traces.length;
      entry.tasksPerSecond += k.tasksPerSecond / traces.length;
      totals.set(k.kind, entry);
    }
  }
  return [...totals.entries()]
    .sort((a, b) => b[1].percent - a[1].percent)
    .slice(0, top)
    .map(([kind, v]) => ({ kind, percent: round(v.percent, 3), tasksPerSecond: round(v.tasksPerSecond, 1) }));
}

export default async function run(): Promise<BenchResult> {
  const results: RunResult[] = [];
  const appSources = new BundleSources(join(RENDERER_DIR, 'assets'));
  for (let i = 1; i <= RUNS; i += 1) {
    console.log(`  app run ${i}/${RUNS}…`);
    results.push(await appRun(i, appSources));
  }
  if (REFERENCE_RUNS > 0) {
    await buildHarness(HARNESS_DIR);
    const harness = await serveHarness(HARNESS_DIR);
    try {
      const harnessSources = new BundleSources(join(HARNESS_DIR, 'assets'));
      for (let i = 1; i <= REFERENCE_RUNS; i += 1) {
        console.log(`  harness run ${i}/${REFERENCE_RUNS}…`);
        results.push(await harnessRun(i, harness.url, harnessSources));
      }
    } finally {
      await harness.close();
    }
  }

  const row = (label: string, r: RunResult) => ({
    subject: label,
    'busy %': r.busy.busyPercent,
    'script %': r.busy.scriptPercent,
    'style %': r.busy.stylePercent,
    'layout %': r.busy.layoutPercent,
    'thread CPU %': r.busy.threadCpuPercent,
    'profiler busy %': r.profile.busyPercent,
    'tasks/s': r.trace?.tasksPerSecond ?? NaN,
    'style recalcs/s': round(r.busy.styleRecalcs / (r.busy.wallMs / 1_000), 1),
    'bot video fps': r.remoteFps,
    'load (1 min)': `${r.load.before} → ${r.load.after}`,
  });
  const table = results.map((r) => row(`${r.subject} #${r.run}`, r));
  const medians: Record<Subject, number | undefined> = { app: undefined, harness: undefined };
  for (const subject of ['app', 'harness'] as const) {
    const of = results.filter((r) => r.subject === subject);
    if (of.length === 0) continue;
    medians[subject] = round(median(of.map((r) => r.busy.busyPercent)));
    table.push({
      subject: `${subject} median (${of.length})`,
      'busy %': medians[subject],
      'script %': round(median(of.map((r) => r.busy.scriptPercent))),
      'style %': round(median(of.map((r) => r.busy.stylePercent))),
      'layout %': round(median(of.map((r) => r.busy.layoutPercent))),
      'thread CPU %': round(median(of.map((r) => r.busy.threadCpuPercent))),
      'profiler busy %': round(median(of.map((r) => r.profile.busyPercent))),
      'tasks/s': round(median(of.map((r) => r.trace?.tasksPerSecond ?? NaN)), 1),
      'style recalcs/s': round(median(of.map((r) => r.busy.styleRecalcs / (r.busy.wallMs / 1_000))), 1),
      'bot video fps': round(median(of.map((r) => r.remoteFps)), 1),
      'load (1 min)': `${round(median(of.map((r) => r.load.before)))} median`,
    });
  }
  const appResults = results.filter((r) => r.subject === 'app');
  const topFunctions = mergedContributors(appResults, 'functions');
  const topModules = mergedContributors(appResults, 'modules');
  const taskKinds = mergedTaskKinds(appResults);
  const list = (entries: Contributor[]) => entries.map((e) => `    ${e.percent.toFixed(3).padStart(7)} %  ${e.name}`);
  return {
    table,
    notes: [
      `App median busy ${medians.app} % of the main thread over ${RUNS} runs (target ≤ ${TARGET_PERCENT} %: ${medians.app !== undefined && medians.app <= TARGET_PERCENT ? 'met' : 'NOT met'}).` +
        (medians.harness !== undefined ? ` Library-only harness page: ${medians.harness} %.` : ''),
      `Renderer build: ${RENDERER_DIR}.`,
      `Windows: steady ${STEADY_MS / 1000} s after both videos decode, busy over ${WINDOW_MS / 1000} s (Performance.getMetrics), then a ${PROFILE_MS / 1000} s CPU profile (0.5 ms sampling).`,
      'Top app functions by self time (all app runs, % of wall time; "(program)" = native work outside JS: style, layout, paint, task dispatch):',
      ...list(topFunctions),
      'Top app modules by self time:',
      ...list(topModules),
      `Main-thread tasks of the app by kind (traces of ${TRACE_MS / 1000} s, mean over the runs; % of wall time, wake-ups per second):`,
      ...taskKinds.map((k) => `    ${k.percent.toFixed(3).padStart(7)} %  ${String(k.tasksPerSecond).padStart(6)}/s  ${k.kind}`),
    ],
    data: {
      runs: RUNS,
      referenceRuns: REFERENCE_RUNS,
      steadyMs: STEADY_MS,
      windowMs: WINDOW_MS,
      profileMs: PROFILE_MS,
      rendererDir: RENDERER_DIR,
      medians,
      results: results.map(({ rawProfile: _raw, sources: _sources, ...rest }) => rest),
      topFunctions,
      topModules,
      taskKinds,
    },
  };
}

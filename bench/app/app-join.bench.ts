/**
 * Issue 17, latency: the whole app in the web host against the floor, in the same run, interleaved.
 * - Join → first frame: Join clicked on pre-join → first decoded frame in the tile of a bot already publishing,
 *   per dialect (A = Licode v4 on socket.io 2, C = current Licode on socket.io 4), with the phase breakdown from the
 *   app's `licode:*` marks. A fresh page per run; the first join of the profile (which probes the generation) is
 *   reported on its own, later joins use the remembered generation as the app does.
 * - Remote publish → first frame: a bot starts publishing (the room announced it) → its first decoded frame in the
 *   tile of a participant already in the call.
 * - The floor (support/floor.ts) alternates with every app run against the same media plane: for joins it subscribes
 *   to the same bot; for remote publications to a bot that has just started publishing (in a room of its own), since
 *   a new publisher's first keyframe after a subscriber's PLI comes later than an established one's.
 */
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startTestServer, type TestServer } from '../../e2e/server/index';
import { chromiumLaunchOptions } from '../../e2e/support/chromium';
import type { BenchResult } from '../support/bench-result';
import { openFloor, type Floor, type FloorSample } from './support/floor';
import { JOIN_PHASES, phaseDurations, REMOTE_PHASES } from './support/phases';
import { median, wallNow, round, summarise } from './support/stats';
import {
  appMarks,
  clickJoin,
  firstFrameOf,
  goToPreJoin,
  leaveCall,
  newPerson,
  pageClockOffset,
  ensureFreshBuild,
  ROOM,
  startWebHost,
  waitForEarlyMedia,
  watchFirstFrames,
} from './support/web-host-app';

export interface JoinBenchOptions {
  /** Measured joins per dialect (each paired with a floor run). */
  runs: number;
  /** Measured remote publications per dialect (each paired with a floor run). */
  remoteRuns: number;
  dialects: readonly ('A' | 'C')[];
}

/** Where the remote-publication floor's bots publish: a room the app is not in. */
const FLOOR_ROOM = 'floor';

export const FULL_JOIN_BENCH: JoinBenchOptions = { runs: 20, remoteRuns: 10, dialects: ['A', 'C'] };

export interface AppSample {
  totalMs: number;
  phases: Record<string, number>;
  /** Joins: from the list of who is here showing to pre-join's early subscriptions playing (the click comes then). */
  earlyMediaWaitMs?: number;
}

export interface DialectJoinResult {
  dialect: 'A' | 'C';
  /** The profile's first join: the generation probe included. */
  firstJoin: AppSample;
  joins: AppSample[];
  joinFloor: FloorSample[];
  remote: AppSample[];
  remoteFloor: FloorSample[];
}

async function appJoinRun(context: BrowserContext, url: string): Promise<AppSample> {
  const page = await context.newPage();
  try {
    await page.goto(url);
    await goToPreJoin(page, 'Bench');
    const earlyMediaWaitMs = await waitForEarlyMedia(page);
    const frame = await clickJoin(page);
    const marks = await appMarks(page);
    const click = marks.filter((mark) => mark.name === 'licode:join-click').at(-1)?.at ?? NaN;
    const phases = phaseDurations(JOIN_PHASES, marks, click, frame.key.slice(2), { 'first-frame': frame.at });
    await leaveCall(page);
    return { totalMs: frame.at - click, phases, earlyMediaWaitMs };
  } finally {
    await page.close();
  }
}

async function remoteRun(page: Page, server: TestServer, run: number): Promise<AppSample> {
  await watchFirstFrames(page);
  const streamId = await server.addBot(ROOM, `Remote ${run + 1}`);
  // addBot resolves right after the room announced the stream (onAddStream sent to every participant).
  const announced = wallNow() + (await pageClockOffset(page));
  try {
    const frame = await firstFrameOf(page, `r:${streamId}`);
    const phases = phaseDurations(REMOTE_PHASES, await appMarks(page), announced, String(streamId), { announced, 'first-frame': frame.at });
    return { totalMs: frame.at - announced, phases };
  } finally {
    await server.killStream(streamId);
  }
}

/** The floor of a remote publication: a raw subscription to a bot the moment the room announced it. */
async function freshPublicationFloor(floor: Floor, server: TestServer, run: number): Promise<FloorSample> {
  const streamId = await server.addBot(FLOOR_ROOM, `Floor ${run + 1}`);
  try {
    return await floor.measure(server.current.media, streamId);
  } finally {
    await server.killStream(streamId);
  }
}

async function measureDialect(browser: Browser, floor: Floor, dialect: 'A' | 'C', options: JoinBenchOptions): Promise<DialectJoinResult> {
  const server = (await startTestServer({ dialect, bots: 0 })) as TestServer;
  const host = await startWebHost({ restUrl: server.restUrl });
  const context = await newPerson(browser);
  try {
    const botId = await server.addBot(ROOM, 'Bot');
    const plane = server.current.media;
    await floor.measure(plane, botId); // unmeasured: the first subscription also warms up the page and codecs
    const firstJoin = await appJoinRun(context, host.url);
    const joins: AppSample[] = [];
    const joinFloor: FloorSample[] = [];
    for (let run = 0; run < options.runs; run += 1) {
      joinFloor.push(await floor.measure(plane, botId));
      joins.push(await appJoinRun(context, host.url));
    }
    const page = await context.newPage();
    await page.goto(host.url);
    await goToPreJoin(page, 'Bench');
    await clickJoin(page);
    const remote: AppSample[] = [];
    const remoteFloor: FloorSample[] = [];
    for (let run = 0; run < options.remoteRuns; run += 1) {
      remoteFloor.push(await freshPublicationFloor(floor, server, run));
      remote.push(await remoteRun(page, server, run));
    }
    await leaveCall(page);
    return { dialect, firstJoin, joins, joinFloor, remote, remoteFloor };
  } finally {
    await context.close();
    await host.close();
    await server.close();
  }
}

function phaseMedians(samples: readonly AppSample[]): Record<string, number> {
  const names = Object.keys(samples[0]?.phases ?? {});
  return Object.fromEntries(names.map((name) => [name, round(median(samples.map((sample) => sample.phases[name]!)))]));
}

export async function measureJoins(options: JoinBenchOptions): Promise<BenchResult> {
  ensureFreshBuild();
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const floor = await openFloor(browser);
    const results: DialectJoinResult[] = [];
    try {
      for (const dialect of options.dialects) results.push(await measureDialect(browser, floor, dialect, options));
    } finally {
      await floor.close();
    }
    const table: Record<string, string | number>[] = [];
    const summary: Record<string, unknown> = {};
    for (const result of results) {
      const join = summarise(result.joins.map((s) => s.totalMs));
      const joinFloor = summarise(result.joinFloor.map((s) => s.firstFrameMs));
      const remote = summarise(result.remote.map((s) => s.totalMs));
      const remoteFloor = summarise(result.remoteFloor.map((s) => s.firstFrameMs));
      const ratio = (a: number, b: number) => round(a / b, 2);
      summary[result.dialect] = {
        join,
        joinFloor,
        joinRatio: ratio(join.median, joinFloor.median),
        joinPhases: phaseMedians(result.joins),
        earlyMediaWaitMs: summarise(result.joins.map((s) => s.earlyMediaWaitMs ?? NaN)),
        firstJoinMs: round(result.firstJoin.totalMs),
        firstJoinPhases: result.firstJoin.phases,
        remote,
        remoteFloor,
        remoteRatio: ratio(remote.median, remoteFloor.median),
        remotePhases: phaseMedians(result.remote),
      };
      const row = (metric: string, s: ReturnType<typeof summarise>, floorMedian?: number) => ({
        dialect: result.dialect,
        metric,
        runs: s.runs,
        'median (ms)': s.median,
        'p95 (ms)': s.p95,
        '× floor': floorMedian === undefined ? '' : ratio(s.median, floorMedian),
      });
      table.push(row('floor: raw RTCPeerConnection subscribe → frame', joinFloor));
      table.push(row('app: Join click → first frame', join, joinFloor.median));
      table.push(row('app: remote publish → first frame', remote, remoteFloor.median));
    }
    return {
      table,
      notes: [
        'Floor and app runs alternate (floor, app, floor, …) in one browser against the same media plane: the join floor subscribes to the same bot, the remote-publication floor to a bot just announced (as the app does).',
        'First frame = first 4 ms poll where the <video> reports a decoded frame (getVideoPlaybackQuality), app and floor alike.',
        'Join is clicked once pre-join lists who is here and its early subscription plays (at most 3 s later; see earlyMediaWaitMs): a person reading the list takes longer than that.',
      ],
      data: { options, summary, results },
    };
  } finally {
    await browser.close();
  }
}

export default function run(): Promise<BenchResult> {
  return measureJoins(FULL_JOIN_BENCH);
}

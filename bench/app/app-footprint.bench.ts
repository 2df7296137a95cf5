/**
 * Issue 17, footprint: the renderer's download (initial and lazily loaded, raw and gzip), the Licode library with
 * one transport, the web host's start to the first interactive screen, the JS heap in a call and its growth over
 * join/leave cycles (dialect C, one bot publishing; heap after a full GC through the DevTools protocol).
 */
import { chromium, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { heapMb } from '../../e2e/hostile/responsiveness';
import { startTestServer } from '../../e2e/server/index';
import { chromiumLaunchOptions } from '../../e2e/support/chromium';
import type { BenchResult } from '../support/bench-result';
import { dependencySize, LIBRARY_VARIANTS, librarySize, rendererAssets } from './support/bundle-sizes';
import { wallNow, median, round } from './support/stats';
import { clickJoin, ensureFreshBuild, goToPreJoin, leaveCall, newPerson, ROOM, startWebHost } from './support/web-host-app';

export interface FootprintBenchOptions {
  /** Web host starts timed (median reported). */
  starts: number;
  /** Join/leave cycles after the first one, whose end is the heap baseline. */
  cycles: number;
}

export const FULL_FOOTPRINT_BENCH: FootprintBenchOptions = { starts: 5, cycles: 50 };

const KB = 1024;
const kb = (bytes: number): number => round(bytes / KB);

/** Heap after a GC, settled: a second collection after a pause catches what the first one only released. */
async function settledHeapMb(page: Page): Promise<number> {
  await heapMb(page);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  return heapMb(page);
}

async function timeWebHostStarts(restUrl: string, starts: number): Promise<number[]> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'licode-bench-start-'));
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    // The profile exists already, as on every start but the first: the home screen is the first screen.
    await (await startWebHost({ restUrl, userDataDir })).close();
    const times: number[] = [];
    for (let run = 0; run < starts; run += 1) {
      const context = await newPerson(browser);
      const page = await context.newPage();
      const started = wallNow();
      const host = await startWebHost({ userDataDir });
      try {
        await page.goto(host.url);
        await page.getByRole('button', { name: 'Continue' }).waitFor({ state: 'visible', timeout: 15_000 });
        times.push(wallNow() - started);
      } finally {
        await context.close();
        await host.close();
      }
    }
    return times;
  } finally {
    await browser.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
}

async function measureHeap(restUrl: string, cycles: number) {
  const browser = await chromium.launch(chromiumLaunchOptions());
  const host = await startWebHost({ restUrl });
  try {
    const page = await (await newPerson(browser)).newPage();
    await page.goto(host.url);
    await goToPreJoin(page, 'Bench');
    await clickJoin(page);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const inCallMb = await settledHeapMb(page);
    await leaveCall(page);
    const baselineMb = await settledHeapMb(page);
    const trend: { cycle: number; heapMb: number }[] = [{ cycle: 0, heapMb: round(baselineMb, 2) }];
    for (let cycle = 1; cycle <= cycles; cycle += 1) {
      await goToPreJoin(page, 'Bench');
      await clickJoin(page);
      await leaveCall(page);
      if (cycle % 10 === 0 || cycle === cycles) trend.push({ cycle, heapMb: round(await heapMb(page), 2) });
    }
    const finalMb = await settledHeapMb(page);
    return { inCallMb: round(inCallMb, 2), baselineMb: round(baselineMb, 2), finalMb: round(finalMb, 2), growthMb: round(finalMb - baselineMb, 2), trend };
  } finally {
    await host.close();
    await browser.close();
  }
}

export async function measureFootprint(options: FootprintBenchOptions): Promise<BenchResult> {
  ensureFreshBuild();
  const assets = rendererAssets();
  const library: Record<string, { raw: number; gzip: number }> = {};
  for (const [variant, stubbed] of Object.entries(LIBRARY_VARIANTS)) library[variant] = await librarySize(stubbed);
  const dependencies = { 'socket.io-client': await dependencySize('socket.io-client'), 'sdp-transform': await dependencySize('sdp-transform') };
  const server = await startTestServer({ dialect: 'C', bots: 0 });
  try {
    await server.addBot(ROOM, 'Bot');
    const startTimes = await timeWebHostStarts(server.restUrl, options.starts);
    const heap = await measureHeap(server.restUrl, options.cycles);
    const sum = (initial: boolean, kind: 'js' | 'css') => {
      const files = assets.filter((a) => a.initial === initial && a.file.endsWith(`.${kind}`));
      return { raw: files.reduce((total, a) => total + a.raw, 0), gzip: files.reduce((total, a) => total + a.gzip, 0) };
    };
    const bundle = { initialJs: sum(true, 'js'), initialCss: sum(true, 'css'), lazyJs: sum(false, 'js'), lazyCss: sum(false, 'css') };
    const size = (s: { raw: number; gzip: number }) => `${kb(s.raw)} / ${kb(s.gzip)}`;
    return {
      table: [
        { metric: 'initial renderer JS, KB raw / gzip', value: size(bundle.initialJs) },
        { metric: 'initial renderer CSS, KB raw / gzip', value: size(bundle.initialCss) },
        { metric: 'lazily loaded renderer JS (call screen), KB raw / gzip', value: size(bundle.lazyJs) },
        { metric: 'lazily loaded renderer CSS, KB raw / gzip', value: size(bundle.lazyCss) },
        ...Object.entries(library).map(([variant, size]) => ({
          metric: `Licode library, ${variant}, KB raw / gzip`,
          value: `${kb(size.raw)} / ${kb(size.gzip)}`,
        })),
        ...Object.entries(dependencies).map(([name, size]) => ({
          metric: `of which ${name} alone, KB raw / gzip`,
          value: `${kb(size.raw)} / ${kb(size.gzip)}`,
        })),
        { metric: 'web host start → first interactive screen, median (ms)', value: round(median(startTimes)) },
        { metric: 'JS heap in a call (1 remote), after GC (MB)', value: heap.inCallMb },
        { metric: `JS heap growth over ${options.cycles} join/leave cycles (MB)`, value: heap.growthMb },
      ],
      notes: ['gzip = zlib level 9 of each file; heap = JSHeapUsedSize after HeapProfiler.collectGarbage (DevTools protocol).'],
      data: { options, assets, bundle, library, dependencies, startTimes, heap },
    };
  } finally {
    await server.close();
  }
}

export default function run(): Promise<BenchResult> {
  return measureFootprint(FULL_FOOTPRINT_BENCH);
}

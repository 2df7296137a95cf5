/**
 * Main-thread busy time of one page over a window, from DevTools' `Performance.getMetrics`: Blink sums the duration
 * of every task its main thread ran (TaskDuration) and how much of that was script, style and layout. Busy % is
 * Δtask time / Δwall time; our own getMetrics calls (DevToolsCommandDuration) are taken out.
 */
import type { CDPSession, Page } from '@playwright/test';
import type { CpuProfile } from './profile-summary';
import type { TraceEvent } from './trace-summary';

export interface BusyWindow {
  wallMs: number;
  /** Δ TaskDuration / Δ wall, % of one core. */
  busyPercent: number;
  scriptPercent: number;
  layoutPercent: number;
  stylePercent: number;
  /** Main thread CPU time (ThreadTime) / wall, %: busy minus the time tasks spent waiting (locks, IPC). */
  threadCpuPercent: number;
  layouts: number;
  styleRecalcs: number;
}

type Metrics = Record<string, number>;

async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function measureBusy(page: Page, windowMs: number): Promise<BusyWindow> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
    const before = await metrics(cdp);
    await sleep(windowMs);
    const after = await metrics(cdp);
    const delta = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
    const wall = delta('Timestamp'); // seconds, like the durations
    const share = (seconds: number) => Number(((100 * seconds) / wall).toFixed(2));
    return {
      wallMs: Math.round(wall * 1_000),
      busyPercent: share(delta('TaskDuration') - delta('DevToolsCommandDuration')),
      scriptPercent: share(delta('ScriptDuration')),
      layoutPercent: share(delta('LayoutDuration')),
      stylePercent: share(delta('RecalcStyleDuration')),
      threadCpuPercent: share(delta('ThreadTime')),
      layouts: delta('LayoutCount'),
      styleRecalcs: delta('RecalcStyleCount'),
    };
  } finally {
    await cdp.send('Performance.disable').catch(() => undefined);
    await cdp.detach().catch(() => undefined);
  }
}

/** A sampling CPU profile of the page's main thread over `windowMs` (separate from measureBusy: it costs time too). */
export async function profileWindow(page: Page, windowMs: number, samplingIntervalUs = 500): Promise<CpuProfile> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
    await cdp.send('Profiler.start');
    await sleep(windowMs);
    const { profile } = await cdp.send('Profiler.stop');
    return profile;
  } finally {
    await cdp.send('Profiler.disable').catch(() => undefined);
    await cdp.detach().catch(() => undefined);
  }
}

/** A Chromium trace (top-level tasks + DevTools timeline events) over `windowMs`; the page's browser must be Chromium. */
export async function traceWindow(page: Page, windowMs: number): Promise<TraceEvent[]> {
  const browser = page.context().browser();
  if (!browser) throw new Error('tracing needs a launched browser');
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', '__metadata'] });
  await sleep(windowMs);
  const buffer = await browser.stopTracing();
  const parsed = JSON.parse(buffer.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  return Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
}

/**
 * Measuring that the app stays usable under hostile input, from inside the page: every long task (Long Tasks API),
 * the time from a click being queued to its effect on screen, and the JS heap after a forced garbage collection.
 */
import type { Page } from '@playwright/test';

interface ProbeWindow {
  longTasks: number[];
  clickLatency(label: string, dueAt?: number): Promise<number>;
  clicking: { latencies: number[]; stop: boolean } | null;
}

/** Records every task longer than 50 ms from the first page load on (call before page.goto). */
export async function installResponsivenessProbe(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const probe = window as unknown as ProbeWindow;
    probe.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
    // Queued behind whatever the page is busy with (a task, like a user's click), then timed until the button's
    // state changed and a frame was drawn with it.
    probe.clickLatency = (label: string, delayMs = 0) =>
      new Promise((resolve, reject) => {
        const queuedAt = performance.now() + delayMs;
        setTimeout(() => {
          const button = document.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`);
          if (!button) return reject(new Error(`no button "${label}"`));
          const before = button.getAttribute('aria-expanded');
          button.click();
          const drawn = (): void => {
            if (button.getAttribute('aria-expanded') === before) requestAnimationFrame(drawn);
            else requestAnimationFrame(() => resolve(performance.now() - queuedAt));
          };
          drawn();
        }, delayMs);
      });
  });
}

/**
 * Clicks the toggle button `label` every 100 ms inside the page (independent of the test's round trips) until
 * `stopClicking`; each latency counts from when the click was due, so time the page spent busy counts too. Long
 * tasks are counted from here on.
 */
export async function startClicking(page: Page, label: string): Promise<void> {
  await page.evaluate((name) => {
    const probe = window as unknown as ProbeWindow;
    probe.longTasks = [];
    const clicking = { latencies: [] as number[], stop: false };
    probe.clicking = clicking;
    const next = (): void => {
      if (clicking.stop) return;
      probe.clickLatency(name, 100).then((ms) => {
        clicking.latencies.push(ms);
        next();
      }, next);
    };
    next();
  }, label);
}

/** Stops the clicks started by startClicking and returns their latencies (ms). */
export function stopClicking(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const clicking = (window as unknown as ProbeWindow).clicking;
    if (!clicking) return [];
    clicking.stop = true;
    return clicking.latencies;
  });
}

/** Forgets the long tasks seen so far (those of loading the app), so longestTask covers what follows. */
export function resetLongTasks(page: Page): Promise<void> {
  return page.evaluate(() => void ((window as unknown as ProbeWindow).longTasks = []));
}

/** The longest task (ms) seen since the page loaded, or since resetLongTasks / startClicking. */
export function longestTask(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(0, ...(window as unknown as ProbeWindow).longTasks));
}

/** Clicks the (toggle) button named `label` and returns ms from the click being queued to its effect being drawn. */
export function clickLatency(page: Page, label: string): Promise<number> {
  return page.evaluate((name) => (window as unknown as ProbeWindow).clickLatency(name), label);
}

/** JS heap in use after a full garbage collection, in MB (CDP HeapProfiler + Performance metrics). */
export async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1_048_576;
  } finally {
    await cdp.detach();
  }
}

/** Clicks Leave and returns how long (ms) until the home screen shows. */
export async function timeLeave(page: Page): Promise<number> {
  const started = Date.now();
  await page.getByRole('button', { name: 'Leave' }).click();
  await page.getByRole('heading', { name: 'Join a meeting' }).waitFor({ timeout: 10_000 });
  return Date.now() - started;
}

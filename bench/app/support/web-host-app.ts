/**
 * The whole app as a person meets it, for the benchmarks: the web host (the same handlers as Electron main) serving
 * the production renderer build, a "Lab server" profile saved as the server form would, and page helpers that go
 * home → pre-join → Join → call → Leave through the UI. Phase timestamps come from the app's own `licode:*`
 * performance marks; the first frame of a remote tile is watched in the page (see FIRST_FRAME_WATCHER).
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerProfile } from '../../../common/api-contract';
import { startWebHostApp, type WebHostApp } from '../../../main/web-host/app';

export const ROOM = 'bench';
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The benchmarks measure the production renderer build: a missing build, or one older than its sources, is made
 * again first (the web host itself runs from source), so a report never measures old code.
 */
export function ensureFreshBuild(): void {
  const index = join(REPO, 'out', 'renderer', 'index.html');
  const newest = (dir: string): number =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .reduce((latest, entry) => Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs), 0);
  const sources = Math.max(newest(join(REPO, 'renderer')), newest(join(REPO, 'common')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  console.log('  building the renderer (out/renderer is missing or older than its sources)');
  buildRenderer();
}

/**
 * Builds the production renderer into out/renderer. `npm run bench` does this before the app benchmarks whatever the
 * dates say: a newer build of another tree (a helper's uncommitted change, another config) once passed the date
 * check, and the report measured it instead of this tree's.
 */
export function buildRenderer(): void {
  execFileSync(process.execPath, [join(REPO, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
    cwd: REPO,
    stdio: 'inherit',
  });
}

export interface RunningWebHost {
  readonly webHost: WebHostApp;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A web host on an ephemeral port with, with `restUrl`, the lab server profile saved; in a fresh user-data directory
 * (removed on close) unless `userDataDir` names one to reuse.
 */
export async function startWebHost(options: { restUrl?: string; userDataDir?: string } = {}): Promise<RunningWebHost> {
  const userDataDir = options.userDataDir ?? (await mkdtemp(join(tmpdir(), 'licode-bench-')));
  const webHost = await startWebHostApp({ port: 0, userDataDir });
  if (options.restUrl) await saveLabProfile(webHost, options.restUrl);
  return {
    webHost,
    url: webHost.url,
    close: async () => {
      await webHost.close();
      if (!options.userDataDir) await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** What the server form saves after a successful test, made the active profile ('auto': the first join probes). */
export async function saveLabProfile(webHost: WebHostApp, restUrl: string): Promise<void> {
  const profile: ServerProfile = {
    id: 'lab',
    name: 'Lab server',
    serverUrl: restUrl,
    generation: 'auto',
    defaultRole: 'presenter',
    allowSelfSigned: false,
  };
  await webHost.config.update((config) => ({ ...config, profiles: [profile], activeProfileId: profile.id }));
}

/** A person with camera and microphone allowed, at the 1280×720. */
export function newPerson(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ permissions: ['camera', 'microphone'], viewport: { width: 1280, height: 720 } });
}

/**
 * From the home screen to pre-join with the camera preview playing and the list of who is in the meeting shown: the
 * moment before a person, having looked at the screen, clicks Join.
 */
export async function goToPreJoin(page: Page, displayName: string): Promise<void> {
  await page.getByLabel('Room name').fill(ROOM);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: 'Get ready to join' }).waitFor({ timeout: 15_000 });
  await page.getByLabel('Your name').fill(displayName);
  await page.waitForFunction(
    () => {
      const video = document.querySelector('video');
      return !!video && video.videoWidth > 0 && !video.paused;
    },
    null,
    { timeout: 15_000 },
  );
  await page
    .getByRole('status')
    .filter({ hasText: /in the meeting$|Nobody else is here yet/ })
    .waitFor({ timeout: 15_000 });
}

/**
 * Waits until pre-join's early subscriptions play (features/call/warm-videos.ts: a camera on the shelf with a decoded
 * frame), at most `timeoutMs`; returns how long that took after the list of who is here showed. The benchmark clicks
 * Join then: a person reading "Bot is in the meeting" and reaching for the button takes longer than this wait.
 */
export async function waitForEarlyMedia(page: Page, timeoutMs = 3_000): Promise<number> {
  const started = Date.now();
  await page
    .waitForFunction(
      () => [...document.querySelectorAll<HTMLVideoElement>('[data-warm-videos] video')].some((video) => video.getVideoPlaybackQuality().totalVideoFrames > 0),
      null,
      { timeout: timeoutMs, polling: 10 },
    )
    .catch(() => undefined); // not ready in time: Join is clicked anyway, and the run shows what that costs
  return Date.now() - started;
}

interface BenchWindow {
  __benchFrames?: Record<string, number>;
  __benchWatcher?: ReturnType<typeof setInterval>;
}

/**
 * Records, per remote tile (data-tile="r:<stream id>"), the page time of its first decoded frame: the first poll
 * (every 4 ms) where its <video> reports totalVideoFrames > 0 — the same criterion as the floor page. A poll, not
 * requestVideoFrameCallback: in a browser launched outside Playwright's test runner that callback never fired
 * (bench/subscribe-latency).
 */
export async function watchFirstFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as BenchWindow;
    const frames: Record<string, number> = {};
    w.__benchFrames = frames;
    clearInterval(w.__benchWatcher);
    w.__benchWatcher = setInterval(() => {
      for (const video of document.querySelectorAll<HTMLVideoElement>('[data-tile^="r:"] video')) {
        const key = video.closest<HTMLElement>('[data-tile]')?.dataset['tile'];
        if (key && !(key in frames) && video.getVideoPlaybackQuality().totalVideoFrames > 0) frames[key] = performance.now();
      }
    }, 4);
  });
}

/** Page time of the first frame of `key` (or of any remote tile), once it came. */
export async function firstFrameOf(page: Page, key: string | null, timeoutMs = 30_000): Promise<{ key: string; at: number }> {
  const handle = await page.waitForFunction(
    (wanted) => {
      const frames = (window as unknown as BenchWindow).__benchFrames ?? {};
      const key = wanted ?? Object.keys(frames)[0];
      return key !== undefined && key in frames ? { key, at: frames[key]! } : null;
    },
    key,
    { timeout: timeoutMs, polling: 10 },
  );
  return (await handle.jsonValue())!;
}

export interface Mark {
  name: string;
  at: number;
  detail: unknown;
}

/** The app's `licode:*` performance marks (page time). */
export function appMarks(page: Page): Promise<Mark[]> {
  return page.evaluate(() =>
    performance
      .getEntriesByType('mark')
      .filter((mark) => mark.name.startsWith('licode:'))
      .map((mark) => ({ name: mark.name, at: mark.startTime, detail: (mark as PerformanceMark).detail as unknown })),
  );
}

/** Page time (performance.now) minus wall-clock time, to put page times and Node's Date.now() on one axis. */
export function pageClockOffset(page: Page): Promise<number> {
  return page.evaluate(() => performance.now() - Date.now());
}

/** Clicks Join on pre-join and returns once the first remote tile decoded a frame. */
export async function clickJoin(page: Page): Promise<{ key: string; at: number }> {
  await watchFirstFrames(page);
  await page.getByRole('button', { name: 'Join now' }).click();
  return firstFrameOf(page, null);
}

/** Leave through the control bar, back on the home screen. */
export async function leaveCall(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Leave', exact: true }).click();
  await page.getByRole('heading', { name: 'Join a meeting' }).waitFor({ timeout: 15_000 });
}

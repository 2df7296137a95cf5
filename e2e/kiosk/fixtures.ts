/**
 * The kiosk under test: the web host in kiosk mode with the SUPERVISED system Chromium (main/kiosk/web-host-kiosk.ts,
 * headless, fake devices), the Licode test server with two bots, and a second CDP connection to that Chromium to
 * read what the room display shows. The status endpoint is read over HTTP as a monitoring agent would.
 */
import { chromium, expect, test as base, type Browser, type CDPSession, type Page, type TestInfo } from '@playwright/test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveScreenshot } from '../app/fixtures';
import { hashPin } from '../../main/kiosk/pin';
import type { KioskStatusSnapshot } from '../../main/kiosk/status';
import { startWebHostKiosk, type WebHostKiosk } from '../../main/kiosk/web-host-kiosk';
import type { WatchdogOptions } from '../../main/kiosk/watchdog';
import { AdminClient } from '../server/admin-client';
import { startTestServer, type Dialect, type RunningTestServer } from '../server/index';
import type { AVersion } from '../server/signalling/dialect-a/a-controller';
import { CHROMIUM_PATH } from '../support/chromium';

export { expect };

export const ROOM = 'boardroom';
export const KIOSK_NAME = 'Boardroom TV';
export const PIN = '2468';
/** The test server's synthetic participants in ROOM. */
export const BOTS = ['Bot 1', 'Bot 2'];

/** The watchdog's clocks, shortened so a hang is noticed in seconds (production: 10 s unresponsive, 15 s heartbeat). */
export const TEST_WATCHDOG: Partial<WatchdogOptions> = {
  unresponsiveMs: 3_000,
  heartbeatTimeoutMs: 10_000,
  startupGraceMs: 20_000,
  checkIntervalMs: 250,
  // Reloads are spaced out until the page has been healthy this long (production: a minute).
  healthyResetMs: 5_000,
};

/** A cheap hash (N=2^10) keeps the PIN checks fast; the format is the production one. */
let pinHash: Promise<string> | null = null;
const testPinHash = () => (pinHash ??= hashPin(PIN, { N: 2 ** 10, r: 8, p: 1 }));

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface KioskRun {
  kiosk: WebHostKiosk;
  statusUrl: string;
  exited: Promise<void>;
  dir: string;
  close(): Promise<void>;
}

/** Starts the kiosk with a configuration file (plus `extra` keys, which may be wrong on purpose). */
export async function startKiosk(serverUrl: string, extra: Record<string, unknown> = {}, watchdog = TEST_WATCHDOG): Promise<KioskRun> {
  const dir = await mkdtemp(join(tmpdir(), 'licode-kiosk-e2e-'));
  const statusPort = await freePort();
  const file = join(dir, 'kiosk.json');
  const config = {
    server: serverUrl,
    room: ROOM,
    displayName: KIOSK_NAME,
    statusPort,
    logDir: join(dir, 'logs'),
    pinHash: await testPinHash(),
    mediaSilenceSeconds: 6,
    ...extra,
  };
  await writeFile(file, JSON.stringify(config));
  let onExit: () => void = () => undefined;
  const exited = new Promise<void>((resolve) => (onExit = resolve));
  const started = await startWebHostKiosk({
    argv: ['--kiosk', '--kiosk-config', file],
    env: {},
    port: 0,
    userDataDir: join(dir, 'user-data'),
    chromium: {
      executablePath: CHROMIUM_PATH,
      headless: true,
      extraArgs: ['--use-fake-device-for-media-stream', '--allow-loopback-in-peer-connection', '--window-size=1920,1080'],
    },
    watchdog,
    onExit,
  });
  if ('help' in started) throw new Error('the kiosk printed its help instead of starting');
  return {
    kiosk: started,
    statusUrl: started.statusUrl ?? `http://127.0.0.1:${statusPort}/status`,
    exited,
    dir,
    close: async () => {
      await started.close();
      await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}

export async function readStatus(run: KioskRun): Promise<KioskStatusSnapshot> {
  const response = await fetch(run.statusUrl);
  return (await response.json()) as KioskStatusSnapshot;
}

/** The second CDP client: reads the room display of the supervised Chromium (whichever page it shows now). */
export class KioskScreen {
  #browser: Browser | null = null;
  constructor(private readonly run: KioskRun) {}

  async page(): Promise<Page> {
    this.#browser ??= await chromium.connectOverCDP(this.run.kiosk.window.devToolsEndpoint);
    const pages =
      this.#browser
        .contexts()[0]
        ?.pages()
        .filter((page) => !page.isClosed() && page.url().startsWith(this.run.kiosk.app.url)) ?? [];
    const page = pages.at(-1);
    if (!page) {
      const seen = this.#browser.contexts().map((context) => context.pages().map((p) => `${p.url()}${p.isClosed() ? ' (closed)' : ''}`));
      throw new Error(`the kiosk shows no page (contexts: ${JSON.stringify(seen)})`);
    }
    return page;
  }

  /**
   * A new CDP connection: Playwright keeps a page it saw crash as crashed for good, although the kiosk's supervisor
   * reloaded it. The old connection is left to end with the browser (closing it could close the kiosk's pages).
   */
  reattach(): void {
    this.#browser = null;
  }

  async cdp(): Promise<CDPSession> {
    const page = await this.page();
    return page.context().newCDPSession(page);
  }

  /** Per remote tile: its name and the frames its video decoded so far. */
  async remoteVideos(): Promise<Array<{ name: string; frames: number; width: number }>> {
    const page = await this.page();
    return page
      .evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('[data-tile]')]
          .filter((tile) => tile.dataset['tile'] !== 'local')
          .map((tile) => {
            const video = tile.querySelector('video');
            return { name: tile.dataset['name'] ?? '', frames: video?.getVideoPlaybackQuality().totalVideoFrames ?? 0, width: video?.videoWidth ?? 0 };
          }),
      )
      .catch(() => []);
  }

  /**
   * Waits until both bots' videos decode and advance on the room display; returns when they first did. Other tiles
   * are allowed: after a crash the kiosk's previous session stays listed by the server until its reconnection grace
   * ends (Licode does the same), with no media.
   */
  async expectBotsDecoding(timeout: number): Promise<number> {
    // The first look is the baseline: videos from before a restart still show the frames they decoded then.
    let before: Map<string, number> | null = null;
    await expect
      .poll(
        async () => {
          const bots = (await this.remoteVideos()).filter((video) => BOTS.includes(video.name));
          const advancing = before !== null && bots.length === BOTS.length && bots.every((bot) => bot.frames > 0 && bot.frames > (before?.get(bot.name) ?? 0));
          before = new Map(bots.map((bot) => [bot.name, bot.frames]));
          return advancing;
        },
        { timeout, intervals: [250], message: 'both bots decode on the room display' },
      )
      .toBe(true);
    return Date.now();
  }
}

/**
 * A 1920×1080 screenshot of what the room display shows. Headless Chromium in --kiosk mode fills an 800×600 screen,
 * so the page is given a TV's size first.
 */
export async function screenshotAtTvSize(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.waitForTimeout(300); // the grid re-fits to the new size
  await saveScreenshot(page, testInfo, name);
}

export interface KioskFixtures {
  dialect: Dialect;
  aVersion: AVersion;
  licode: RunningTestServer;
  admin: AdminClient;
}

export const test = base.extend<KioskFixtures>({
  dialect: ['C', { option: true }],
  aVersion: ['v5', { option: true }],
  licode: async ({ dialect, aVersion }, use) => {
    const server = await startTestServer({ dialect, aVersion, bots: 2, botsRoom: ROOM });
    await use(server);
    await server.close();
  },
  admin: async ({ licode }, use) => {
    await use(new AdminClient(licode.adminUrl));
  },
});

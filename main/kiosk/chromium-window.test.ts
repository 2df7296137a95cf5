/**
 * The watchdog end to end over the system Chromium: a real headless Chromium on a loopback page, crashed with
 * Page.crash and hung with a busy loop through a second DevTools client, must be reloaded by the watchdog.
 * Skipped where /usr/bin/chromium is absent. Run under the shared browser lock:
 *   flock /tmp/licode-e2e.lock npx vitest run main/kiosk/chromium-window.test.ts
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type CDPSession } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChromiumKioskWindow } from './chromium-window';
import { KioskStatus } from './status';
import { Watchdog } from './watchdog';

const CHROMIUM = '/usr/bin/chromium';

let server: Server;
let loads: number[];
let window: ChromiumKioskWindow | undefined;
let watchdog: Watchdog | undefined;
let probe: Browser | undefined;
let status: KioskStatus;

beforeEach(async () => {
  loads = [];
  server = createServer((request, response) => {
    if (request.url === '/') loads.push(Date.now());
    response.writeHead(request.url === '/' ? 200 : 404, { 'Content-Type': 'text/html' });
    response.end(`<!doctype html><title>kiosk</title><p id="n">${loads.length}</p>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  status = new KioskStatus({ room: 'boardroom', appVersion: 'test' });
});

afterEach(async () => {
  watchdog?.stop();
  await probe?.close().catch(() => undefined);
  await window?.close();
  await new Promise((resolve) => server.close(resolve));
  window = watchdog = probe = undefined;
});

async function startKiosk(url: string) {
  window = await ChromiumKioskWindow.launch({ url, headless: true, pingIntervalMs: 500, pingTimeoutMs: 1_000, loadTimeoutMs: 10_000 });
  // Heartbeats and media are the renderer's; here only the window's own signals should make the watchdog act.
  watchdog = new Watchdog(window, status, { unresponsiveMs: 2_000, heartbeatTimeoutMs: 600_000, startupGraceMs: 600_000, mediaSilenceMs: 600_000 });
  watchdog.start();
  return window;
}

/** A second DevTools client, standing in for whatever breaks the page. */
async function pageSession(): Promise<CDPSession> {
  probe = await chromium.connectOverCDP(window!.devToolsEndpoint);
  const context = probe.contexts()[0]!;
  const page = context.pages().find((candidate) => candidate.url().startsWith(baseUrl()))!;
  return context.newCDPSession(page);
}

const baseUrl = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - started;
}

const reloadReasons = () =>
  status
    .snapshot()
    .history.filter((entry) => entry.state === 'reloading')
    .map((entry) => entry.reason);

describe.skipIf(!existsSync(CHROMIUM))('system Chromium kiosk window under the watchdog', { timeout: 30_000 }, () => {
  it('reloads the page after the renderer crashes', async () => {
    await startKiosk(baseUrl());
    await waitFor(() => loads.length === 1, 10_000);
    const session = await pageSession();
    const crashedAt = Date.now();
    session.send('Page.crash').catch(() => undefined);
    await waitFor(() => loads.length === 2, 10_000);
    const reloadMs = loads[1]! - crashedAt;
    console.log(`crash → page loaded again in ${reloadMs} ms`);
    expect(reloadReasons()).toEqual(['renderer crashed (renderer crashed)']);
    expect(reloadMs).toBeLessThan(10_000);
  });

  it('replaces a hung renderer (busy loop): unresponsive, then reloaded, then responsive', async () => {
    await startKiosk(baseUrl());
    await waitFor(() => loads.length === 1, 10_000);
    const session = await pageSession();
    const hungAt = Date.now();
    // Not awaited: it never returns.
    session.send('Runtime.evaluate', { expression: 'while (true) {}' }).catch(() => undefined);
    await waitFor(() => loads.length === 2, 15_000);
    console.log(`busy loop → page loaded again in ${loads[1]! - hungAt} ms (ping timeout 1 s + unresponsive 2 s)`);
    expect(reloadReasons()).toEqual([expect.stringMatching(/^renderer unresponsive for [23] s$/)]);
    // The fresh page answers DevTools again: a healthy renderer, not the hung one.
    const fresh = await (async () => {
      await probe!.close();
      return pageSession();
    })();
    const answer = await fresh.send('Runtime.evaluate', { expression: 'document.getElementById("n").textContent', returnByValue: true });
    expect(answer.result.value).toBe('2');
  });

  it('reports a page that cannot be loaded', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise((resolve) => closed.close(resolve));
    await startKiosk(deadUrl);
    await waitFor(() => reloadReasons().length > 0, 5_000);
    expect(reloadReasons()[0]).toBe(`page failed to load (could not load ${deadUrl})`);
  });
});

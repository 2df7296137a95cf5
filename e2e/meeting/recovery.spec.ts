/**
 * The app stays in the room when the Licode controller restarts, and republishes a camera whose first publication
 * never became ready (issue 9, defects 1 and 2). Ada uses the real app (web host); the newcomer who must see her is
 * a library harness page (e2e/harness) that joins as soon as the server is back and counts decoded frames.
 */
import type { Browser, Page } from '@playwright/test';
import { buildHarness, serveHarness, type ServedHarness } from '../harness/serve';
import { AdminClient } from '../server/admin-client';
import { startTestServer, type RunningTestServer, type TestServerOptions } from '../server/index';
import { saveScreenshot } from '../app/fixtures';
import { addServer, expect, joinFromHome, newPerson, ROOM, test } from './fixtures';

let harness: ServedHarness | undefined;

test.beforeAll(async () => {
  await buildHarness();
  harness = await serveHarness();
});

test.afterAll(async () => {
  await harness?.close();
});

async function tokenFor(server: RunningTestServer, username: string): Promise<string> {
  const res = await fetch(`${server.restUrl}/createToken/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, role: 'presenter', room: ROOM }),
  });
  if (!res.ok) throw new Error(`createToken failed (${res.status}): ${await res.text()}`);
  return res.text();
}

/** A harness page in its own browser context that joins and subscribes to everything (it publishes nothing). */
async function newcomer(browser: Browser, server: RunningTestServer): Promise<Page> {
  const context = await newPerson(browser);
  const page = await context.newPage();
  await page.goto(harness!.url);
  await page.waitForFunction(() => !!window.licodeHarness);
  const token = await tokenFor(server, 'Newcomer');
  await page.evaluate((t) => window.licodeHarness.join(t, { autoSubscribe: true }), token);
  return page;
}

/** Decoded video frames of the newcomer's subscription to the stream named `name` (0 while there is none). */
async function framesFrom(page: Page, name: string): Promise<number> {
  return page.evaluate(async (who) => {
    const h = window.licodeHarness;
    const remote = (await h.state()).remotes.find((r) => r.attributes['name'] === who);
    if (!remote) return 0;
    return (await h.media()).find((m) => m.id === remote.id)?.framesDecoded ?? 0;
  }, name);
}

/** Waits until `name`'s video is decoded and advancing at the newcomer; resolves with when it first advanced. */
async function expectFramesAdvancing(page: Page, name: string, timeout: number): Promise<number> {
  let first = 0;
  await expect
    .poll(async () => (first = await framesFrom(page, name)), { timeout, intervals: [100], message: `${name}'s video reaches the newcomer` })
    .toBeGreaterThan(0);
  await expect
    .poll(() => framesFrom(page, name), { timeout: 10_000, intervals: [100], message: `${name}'s video advances at the newcomer` })
    .toBeGreaterThan(first + 5);
  return Date.now();
}

/** The client id owning the ready publication named `name`, if the server lists one. */
async function ownerOf(admin: AdminClient, name: string): Promise<string | undefined> {
  return (await admin.streams()).find((s) => s.ready && (s.attributes as Record<string, unknown> | undefined)?.['name'] === name)?.owner;
}

/** The server lists a ready publication of `name` (the app published, or republished, and media flows). */
async function expectPublishedOnServer(admin: AdminClient, name: string, timeout: number): Promise<void> {
  await expect
    .poll(async () => (await admin.streams()).some((s) => s.ready && (s.attributes as Record<string, unknown> | undefined)?.['name'] === name), {
      timeout,
      intervals: [100],
    })
    .toBe(true);
}

const RESTART_CASES: Array<{ label: string; options: TestServerOptions }> = [
  { label: 'A v5', options: { dialect: 'A', aVersion: 'v5' } },
  { label: 'A v6', options: { dialect: 'A', aVersion: 'v6' } },
  { label: 'C', options: { dialect: 'C' } },
];

for (const { label, options } of RESTART_CASES) {
  test(`${label}: after a controller restart the app rejoins and republishes; a newcomer sees it move within 10 s of the server's return`, async ({
    page,
    webHost,
    browser,
  }, testInfo) => {
    test.setTimeout(150_000);
    const server = await startTestServer(options);
    try {
      const admin = new AdminClient(server.adminUrl);
      await page.goto(webHost.url);
      await addServer(page, server.restUrl);
      await joinFromHome(page, 'Ada');
      await expect(page.getByRole('heading', { name: `Meeting ${ROOM}` })).toBeVisible({ timeout: 20_000 });
      await expectPublishedOnServer(admin, 'Ada', 30_000);
      const before = await ownerOf(admin, 'Ada');

      // Every socket drops and the server forgets every client: Ada's `reconnected`/clientId names an unknown client.
      await admin.restart();
      const back = Date.now();
      const other = await newcomer(browser, server);
      const seenAt = await expectFramesAdvancing(other, 'Ada', 30_000);
      const ms = seenAt - back;
      testInfo.annotations.push({ type: 'rejoin-to-newcomer-frames-ms', description: String(ms) });
      console.log(`[recovery ${label}] server back → newcomer decodes Ada's advancing video: ${ms} ms`);
      expect(ms, 'rejoined, republished and seen with media within 10 s of the server coming back').toBeLessThanOrEqual(10_000);

      // In the room for real: a new client id, the app's view back to normal, no notice about the camera.
      const after = await ownerOf(admin, 'Ada');
      expect(after).toBeDefined();
      expect(after).not.toBe(before);
      await expect(page.locator('[data-banner="reconnecting"]')).toHaveCount(0, { timeout: 10_000 });
      await expect(page.getByRole('alert')).toHaveCount(0);
    } finally {
      await server.close();
    }
  });
}

for (const dialect of ['C', 'A'] as const) {
  test(`${dialect}: a camera publication whose offer is never answered is retried, the notice says so and goes away, and others see the camera`, async ({
    page,
    webHost,
    browser,
  }, testInfo) => {
    test.setTimeout(150_000);
    const server = await startTestServer(dialect === 'A' ? { dialect, aVersion: 'v5' } : { dialect });
    try {
      const admin = new AdminClient(server.adminUrl);
      await admin.stallPublishes({ count: 1, mode: 'no-answer' });
      await page.goto(webHost.url);
      await addServer(page, server.restUrl);
      const other = await newcomer(browser, server);
      await joinFromHome(page, 'Ada');
      await expect(page.getByRole('heading', { name: `Meeting ${ROOM}` })).toBeVisible({ timeout: 20_000 });
      // After the 20 s media timeout: what really happened, and that it is being retried.
      const notice = page.getByRole('alert').filter({ hasText: 'the server did not answer the video offer' });
      await expect(notice).toBeVisible({ timeout: 40_000 });
      await expect(notice).toContainText(/Trying again in \d+ s \(attempt 1 of 3\)/);
      await saveScreenshot(page, testInfo, `call-publish-retry-${dialect}-1280x720-en`);
      // The retry is answered: the notice goes, the newcomer decodes Ada's camera.
      await expect(notice).toHaveCount(0, { timeout: 30_000 });
      await expectFramesAdvancing(other, 'Ada', 30_000);
      expect((await admin.state()).faults.publishStalls).toEqual([]);
    } finally {
      await server.close();
    }
  });
}

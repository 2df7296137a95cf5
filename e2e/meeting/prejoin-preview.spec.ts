import type { Page } from '@playwright/test';
import { enterMeeting, expect, expectMovingVideo, expectNoAxeViolations, ROOM, saveScreenshot, test, useLabServer } from './fixtures';

/**
 * Pre-join connects early (features/prejoin/meeting-preview.svelte.ts): it says who is in the meeting, and Join then
 * only publishes and subscribes — the same connection (one token, one client on the server) becomes the call.
 */

/** The token's user name (main's token request writes it in lower case). */
const isAda = (name: string) => name.toLowerCase() === 'ada';

/** Cameras pre-join plays for the call's tiles (features/call/warm-videos.ts), with a decoded frame. */
const warmCameras = (page: Page) =>
  page.evaluate(
    () =>
      [...document.querySelectorAll<HTMLVideoElement>('[data-warm-videos] video')].filter((video) => video.getVideoPlaybackQuality().totalVideoFrames > 0)
        .length,
  );

/**
 * Records, for every remote tile, the frames its video had shown when the tile entered the page: a MutationObserver
 * callback runs right after the task that mounted the call screen, before its first paint.
 */
async function recordFramesAtMount(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: Record<string, number> = {};
    (window as unknown as { framesAtMount: Record<string, number> }).framesAtMount = seen;
    new MutationObserver(() => {
      for (const video of document.querySelectorAll<HTMLVideoElement>('[data-tile^="r:"] video')) {
        const name = video.closest<HTMLElement>('[data-tile]')!.dataset['name']!;
        if (!(name in seen)) seen[name] = video.getVideoPlaybackQuality().totalVideoFrames;
      }
    }).observe(document.body, { subtree: true, childList: true });
  });
}

const whoIsHere = (page: Page) => page.getByRole('status').filter({ hasText: /in the meeting|Nobody else|在会议中/ });

async function openPreJoin(page: Page, url: string, name: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Room name').fill(ROOM);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Get ready to join' })).toBeVisible();
  await page.getByLabel('Your name').fill(name);
}

for (const dialect of ['C', 'A'] as const) {
  test.describe(`pre-join: who is in the meeting, dialect ${dialect}`, () => {
    test.use({ dialect });

    test('names the people there, follows arrivals, and the connection it made is the call', async ({ page, webHost, licode, admin, browser }, testInfo) => {
      await useLabServer(webHost, licode.restUrl);
      await openPreJoin(page, webHost.url, 'Ada');
      await expect(whoIsHere(page)).toHaveText(/Bot 1 and Bot 2 are in the meeting$/, { timeout: 15_000 });
      // Ada is connected (not publishing: nobody is told about her) before she clicks Join.
      const before = (await admin.clients()).filter((client) => isAda(client.name));
      expect(before).toHaveLength(1);
      expect(before[0]!.published).toEqual([]);

      // Someone joins while Ada is still on pre-join: the list follows.
      const grace = await browser.newContext({ permissions: ['camera', 'microphone'], viewport: { width: 1280, height: 720 } });
      try {
        const gracePage = await grace.newPage();
        await enterMeeting(gracePage, webHost.url, 'Grace');
        await expect(whoIsHere(page)).toHaveText(/Bot 1, Bot 2 and 1 more are in the meeting$/, { timeout: 15_000 });
        await expectNoAxeViolations(page);
        await saveScreenshot(page, testInfo, `prejoin-who-is-here-${dialect}-en`);

        // The three cameras already play on pre-join; the call's tiles take those videos over, so each shows a
        // picture from the call screen's first paint instead of waiting for the next frame.
        await expect.poll(() => warmCameras(page), { timeout: 15_000 }).toBe(3);
        await recordFramesAtMount(page);
        await page.getByRole('button', { name: 'Join now' }).click();
        await expect(page.getByRole('heading', { name: `Meeting ${ROOM}` })).toBeVisible({ timeout: 20_000 });
        const framesAtMount = await page.evaluate(() => (window as unknown as { framesAtMount: Record<string, number> }).framesAtMount);
        expect(Object.keys(framesAtMount).sort()).toEqual(['Bot 1', 'Bot 2', 'Grace']);
        for (const [name, frames] of Object.entries(framesAtMount)) expect(frames, `${name}'s tile at mount`).toBeGreaterThan(0);
        expect(await page.locator('[data-warm-videos] video').count()).toBe(0);
        await expectMovingVideo(page, 'Bot 1');
        await expectMovingVideo(page, 'Grace');
        await expectMovingVideo(gracePage, 'Ada');
        // The call is the connection pre-join made: the same client, now publishing; no second token was used.
        const after = (await admin.clients()).filter((client) => isAda(client.name));
        expect(after.map((client) => client.clientId)).toEqual(before.map((client) => client.clientId));
        expect(after[0]!.published).toHaveLength(1);
      } finally {
        await grace.close();
      }
    });
  });
}

test('going back leaves the early connection, and the list is in Chinese too', async ({ page, webHost, licode, admin }, testInfo) => {
  await useLabServer(webHost, licode.restUrl);
  await webHost.config.update((config) => ({ ...config, language: 'zh-CN' }));
  await page.goto(webHost.url);
  await page.getByLabel('房间名称').fill(ROOM);
  await page.getByRole('button', { name: '继续' }).click();
  await page.getByLabel('您的名字').fill('Ada');
  await expect(whoIsHere(page)).toHaveText(/Bot 1 和 Bot 2 在会议中$/, { timeout: 15_000 });
  await expectNoAxeViolations(page);
  await saveScreenshot(page, testInfo, 'prejoin-who-is-here-zh-CN');
  await expect.poll(async () => (await admin.clients()).filter((client) => isAda(client.name)).length).toBe(1);
  await expect.poll(() => warmCameras(page), { timeout: 15_000 }).toBe(2);
  await page.getByRole('button', { name: '返回' }).click();
  await expect.poll(async () => (await admin.clients()).filter((client) => isAda(client.name)).length, { timeout: 10_000 }).toBe(0);
  // The cameras it played for the call stop with it.
  await expect(page.locator('[data-warm-videos] video')).toHaveCount(0);
});

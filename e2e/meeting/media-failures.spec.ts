import type { Page, TestInfo } from '@playwright/test';
import { enterMeeting, expect, expectNoAxeViolations, framesOf, streamIdOf, ROOM, saveScreenshot, test, tile, useLabServer } from './fixtures';

// Issue 15, "nothing fails silently", in both dialects against the test server's faults: a video whose subscription
// never becomes ready says so on its tile and is retried with back-off until it arrives, without any user action; a
// participant whose media stops reaching the server is marked "Connection lost" until it flows again; the
// reconnecting banner counts its tries and offers Leave, "Reconnected" and "You left · Rejoin" are on screen.

const unavailable = (page: Page, name: string) => tile(page, name).locator('[data-health="unavailable"]');
const lost = (page: Page, name: string) => tile(page, name).locator('[data-health="lost"]');

/** Decoded frames of `name`'s tile keep increasing from now on (not just frames decoded before). */
async function expectFramesAdvance(page: Page, name: string, timeout: number): Promise<void> {
  let first = 0;
  await expect.poll(async () => (first = await framesOf(page, name)), { timeout, message: `video of ${name} decodes` }).toBeGreaterThan(0);
  await expect.poll(() => framesOf(page, name), { timeout: 15_000, message: `video of ${name} advances` }).toBeGreaterThan(first + 5);
}

async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  // Other runs may clear test-results/ meanwhile: one retry re-creates the folder.
  await saveScreenshot(page, testInfo, name).catch(() => saveScreenshot(page, testInfo, name));
}

for (const dialect of ['C', 'A'] as const) {
  test.describe(`media failures, dialect ${dialect}`, () => {
    // A v5: the first generation that resumes a session after a dropped socket (the banner's tries are the socket's).
    test.use({ dialect, aVersion: 'v5' });
    const full = dialect === 'C'; // axe, screenshots and Chinese once; behaviour in both dialects

    test('a video that never arrives is shown unavailable and retried until it comes; a frozen participant is marked until media returns', async ({
      page,
      webHost,
      licode,
      admin,
      consoleErrors,
    }, testInfo) => {
      test.setTimeout(180_000);
      await useLabServer(webHost, licode.restUrl);
      const bot1 = await streamIdOf(admin, 'Bot 1');
      const bot2 = await streamIdOf(admin, 'Bot 2');
      // Every subscription to Bot 1 is acknowledged but never becomes ready, until the fault is lifted.
      await admin.stallSubscriptions({ streamId: bot1 });
      await enterMeeting(page, webHost.url, 'Ada');
      await expectFramesAdvance(page, 'Bot 2', 30_000);

      // The library gives up on the subscription after 20 s: the tile says so (not the camera-off initial) and when
      // it tries again.
      await expect(unavailable(page, 'Bot 1')).toContainText('Video unavailable', { timeout: 40_000 });
      await expect(unavailable(page, 'Bot 1')).toContainText(/Retrying in \d+ s…|Retrying…/);
      expect(await framesOf(page, 'Bot 1')).toBe(0);
      if (full) {
        await expect(unavailable(page, 'Bot 1').getByRole('button', { name: 'Retry now' })).toBeVisible();
        await shoot(page, testInfo, 'media-failures-unavailable-1280x720-en');
        await expectNoAxeViolations(page);
      }
      // The back-off grows: after the second failure the wait is 4 s.
      await expect(unavailable(page, 'Bot 1')).toContainText(/Retrying in [34] s…/, { timeout: 40_000 });
      if (full) {
        await page.getByLabel('Language').selectOption('zh-CN');
        await expect(unavailable(page, 'Bot 1')).toContainText('视频不可用');
        await shoot(page, testInfo, 'media-failures-unavailable-1280x720-zh-CN');
        await expectNoAxeViolations(page);
        await page.getByLabel('语言').selectOption('en');
      }

      // The fault is lifted: the next retry gets the video, with nobody touching anything.
      const lifted = Date.now();
      await admin.clearSubscribeStalls();
      await expect(unavailable(page, 'Bot 1')).toBeHidden({ timeout: 60_000 });
      await expectFramesAdvance(page, 'Bot 1', 20_000);
      console.log(`[media-failures ${dialect}] Bot 1's video decoded ${Date.now() - lifted} ms after the stall was lifted`);

      // Bot 2's media stops reaching the server (ICE and signalling stay up): marked after ~5 s without bytes.
      const dropped = Date.now();
      await admin.dropPublisherMedia(bot2);
      await expect(lost(page, 'Bot 2')).toHaveText('Connection lost', { timeout: 15_000 });
      console.log(`[media-failures ${dialect}] "Connection lost" shown ${Date.now() - dropped} ms after Bot 2's media was dropped`);
      await expect(lost(page, 'Bot 1')).toHaveCount(0);
      if (full) {
        await shoot(page, testInfo, 'media-failures-connection-lost-1280x720-en');
        await expectNoAxeViolations(page);
        await page.getByLabel('Language').selectOption('zh-CN');
        await expect(lost(page, 'Bot 2')).toHaveText('连接中断');
        await expectNoAxeViolations(page);
        await shoot(page, testInfo, 'media-failures-connection-lost-1280x720-zh-CN');
        await page.getByLabel('语言').selectOption('en');
      }
      await admin.restorePublisherMedia(bot2);
      await expect(lost(page, 'Bot 2')).toHaveCount(0, { timeout: 10_000 });
      await expectFramesAdvance(page, 'Bot 2', 10_000);
      expect(consoleErrors).toEqual([]);
    });

    test('reconnecting shows its tries and time with Leave; "Reconnected" and "You left · Rejoin" are on screen', async ({
      page,
      webHost,
      licode,
      admin,
      consoleErrors,
    }, testInfo) => {
      test.setTimeout(120_000);
      await useLabServer(webHost, licode.restUrl);
      await enterMeeting(page, webHost.url, 'Ada');
      // The only client that is not a synthetic participant is Ada.
      const ada = async () => (await admin.clients()).find((c) => !c.clientId.startsWith('bot-') && c.published.length > 0);
      await expect.poll(async () => (await ada())?.clientId, { timeout: 20_000, message: 'Ada is connected and publishing' }).toBeTruthy();
      await expectFramesAdvance(page, 'Bot 1', 30_000);

      // The socket drops and its reconnections are refused for 5 s: the banner counts the tries and the time.
      await admin.dropClient((await ada())!.clientId, 5_000);
      const banner = page.locator('[data-banner="reconnecting"]');
      await expect(banner).toContainText('Connection lost. Reconnecting…', { timeout: 10_000 });
      // A refused reconnection only ends at its timeout: the count goes up slowly, the clock every second.
      await expect(banner).toContainText(/Attempt \d+ · 0:0\d/, { timeout: 10_000 });
      const progress = banner.locator('[data-reconnect-attempt]');
      const shown = await progress.textContent();
      await expect(progress).not.toHaveText(shown ?? '', { timeout: 3_000 });
      await expect(banner.getByRole('button', { name: 'Leave the meeting' })).toBeVisible();
      if (full) {
        await shoot(page, testInfo, 'media-failures-reconnecting-1280x720-en');
        await expectNoAxeViolations(page);
      }
      await expect(page.locator('[data-banner="reconnected"]')).toHaveText('Reconnected', { timeout: 30_000 });
      await expect(banner).toBeHidden();
      if (full) {
        await shoot(page, testInfo, 'media-failures-reconnected-1280x720-en');
        await expectNoAxeViolations(page);
      }
      await expect(page.locator('[data-banner="reconnected"]')).toBeHidden({ timeout: 10_000 });

      // Dropped again, for long: Leave from the banner goes Home, which says so and offers to rejoin.
      if (full) await page.getByLabel('Language').selectOption('zh-CN');
      await admin.dropClient((await ada())!.clientId, 60_000);
      await expect(banner).toBeVisible({ timeout: 10_000 });
      if (full) {
        await expect(banner).toContainText('连接已断开，正在重新连接…');
        await expect(banner).toContainText(/第 \d+ 次尝试|正在尝试/);
        await expectNoAxeViolations(page);
        await shoot(page, testInfo, 'media-failures-reconnecting-1280x720-zh-CN');
      }
      await banner.getByRole('button', { name: full ? '离开会议' : 'Leave the meeting' }).click();
      const notice = page.locator('[data-notice="left-call"]');
      await expect(notice).toContainText(full ? `你已离开会议 ${ROOM}。` : `You left the meeting ${ROOM}.`);
      if (full) {
        await expectNoAxeViolations(page);
        await shoot(page, testInfo, 'media-failures-left-1280x720-zh-CN');
        await page.getByLabel('语言').selectOption('en');
        await expect(notice).toContainText(`You left the meeting ${ROOM}.`);
        await expectNoAxeViolations(page);
        await shoot(page, testInfo, 'media-failures-left-1280x720-en');
      }
      await notice.getByRole('button', { name: 'Rejoin' }).click();
      await expect(page.getByRole('heading', { name: 'Get ready to join' })).toBeVisible();
      await page.getByLabel('Your name').fill('Ada');
      await page.getByRole('button', { name: 'Join now' }).click();
      await expect(page.getByRole('heading', { name: `Meeting ${ROOM}` })).toBeVisible({ timeout: 20_000 });
      await expectFramesAdvance(page, 'Bot 1', 30_000);
      expect(consoleErrors).toEqual([]);
    });
  });
}

import type { Page, TestInfo } from '@playwright/test';
import { addServer, expect, expectMovingVideo, expectNoAxeViolations, installSecondCamera, joinFromHome, saveScreenshot, test, tile } from './fixtures';

const BOTS = ['Bot 1', 'Bot 2'];

/** Width of the frames the tile's video decodes right now. */
const decodedWidth = (page: Page, name: string) =>
  tile(page, name)
    .locator('video')
    .evaluate((v: HTMLVideoElement) => v.videoWidth);

async function shoot(page: Page, testInfo: TestInfo, name: string, sizes: Array<[number, number]>) {
  for (const [width, height] of sizes) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(300); // let the grid re-fit
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} at ${width}x${height} overflows horizontally`).toBe(0);
    // Other runs may clear test-results/ meanwhile: one retry re-creates the folder.
    await saveScreenshot(page, testInfo, `${name}-${width}x${height}`).catch(() => saveScreenshot(page, testInfo, `${name}-${width}x${height}`));
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

for (const dialect of ['C', 'A'] as const) {
  test.describe(`meeting, dialect ${dialect}`, () => {
    test.use({ dialect });

    const full = dialect === 'C'; // axe, screenshots and the second language once; behaviour in both dialects
    test('add a server, join, see everyone move, mute, switch camera, chat, pin, leave', async ({
      page,
      webHost,
      licode,
      secondContext,
      consoleErrors,
    }, testInfo) => {
      test.setTimeout(full ? 300_000 : 180_000);
      if (process.env.MEETING_DEBUG) page.on('console', (m) => console.log(`[ada] ${m.type()} ${m.text()}`));
      await installSecondCamera(page);
      await page.goto(webHost.url);
      await addServer(page, licode.restUrl);
      await joinFromHome(page, 'Ada');
      await expect(page.getByRole('heading', { name: `Meeting ${'standup'}` })).toBeVisible({ timeout: 20_000 });
      for (const bot of BOTS) await expectMovingVideo(page, bot);

      // Another person joins from a second browser.
      const grace = await secondContext.newPage();
      await grace.goto(webHost.url);
      await joinFromHome(grace, 'Grace');
      await expectMovingVideo(page, 'Grace');
      await expectMovingVideo(grace, 'Ada');
      for (const bot of BOTS) await expectMovingVideo(grace, bot);
      await expect(page.getByRole('status').filter({ hasText: 'Grace joined.' })).toBeAttached();
      // Adaptive subscriptions: Grace arrived as the fourth tile, so Ada asks for at most 640x360 of her video.
      await expect(tile(page, 'Grace')).toHaveAttribute('data-cap', 'medium');
      // Dialect C publishes three simulcast layers (320, 640, 1280 wide): the server forwards the one that fits.
      if (dialect === 'C') await expect.poll(() => decodedWidth(page, 'Grace'), { timeout: 15_000 }).toBe(640);

      // Mute: the other side shows the indicator within a second.
      await expect(tile(grace, 'Ada').locator('[data-indicator="mic-muted"]')).toHaveCount(0);
      await page.getByRole('button', { name: 'Mute microphone' }).click();
      const mutedAt = Date.now();
      await expect(tile(grace, 'Ada').locator('[data-indicator="mic-muted"]')).toBeVisible({ timeout: 1_000 });
      const muteMs = Date.now() - mutedAt;
      testInfo.annotations.push({ type: 'mute-indicator-ms', description: String(muteMs) });
      console.log(`[meeting ${dialect}] mute indicator shown to the other participant after ${muteMs} ms`);
      await expect(page.getByRole('button', { name: 'Unmute microphone' })).toBeVisible();
      // Chromium's fake microphone beeps: speaking while muted shows the notice.
      await expect(page.locator('[data-banner="muted-speech"]')).toBeVisible({ timeout: 10_000 });

      // Switch camera mid-call: a new track goes out without renegotiation and everyone's view keeps moving.
      const trackId = () =>
        tile(page, 'Ada')
          .locator('video')
          .evaluate((v: HTMLVideoElement) => (v.srcObject as MediaStream | null)?.getVideoTracks()[0]?.id);
      const firstTrack = await trackId();
      await page.getByRole('button', { name: 'Devices' }).click();
      const camera = page.getByLabel('Camera', { exact: true });
      await expect(camera.locator('option')).toHaveCount(2);
      await camera.selectOption({ label: 'Second camera' });
      await expect.poll(() => page.evaluate(() => (window as unknown as { secondCameraTrack?: MediaStreamTrack }).secondCameraTrack?.id)).toBeTruthy();
      expect(await trackId()).toBe(await page.evaluate(() => (window as unknown as { secondCameraTrack: MediaStreamTrack }).secondCameraTrack.id));
      expect(await trackId()).not.toBe(firstTrack);
      await expectMovingVideo(page, 'Ada');
      await expectMovingVideo(grace, 'Ada');
      // Hot-plug: the camera in use is unplugged; the app falls back to the one still there.
      await page.evaluate(() => (window as unknown as { unplugSecondCamera: () => void }).unplugSecondCamera());
      await expect(camera.locator('option')).toHaveCount(1);
      await expect.poll(trackId).not.toBe(await page.evaluate(() => (window as unknown as { secondCameraTrack: MediaStreamTrack }).secondCameraTrack.id));
      await expectMovingVideo(grace, 'Ada');
      await page.getByRole('button', { name: 'Close panel' }).click();

      // Chat both ways over Licode data streams.
      await page.getByRole('button', { name: 'Chat', exact: true }).click();
      await page.getByLabel('Message everyone').fill('Hello from Ada');
      await page.getByLabel('Message everyone').press('Enter');
      await expect(page.locator('[data-chat-from="me"]')).toContainText('Hello from Ada');
      await expect(grace.getByRole('button', { name: 'Chat, 1 unread' })).toBeVisible({ timeout: 5_000 });
      await grace.getByRole('button', { name: 'Chat, 1 unread' }).click();
      await expect(grace.locator('[data-chat-from="Ada"]')).toContainText('Hello from Ada');
      await grace.getByLabel('Message everyone').fill('Hi Ada, Grace here');
      await grace.getByRole('button', { name: 'Send' }).click();
      await expect(page.locator('[data-chat-from="Grace"]')).toContainText('Hi Ada, Grace here', { timeout: 5_000 });
      if (full) await expectNoAxeViolations(page);
      if (full)
        await shoot(page, testInfo, 'call-chat-open', [
          [1280, 720],
          [800, 600],
        ]);
      await page.getByRole('button', { name: 'Close panel' }).click();

      // Grid, then pin Grace: the stage layout shows her large.
      await expect(page.locator('[data-layout="grid"]')).toBeVisible();
      if (full)
        await shoot(page, testInfo, 'call-grid', [
          [1280, 720],
          [800, 600],
        ]);
      await tile(page, 'Grace').hover();
      await page.getByRole('button', { name: 'Pin Grace' }).click();
      await expect(page.locator('[data-layout="stage"]')).toBeVisible();
      await expect(page.getByRole('region', { name: 'Stage' }).locator('[data-name="Grace"]')).toBeVisible();
      await expectMovingVideo(page, 'Grace');
      // On the stage Grace's video is uncapped, the bots in the strip are thumbnails (Licode updatestream caps).
      await expect(tile(page, 'Grace')).toHaveAttribute('data-cap', 'full', { timeout: 5_000 });
      for (const bot of BOTS) await expect(tile(page, bot)).toHaveAttribute('data-cap', 'thumb');
      if (dialect === 'C') await expect.poll(() => decodedWidth(page, 'Grace'), { timeout: 15_000 }).toBe(1280);
      await expect(page.getByRole('button', { name: 'Unpin Grace' })).toHaveAttribute('aria-pressed', 'true');
      // Network quality popover: live bitrate, loss, round trip, resolution and frame rate of Grace's video.
      const quality = page.getByRole('button', { name: /^Connection quality for Grace: / });
      await quality.click();
      const popover = page.getByRole('group', { name: 'Connection' });
      await expect(popover.locator('[data-stat="bitrate"]')).toHaveText(/^[1-9]\d* kbit\/s$/, { timeout: 10_000 });
      await expect(popover.locator('[data-stat="resolution"]')).toHaveText(/^\d+×\d+$/);
      await expect(popover.locator('[data-stat="fps"]')).toHaveText(/^\d+ fps$/);
      await expect(popover.locator('[data-stat="loss"]')).toHaveText(/^[\d.]+ %$/);
      await quality.press('Escape');
      await expect(popover).toBeHidden();
      if (full) await expectNoAxeViolations(page);
      if (full)
        await shoot(page, testInfo, 'call-stage-pinned', [
          [1280, 720],
          [800, 600],
        ]);

      // Keyboard: the help overlay, and the shortcuts work.
      await page.locator('body').press('?');
      const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await expect(help).toBeVisible();
      if (full) await expectNoAxeViolations(page);
      if (full)
        await shoot(page, testInfo, 'call-help', [
          [1280, 720],
          [800, 600],
        ]);
      await page.keyboard.press('Escape');
      await expect(help).toBeHidden();
      await page.locator('body').press('m');
      await expect(page.getByRole('button', { name: 'Mute microphone' })).toBeVisible();
      await expect(tile(grace, 'Ada').locator('[data-indicator="mic-muted"]')).toHaveCount(0, { timeout: 2_000 });

      if (full) {
        // The same view in Simplified Chinese, switched at run time.
        await page.getByLabel('Language').selectOption('zh-CN');
        await expect(page.getByRole('heading', { name: '会议 standup' })).toBeVisible();
        await expectNoAxeViolations(page);
        await shoot(page, testInfo, 'call-stage-pinned-zh-CN', [
          [1280, 720],
          [800, 600],
        ]);
        await page.getByRole('button', { name: '聊天' }).click();
        await expectNoAxeViolations(page);
        await shoot(page, testInfo, 'call-chat-open-zh-CN', [[800, 600]]);
        await page.getByLabel('语言').selectOption('en');
      }

      if (!full) {
        // Screen share (dialect A run; the C run spends its time on axe and screenshots): Grace gets it on the stage by itself.
        await page.getByRole('button', { name: 'Share screen' }).click();
        await page.getByRole('dialog', { name: 'Choose what to share' }).getByRole('button', { name: 'Share', exact: true }).click();
        await expect(page.getByRole('region', { name: 'Call controls' }).getByRole('button', { name: 'Stop sharing' })).toBeVisible();
        const stage = grace.getByRole('region', { name: 'Stage' });
        await expect(stage.locator('[data-screen]')).toBeVisible({ timeout: 20_000 });
        const stageFrames = () => stage.locator('[data-screen] video').evaluate((v: HTMLVideoElement) => v.getVideoPlaybackQuality().totalVideoFrames);
        const start = await stageFrames();
        await expect.poll(stageFrames, { timeout: 15_000 }).toBeGreaterThan(start + 5);
        await page.getByRole('region', { name: 'Call controls' }).getByRole('button', { name: 'Stop sharing' }).click();
        await expect(grace.locator('[data-screen]')).toHaveCount(0, { timeout: 10_000 });
      }

      // Leave: back home, and the other participant sees Ada go.
      await page.getByRole('button', { name: 'Leave' }).click();
      await expect(page.getByRole('heading', { name: 'Join a meeting' })).toBeVisible();
      await expect(tile(grace, 'Ada')).toHaveCount(0, { timeout: 10_000 });
      expect(consoleErrors).toEqual([]);
    });
  });
}

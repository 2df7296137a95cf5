/**
 * A remote tile whose video is on its way does not look like "camera off": against the test server's faults, a bot's
 * video arrives late — its subscription never becomes ready (the library waits 20 s for media, then it is retried),
 * and once it is ready no media reaches it for a while — and the tile shows the avatar with a "connecting" ring and
 * text, not the camera-off badge, until the first frame is decoded, then the picture. When the media health shows the
 * problem ("Video unavailable"), that is the one indicator. A participant whose camera is off keeps the camera-off look.
 */
import type { Page } from '@playwright/test';
import { enterMeeting, expect, expectNoAxeViolations, framesOf, streamIdOf, saveScreenshot, test, tile, useLabServer } from './fixtures';

const connecting = (page: Page, name: string) => tile(page, name).locator('[data-video-state="connecting"]');
const cameraOff = (page: Page, name: string) => tile(page, name).locator('[data-indicator="camera-off"]');

/** The tile's video element: what it plays, what it has decoded and whether a person can see it. */
function videoOf(page: Page, name: string) {
  return tile(page, name)
    .locator('video')
    .evaluate((video: HTMLVideoElement) => {
      const style = getComputedStyle(video);
      return {
        attached: video.srcObject !== null,
        frames: video.getVideoPlaybackQuality().totalVideoFrames,
        visible: style.display !== 'none' && style.visibility !== 'hidden' && Number(style.opacity) > 0.99,
      };
    });
}

const ringAnimation = (page: Page, name: string) =>
  connecting(page, name)
    .locator('.ring')
    .evaluate((ring) => getComputedStyle(ring).animationName);

test.describe('a remote video on its way', () => {
  test.use({ dialect: 'C' });

  test('shows "connecting" (not camera off) until its first decoded frame, then the picture; camera off stays camera off', async ({
    page,
    webHost,
    licode,
    admin,
    consoleErrors,
  }, testInfo) => {
    test.setTimeout(150_000);
    await useLabServer(webHost, licode.restUrl);
    const bot1 = await streamIdOf(admin, 'Bot 1');
    const bot2 = await streamIdOf(admin, 'Bot 2');
    // Bot 1's video comes late: every subscription to it is acknowledged but does not become ready until the fault is
    // lifted. Bot 2 turns its camera off.
    await admin.stallSubscriptions({ streamId: bot1 });
    await enterMeeting(page, webHost.url, 'Ada');
    let ada: string | undefined;
    await expect
      .poll(async () => (ada = (await admin.clients()).find((c) => !c.clientId.startsWith('bot-') && c.published.length > 0)?.clientId))
      .toBeDefined();
    await admin.sendToClient(ada!, 'onUpdateAttributeStream', [{ id: bot2, attrs: { name: 'Bot 2', muted: { video: true } } }], true);

    // Waiting for the subscription: the avatar with the connecting ring and text, no camera-off badge.
    await expect(connecting(page, 'Bot 1')).toBeVisible();
    await expect(connecting(page, 'Bot 1')).toContainText('Connecting video…');
    await expect(cameraOff(page, 'Bot 1')).toHaveCount(0);
    await expect(tile(page, 'Bot 1').getByRole('status')).toHaveText('Connecting Bot 1’s video…');
    expect((await videoOf(page, 'Bot 1')).frames).toBe(0);
    // Camera off: the camera-off badge, never "connecting".
    await expect(cameraOff(page, 'Bot 2')).toBeVisible();
    await expect(connecting(page, 'Bot 2')).toHaveCount(0);

    await page.waitForTimeout(700); // the ring fades in after 300 ms
    await saveScreenshot(page, testInfo, 'tile-connecting').catch(() => saveScreenshot(page, testInfo, 'tile-connecting'));
    expect(await ringAnimation(page, 'Bot 1')).toContain('ring-turn');
    await expectNoAxeViolations(page);
    // Reduced motion: the ring stands still.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await ringAnimation(page, 'Bot 1')).not.toContain('ring-turn');
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await page.getByLabel('Language').selectOption('zh-CN');
    await expect(connecting(page, 'Bot 1')).toContainText('正在连接视频…');
    await page.getByLabel('语言').selectOption('en');
    // A filmstrip thumbnail (compact): the ring only, the status still there for screen readers.
    await page.getByRole('button', { name: 'Pin Ada (you)' }).click();
    await expect(page.getByRole('region', { name: 'Other participants' }).locator('[data-name="Bot 1"] [data-video-state="connecting"]')).toBeVisible();
    await expect(connecting(page, 'Bot 1').locator('.connecting-text')).toBeHidden();
    await expect(tile(page, 'Bot 1').getByRole('status')).toHaveText('Connecting Bot 1’s video…');
    await page.waitForTimeout(700);
    await saveScreenshot(page, testInfo, 'tile-connecting-compact').catch(() => saveScreenshot(page, testInfo, 'tile-connecting-compact'));
    await page.getByRole('button', { name: 'Unpin Ada (you)' }).click();
    await expect(connecting(page, 'Bot 1')).toContainText('Connecting video…');

    // The library gives up after 20 s: "Video unavailable" (with its retry) is then the one indicator on the tile.
    const unavailable = tile(page, 'Bot 1').locator('[data-health="unavailable"]');
    await expect(unavailable).toBeVisible({ timeout: 30_000 });
    await expect(connecting(page, 'Bot 1')).toHaveCount(0);
    await expect(cameraOff(page, 'Bot 1')).toHaveCount(0);

    // The retry gets a ready subscription (the element plays its stream), but no media reaches it yet: connecting.
    await admin.dropPublisherMedia(bot1);
    await admin.clearSubscribeStalls();
    await expect.poll(async () => (await videoOf(page, 'Bot 1')).attached, { timeout: 20_000 }).toBe(true);
    await expect(unavailable).toHaveCount(0);
    await expect(connecting(page, 'Bot 1')).toBeVisible();
    expect(await videoOf(page, 'Bot 1')).toMatchObject({ frames: 0, visible: false });

    // The media flows: at the first decoded frame the connecting state is gone and the picture shows.
    const restored = Date.now();
    await admin.restorePublisherMedia(bot1);
    await expect.poll(() => framesOf(page, 'Bot 1'), { timeout: 15_000 }).toBeGreaterThan(0);
    const decoded = Date.now();
    await expect(connecting(page, 'Bot 1')).toHaveCount(0, { timeout: 1_000 });
    console.log(`[tile-connecting] Bot 1: first frame ${decoded - restored} ms after its media was restored; connecting gone with it`);
    expect(await videoOf(page, 'Bot 1')).toMatchObject({ attached: true, visible: true });
    await expect(tile(page, 'Bot 1').locator('.avatar')).toHaveCount(0);
    await expect(cameraOff(page, 'Bot 1')).toHaveCount(0);
    // Bot 2's camera is still off: still the camera-off look.
    await expect(cameraOff(page, 'Bot 2')).toBeVisible();
    await expect(connecting(page, 'Bot 2')).toHaveCount(0);
    expect(consoleErrors).toEqual([]);
  });
});

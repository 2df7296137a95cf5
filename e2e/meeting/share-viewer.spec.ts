/**
 * The receiver's side of screen sharing, in the web host against the test server: "<name> is presenting" with the
 * presenter's camera in a corner, the viewer controls (fit, actual size at 1:1 device pixels, zoom by button, key and
 * Ctrl+wheel around the pointer, pan by drag and arrow keys, full screen with Esc), and several shares at once (each a
 * tile, the newest on the stage, a click stages another, stopping the staged one stages the next).
 */
import type { Locator, Page } from '@playwright/test';
import type { TestServer } from '../server/index';
import { ROOM, enterMeeting, expect, expectNoAxeViolations, saveScreenshot, test, tile, useLabServer } from './fixtures';

/** The staged share's picture as Grace's page draws it: the viewport's box, the video's box and its decoding. */
async function picture(share: Locator) {
  return share.evaluate((element) => {
    const viewport = element.querySelector('[role="application"]')!.getBoundingClientRect();
    const video = element.querySelector('video')!;
    const box = video.getBoundingClientRect();
    return {
      stage: { x: viewport.x, y: viewport.y, width: viewport.width, height: viewport.height },
      box: { x: box.x, y: box.y, width: box.width, height: box.height },
      videoWidth: video.videoWidth,
      videoHeight: video.videoHeight,
      frames: video.getVideoPlaybackQuality().totalVideoFrames,
      pixelRatio: window.devicePixelRatio,
    };
  });
}

/** Frames of a video keep being decoded (not just an element on screen). */
async function expectDecoding(video: Locator, message: string) {
  const first = await video.evaluate((v: HTMLVideoElement) => v.getVideoPlaybackQuality().totalVideoFrames);
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.getVideoPlaybackQuality().totalVideoFrames), { timeout: 15_000, message })
    .toBeGreaterThan(first + 3);
}

async function pick(page: Page, source: string) {
  const picker = page.getByRole('dialog', { name: 'Choose what to share' });
  await picker
    .getByRole('radiogroup', { name: 'Screens and windows' })
    .getByRole('radio', { name: new RegExp(source) })
    .click();
  await picker.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(picker).toBeHidden();
}

test.describe('the shared screen on the receiver stage', () => {
  test.use({ dialect: 'C' });

  test('presenting, presenter camera, fit, actual size, zoom, pan, full screen, and several shares', async ({
    page,
    webHost,
    licode,
    admin,
    secondContext,
  }, testInfo) => {
    test.setTimeout(300_000);
    await useLabServer(webHost, licode.restUrl);
    await enterMeeting(page, webHost.url, 'Ada');
    const grace = await secondContext.newPage();
    await enterMeeting(grace, webHost.url, 'Grace');
    await expect(tile(grace, 'Ada')).toBeVisible({ timeout: 20_000 });
    const adaCamera = await tile(grace, 'Ada').getAttribute('data-tile');

    await page.getByRole('button', { name: 'Share screen' }).click();
    await pick(page, 'Screen 1');
    const stage = grace.getByRole('region', { name: 'Stage' });
    const share = stage.locator('[data-screen]');
    await expect(share.getByText('Ada is presenting')).toBeVisible({ timeout: 20_000 });
    const video = share.locator('video');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 20_000 }).toBe(1280);

    // The presenter's camera: a corner of the stage, decoding, and not a second time in the filmstrip.
    const camera = stage.locator('[data-presenter-camera]');
    await expect(camera).toHaveAttribute('data-presenter-camera', adaCamera!);
    await expectDecoding(camera.locator('video'), "Ada's camera on the stage");
    const cameraStream = await camera.locator('video').evaluate((v: HTMLVideoElement) => (v.srcObject as MediaStream).id);
    expect(cameraStream).not.toBe(await video.evaluate((v: HTMLVideoElement) => (v.srcObject as MediaStream).id));
    const filmstrip = grace.getByRole('region', { name: 'Other participants' });
    await expect(filmstrip.locator('[data-tile]')).not.toHaveCount(0);
    await expect(filmstrip.locator('[data-name="Ada"]')).toHaveCount(0);

    // Fit (the default): the whole picture inside the stage, touching two of its sides.
    const controls = share.getByRole('toolbar', { name: 'Shared screen view' });
    await expect(controls.getByRole('button', { name: 'Fit' })).toHaveAttribute('aria-pressed', 'true');
    const fit = await picture(share);
    expect(fit.box.width).toBeLessThanOrEqual(fit.stage.width + 1);
    expect(fit.box.height).toBeLessThanOrEqual(fit.stage.height + 1);
    expect(Math.max(fit.box.width / fit.stage.width, fit.box.height / fit.stage.height)).toBeCloseTo(1, 2);
    await expectNoAxeViolations(grace);

    // Zoom in with the button: the picture outgrows the stage and keeps decoding.
    for (let step = 0; step < 3; step++) await controls.getByRole('button', { name: 'Zoom in' }).click();
    const zoomed = await picture(share);
    expect(zoomed.box.width).toBeGreaterThan(zoomed.stage.width);
    expect(zoomed.box.width / fit.box.width).toBeCloseTo(1.25 ** 3, 2);
    await expect(controls.getByRole('button', { name: 'Fit' })).toHaveAttribute('aria-pressed', 'false');
    await expectDecoding(video, 'the zoomed share');

    // Ctrl+wheel zooms around the pointer: the video pixel under it stays under it.
    const pointer = { x: zoomed.stage.x + zoomed.stage.width * 0.35, y: zoomed.stage.y + zoomed.stage.height * 0.3 };
    const under = (p: Awaited<ReturnType<typeof picture>>) => ({
      x: ((pointer.x - p.box.x) * p.videoWidth) / p.box.width,
      y: ((pointer.y - p.box.y) * p.videoHeight) / p.box.height,
    });
    await grace.mouse.move(pointer.x, pointer.y);
    await grace.keyboard.down('Control');
    await grace.mouse.wheel(0, -120);
    await grace.keyboard.up('Control');
    await expect.poll(async () => (await picture(share)).box.width).toBeGreaterThan(zoomed.box.width * 1.1);
    const wheeled = await picture(share);
    expect(Math.abs(under(wheeled).x - under(zoomed).x)).toBeLessThan(2);
    expect(Math.abs(under(wheeled).y - under(zoomed).y)).toBeLessThan(2);

    // Drag pans, within the picture's edges.
    const centre = { x: wheeled.stage.x + wheeled.stage.width / 2, y: wheeled.stage.y + wheeled.stage.height / 2 };
    await grace.mouse.move(centre.x, centre.y);
    await grace.mouse.down();
    await grace.mouse.move(centre.x - 60, centre.y - 40, { steps: 4 });
    await grace.mouse.up();
    const dragged = await picture(share);
    expect(dragged.box.x).toBeCloseTo(wheeled.box.x - 60, 0);
    expect(dragged.box.y).toBeCloseTo(wheeled.box.y - 40, 0);

    // Keys on the focused picture: arrows pan, 0 fits, + and − zoom.
    const viewport = share.getByRole('application', { name: 'Screen shared by Ada' });
    await viewport.focus();
    await grace.keyboard.press('ArrowLeft');
    expect((await picture(share)).box.x).toBeCloseTo(dragged.box.x + 48, 0);
    await grace.keyboard.press('0');
    expect((await picture(share)).box.width).toBeCloseTo(fit.box.width, 0);
    await grace.keyboard.press('+');
    expect((await picture(share)).box.width).toBeCloseTo(fit.box.width * 1.25, 0);
    await grace.keyboard.press('-');
    expect((await picture(share)).box.width).toBeCloseTo(fit.box.width, 0);

    // Actual size: the decoded 1280×720 drawn at one video pixel per device pixel, still decoding.
    await controls.getByRole('button', { name: 'Actual size' }).click();
    await expect(controls.getByRole('button', { name: 'Actual size' })).toHaveAttribute('aria-pressed', 'true');
    const actual = await picture(share);
    expect(actual.box.width * actual.pixelRatio).toBe(actual.videoWidth);
    expect(actual.box.height * actual.pixelRatio).toBe(actual.videoHeight);
    expect(actual.videoWidth).toBe(1280);
    await expect(controls.getByText('100%', { exact: true })).toBeVisible();
    await expectDecoding(video, 'the share at actual size');
    await saveScreenshot(grace, testInfo, 'share-viewer-actual-size');

    // Full screen: the share stage is the full-screen element; Esc leaves.
    await controls.getByRole('button', { name: 'Full screen' }).click();
    await expect
      .poll(() => grace.evaluate(() => document.fullscreenElement?.hasAttribute('data-share-stage') ?? false), { message: 'stage in full screen' })
      .toBe(true);
    await expect(controls.getByRole('button', { name: 'Exit full screen' })).toBeVisible();
    await grace.keyboard.press('Escape');
    await expect.poll(() => grace.evaluate(() => document.fullscreenElement === null), { message: 'full screen left on Esc' }).toBe(true);
    await expect(controls.getByRole('button', { name: 'Full screen' })).toBeVisible();
    await controls.getByRole('button', { name: 'Fit' }).click();
    await grace.waitForTimeout(500); // a few frames at the new size
    await saveScreenshot(grace, testInfo, 'share-viewer-stage');

    // A second share (a participant whose camera is Bot 1): two share tiles, the newest on the stage.
    const botShare = await (licode as TestServer).current.bots.add(ROOM, 'Bot 1', { screen: true });
    await expect(share.getByText('Bot 1 is presenting')).toBeVisible({ timeout: 20_000 });
    await expect(grace.locator('[data-screen]')).toHaveCount(2);
    await expect(filmstrip.locator('[data-screen][data-name="Ada"]')).toBeVisible();
    await expect(camera).not.toHaveAttribute('data-presenter-camera', adaCamera!); // Bot 1's camera now
    await expect(filmstrip.locator('[data-name="Ada"]:not([data-screen])')).toBeVisible(); // Ada's camera is back
    await expectNoAxeViolations(grace);
    await saveScreenshot(grace, testInfo, 'share-viewer-two-shares');

    // A click on a share tile puts it on the stage; stopping the staged share stages the other one.
    await filmstrip.getByRole('button', { name: 'Show the screen of Ada on the stage' }).click();
    await expect(share.getByText('Ada is presenting')).toBeVisible();
    await filmstrip.getByRole('button', { name: 'Show the screen of Bot 1 on the stage' }).click();
    await expect(share.getByText('Bot 1 is presenting')).toBeVisible();
    await admin.killStream(botShare);
    await expect(share.getByText('Ada is presenting')).toBeVisible({ timeout: 10_000 });
    await expect(grace.locator('[data-screen]')).toHaveCount(1);
    await expectDecoding(video, "Ada's share back on the stage");

    // The same stage in Simplified Chinese (the language is a setting of the app: Grace's page follows it).
    await page.getByLabel('Language').selectOption('zh-CN');
    const zhShare = grace.getByRole('region', { name: '主画面' }).locator('[data-screen]');
    await expect(zhShare.getByText('Ada 正在演示')).toBeVisible();
    await zhShare.getByRole('toolbar', { name: '共享屏幕视图' }).getByRole('button', { name: '实际大小' }).click();
    await expectNoAxeViolations(grace);
    await saveScreenshot(grace, testInfo, 'share-viewer-stage-zh-CN');

    // The last share stops: the stage gives way to the grid the call had before.
    await page.getByRole('toolbar', { name: '屏幕共享控制' }).getByRole('button', { name: '停止共享' }).click();
    await expect(grace.locator('[data-screen]')).toHaveCount(0, { timeout: 5_000 });
    await expect(grace.locator('[data-layout="grid"]')).toBeVisible();
  });
});

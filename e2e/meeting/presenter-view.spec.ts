/**
 * The presenter's desktop controls in the web host: the page reports its share to the host (share:state, which opens
 * the sharing bar window in Electron), obeys the bar's Pause/Resume/Stop (share:control, sent here by the web host as
 * main would), and the compact presenter view (active speaker + mic / camera / pause / stop + back to the full view)
 * in the page, with a second person checking that each control really acts on the call.
 */
import type { Page, Request } from '@playwright/test';
import { enterMeeting, expect, expectMovingVideo, expectNoAxeViolations, saveScreenshot, test, useLabServer } from './fixtures';

/** The arguments of every call the page makes to the host on `channel`, in order. */
function hostCalls(page: Page, channel: string): unknown[] {
  const seen: unknown[] = [];
  page.on('request', (request: Request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith(`/__api/${encodeURIComponent(channel)}`)) {
      seen.push((request.postDataJSON() as { args: unknown }).args);
    }
  });
  return seen;
}

async function shareScreen2(page: Page, shareLabel: string, dialogName: string, shareButton: string) {
  await page.getByRole('button', { name: shareLabel }).click();
  const picker = page.getByRole('dialog', { name: dialogName });
  await picker.getByRole('radio', { name: /Screen 2/ }).click();
  await picker.getByRole('button', { name: shareButton, exact: true }).click();
  await expect(picker).toBeHidden();
}

test('compact presenter view while sharing: controls act on the call, the bar is told and obeyed, both languages', async ({
  page,
  webHost,
  licode,
  secondContext,
}, testInfo) => {
  test.setTimeout(240_000);
  await useLabServer(webHost, licode.restUrl);
  const shareStates = hostCalls(page, 'share:state');
  const presenterModes = hostCalls(page, 'window:presenterMode');
  await enterMeeting(page, webHost.url, 'Ada');
  const grace = await secondContext.newPage();
  await enterMeeting(grace, webHost.url, 'Grace');
  await expectMovingVideo(grace, 'Ada');

  await shareScreen2(page, 'Share screen', 'Choose what to share', 'Share');
  await expect(grace.locator('[data-screen] video')).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => shareStates).toContainEqual({ sharing: true, paused: false });

  // Into the compact view: the call's full layout (control bar, in-page bar, top bar) gives way to it.
  const sharingBar = page.getByRole('toolbar', { name: 'Screen sharing controls' });
  await expect(sharingBar.getByRole('button', { name: 'Compact view' })).toBeVisible();
  await saveScreenshot(page, testInfo, 'presenter-sharing-bar');
  await sharingBar.getByRole('button', { name: 'Compact view' }).click();
  const compact = page.getByRole('region', { name: 'Compact presenter view' });
  await expect(compact).toBeVisible();
  await expect(page.getByRole('region', { name: 'Call controls' })).toHaveCount(0);
  await expect(sharingBar).toHaveCount(0);
  await expect(page.getByRole('banner')).toHaveCount(0);
  await expect.poll(() => presenterModes).toEqual([{ compact: true }]);
  await expect(compact.getByRole('status')).toHaveText('You are sharing your screen');
  // The active speaker's video plays in it.
  await expect.poll(() => compact.locator('video').evaluate((v: HTMLVideoElement) => v.videoWidth > 0 && !v.paused), { timeout: 15_000 }).toBe(true);
  const box = await compact.boundingBox();
  expect(box!.width).toBeLessThanOrEqual(360);
  expect(box!.height).toBeLessThanOrEqual(440);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, testInfo, 'presenter-compact');

  // Mute from the compact view: Grace sees Ada's microphone muted, and back.
  const controls = compact.getByRole('group', { name: 'Presenter controls' });
  // On any of Ada's tiles Grace has (her camera sits beside her share).
  const adaMuted = grace.locator('[data-tile][data-name="Ada"] [data-indicator="mic-muted"]');
  await controls.getByRole('button', { name: 'Mute microphone', exact: true }).click();
  await expect(adaMuted).toBeVisible({ timeout: 10_000 });
  await controls.getByRole('button', { name: 'Unmute microphone', exact: true }).click();
  await expect(adaMuted).toHaveCount(0, { timeout: 10_000 });

  // Pause and resume from the compact view: Grace sees the share paused, main hears it.
  await controls.getByRole('button', { name: 'Pause' }).click();
  await expect(compact.getByRole('status')).toHaveText('Sharing paused');
  await expect(grace.locator('[data-indicator="share-paused"]')).toHaveText('Ada paused their screen share', { timeout: 5_000 });
  await expect.poll(() => shareStates.at(-1)).toEqual({ sharing: true, paused: true });
  await controls.getByRole('button', { name: 'Resume' }).click();
  await expect(grace.locator('[data-indicator="share-paused"]')).toHaveCount(0, { timeout: 5_000 });

  // The sharing bar window's buttons, as main forwards them (share:control): the page obeys.
  webHost.emit('share:control', { action: 'pause' });
  await expect(compact.getByRole('status')).toHaveText('Sharing paused');
  await expect(grace.locator('[data-indicator="share-paused"]')).toBeVisible({ timeout: 5_000 });
  webHost.emit('share:control', { action: 'resume' });
  await expect(compact.getByRole('status')).toHaveText('You are sharing your screen');
  await expect(grace.locator('[data-indicator="share-paused"]')).toHaveCount(0, { timeout: 5_000 });

  // Back to the full view, and into the compact view again.
  await compact.getByRole('button', { name: 'Back to full view' }).click();
  await expect(compact).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Call controls' })).toBeVisible();
  await sharingBar.getByRole('button', { name: 'Compact view' }).click();
  await expect(compact).toBeVisible();

  // Stop from the compact view: Grace's share goes, and the compact view ends with it.
  await controls.getByRole('button', { name: 'Stop sharing' }).click();
  await expect(grace.locator('[data-screen]')).toHaveCount(0, { timeout: 5_000 });
  await expect(compact).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Call controls' })).toBeVisible();
  await expect.poll(() => presenterModes).toEqual([{ compact: true }, { compact: false }, { compact: true }, { compact: false }]);
  await expect.poll(() => shareStates.at(-1)).toEqual({ sharing: false, paused: false });

  // A stop from the sharing bar window ends the share too.
  await shareScreen2(page, 'Share screen', 'Choose what to share', 'Share');
  await expect(grace.locator('[data-screen] video')).toBeVisible({ timeout: 20_000 });
  webHost.emit('share:control', { action: 'stop' });
  await expect(grace.locator('[data-screen]')).toHaveCount(0, { timeout: 5_000 });
  await expect(sharingBar).toHaveCount(0);

  // The same in Simplified Chinese.
  await page.getByLabel('Language').selectOption('zh-CN');
  await shareScreen2(page, '共享屏幕', '选择要共享的内容', '共享');
  await page.getByRole('toolbar', { name: '屏幕共享控制' }).getByRole('button', { name: '紧凑视图' }).click();
  const zhCompact = page.getByRole('region', { name: '紧凑演示视图' });
  await expect(zhCompact.getByRole('status')).toHaveText('你正在共享屏幕');
  await expect.poll(() => zhCompact.locator('video').evaluate((v: HTMLVideoElement) => v.videoWidth > 0 && !v.paused), { timeout: 15_000 }).toBe(true);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, testInfo, 'presenter-compact-zh-CN');
  await zhCompact.getByRole('button', { name: '返回完整视图' }).click();
  await expect(page.getByRole('region', { name: '紧凑演示视图' })).toHaveCount(0);
});

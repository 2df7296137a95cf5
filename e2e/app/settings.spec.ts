/**
 * Issue 15: the Settings screen. Reached from Home; every change is saved at once (config.json) and is still set after
 * the web host restarts on the same user-data directory; axe-clean in English and Chinese, screenshots saved.
 */
import type { Page } from '@playwright/test';
import { startWebHostApp } from '../../main/web-host/app';
import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures';

async function openSettings(page: Page, button = 'Settings', heading = 'Settings'): Promise<void> {
  await page.getByRole('button', { name: button }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

test('changes are saved at once and survive a restart of the web host', async ({ page, webHost, userDataDir, savedProfile, consoleErrors }, testInfo) => {
  expect(savedProfile.id).toBe('lab');
  await page.goto(webHost.url);
  await openSettings(page);
  // The defaults of a new installation.
  await expect(page.getByRole('radio', { name: 'Standard' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Blur my background' })).not.toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Mirror my video' })).toBeChecked();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, testInfo, 'settings-en');

  await page.getByRole('radio', { name: 'Strong (RNNoise)' }).check();
  await page.getByRole('checkbox', { name: 'Echo cancellation' }).uncheck();
  await page.getByRole('checkbox', { name: 'Mirror my video' }).uncheck();
  await page.getByRole('checkbox', { name: 'Blur my background' }).check();
  await page.getByRole('checkbox', { name: 'Join with my microphone off' }).check();
  await page.getByRole('checkbox', { name: 'Desktop notifications' }).uncheck();
  await expect
    .poll(() => webHost.config.get())
    .toMatchObject({
      media: { echoCancellation: false, noiseSuppression: 'rnnoise', autoGainControl: true, mirrorSelfView: false, backgroundBlur: true },
      joinWithMicrophone: false,
      joinWithCamera: true,
      notifications: false,
    });
  await page.getByRole('main').getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await expect(page.getByRole('heading', { level: 1, name: '设置' })).toBeVisible();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, testInfo, 'settings-zh-CN');

  // Restart: a new web host process state on the same user-data directory, a fresh page.
  await webHost.close();
  const restarted = await startWebHostApp({ port: 0, userDataDir });
  try {
    await page.goto(restarted.url);
    await openSettings(page, '设置', '设置');
    await expect(page.getByRole('radio', { name: '强（RNNoise）' })).toBeChecked();
    await expect(page.getByRole('checkbox', { name: '回声消除' })).not.toBeChecked();
    await expect(page.getByRole('checkbox', { name: '镜像显示我的视频' })).not.toBeChecked();
    await expect(page.getByRole('checkbox', { name: '虚化我的背景' })).toBeChecked();
    await expect(page.getByRole('checkbox', { name: '加入时关闭麦克风' })).toBeChecked();
    await expect(page.getByRole('checkbox', { name: '加入时关闭摄像头' })).not.toBeChecked();
    await expect(page.getByRole('checkbox', { name: '桌面通知' })).not.toBeChecked();
    await expect(page.getByRole('checkbox', { name: '自动音量' })).toBeChecked();

    // And they are what the app uses: pre-join starts with the microphone off.
    await page.getByRole('button', { name: '返回' }).click();
    await page.getByLabel('房间名称').fill('standup');
    await page.getByRole('button', { name: '继续' }).click();
    await expect(page.getByRole('button', { name: '取消麦克风静音' })).toBeVisible();
  } finally {
    await restarted.close();
  }
  expect(consoleErrors).toEqual([]);
});

/**
 * The "update ready" banner on Home and pre-join. The web host never has an update (only installed Electron builds
 * update themselves), so for the first test the page's update:status and update:restartNow requests are answered as
 * the installed app's main would answer them; the second checks the real web host shows nothing.
 */
import type { Page, Route } from '@playwright/test';
import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures';

const apiCall = (channel: string) => (url: URL) => decodeURIComponent(url.pathname).endsWith(`/__api/${channel}`);
const fulfilWith = (body: unknown) => (route: Route) => route.fulfill({ json: body });

async function goToPreJoin(page: Page): Promise<void> {
  await page.getByLabel('Room name').fill('standup');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Get ready to join' })).toBeVisible();
}

test.describe('update banner', () => {
  test('a downloaded update is announced on Home and pre-join, in English and Chinese; Restart now asks main', async ({
    page,
    webHost,
    savedProfile,
    consoleErrors,
  }, testInfo) => {
    expect(savedProfile.id).toBe('lab');
    let restartRequests = 0;
    await page.route(apiCall('update:status'), fulfilWith({ ok: true, value: { state: 'ready', version: '0.2.0' } }));
    // Main refuses when a call started meanwhile: the banner says the update waits for quitting.
    await page.route(apiCall('update:restartNow'), (route) => {
      restartRequests += 1;
      return route.fulfill({
        json: { ok: false, error: { code: 'unavailable', message: 'The update installs when the call ends: it never interrupts a meeting.' } },
      });
    });
    await page.goto(webHost.url);
    const banner = page.getByRole('status').filter({ hasText: 'Version 0.2.0' });
    await expect(banner).toHaveText(/Version 0\.2\.0 is ready — it installs when you quit\./);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, testInfo, 'update-ready-home-en');

    await banner.getByRole('button', { name: 'Restart now' }).click();
    await expect(banner).toContainText('The app could not restart now; the update installs when you quit.');
    expect(restartRequests).toBe(1);

    await goToPreJoin(page);
    await expect(page.getByRole('status').filter({ hasText: 'Version 0.2.0 is ready' })).toBeVisible();

    await webHost.config.update((config) => ({ ...config, language: 'zh-CN' }));
    const chinese = page.getByRole('status').filter({ hasText: '版本 0.2.0' });
    await expect(chinese).toContainText('版本 0.2.0 已准备就绪，将在您退出时安装。');
    await expect(chinese.getByRole('button', { name: '立即重启' })).toBeVisible();
    await saveScreenshot(page, testInfo, 'update-ready-prejoin-zh-CN');
    expect(consoleErrors).toEqual([]);
  });

  test('the web host has no updates: no banner', async ({ page, webHost, savedProfile, consoleErrors }) => {
    expect(savedProfile.id).toBe('lab');
    const answered = page.waitForResponse((response) => apiCall('update:status')(new URL(response.url())));
    await page.goto(webHost.url);
    expect(await (await answered).json()).toEqual({ ok: true, value: { state: 'idle' } });
    await expect(page.getByLabel('Room name')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Restart now' })).toHaveCount(0);
    expect(consoleErrors).toEqual([]);
  });
});

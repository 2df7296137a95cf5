import type { Page } from '@playwright/test';
import type { ServerProfile } from '../../common/api-contract';
import type { WebHostApp } from '../../main/web-host/app';
import { ERIZO_CONTROLLER_HOST } from '../app/token-server';
import { expect, expectMovingVideo, expectNoAxeViolations, joinFromHome, ROOM, saveScreenshot, test } from './fixtures';

// Token-level failures (server unreachable, not a Licode token server, token refused by createToken) and the
// pre-join device errors are covered by e2e/app. These are the failures that only show once the call starts:
// the media server (ErizoController) refuses the token or cannot be reached, and a camera denied mid-call.

async function useServer(webHost: WebHostApp, serverUrl: string): Promise<void> {
  const profile: ServerProfile = { id: 'lab', name: 'Lab server', serverUrl, generation: 'auto', defaultRole: 'presenter', allowSelfSigned: false };
  await webHost.config.update((config) => ({ ...config, profiles: [profile], activeProfileId: profile.id }));
}

/** Console errors other than Chromium's own line about a WebSocket that could not connect (expected here). */
const unexpected = (errors: string[]) => errors.filter((e) => !/WebSocket connection to .* failed|ERR_CONNECTION_REFUSED/.test(e));

async function denyCamera(page: Page) {
  await page.addInitScript(() => {
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      if (constraints?.video) throw new DOMException('simulated NotAllowedError', 'NotAllowedError');
      return original(constraints);
    };
  });
}

test.describe('call errors', () => {
  test('the media server refuses the token; trying again gets a new one and joins', async ({ page, webHost, licode, admin, consoleErrors }, testInfo) => {
    await useServer(webHost, licode.restUrl);
    // Two refusals: pre-join's early connection (it says so quietly, Join tries afresh), then Join's own token.
    await admin.refuseTokens(2, 'Token does not exist');
    await page.goto(webHost.url);
    await page.getByLabel('Room name').fill(ROOM);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Your name').fill('Ada');
    await expect(page.getByRole('status').filter({ hasText: 'Could not check who is in the meeting. Joining will try again.' })).toBeVisible({
      timeout: 15_000,
    });
    await page.getByRole('button', { name: 'Join now' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('The media server refused the meeting token', { timeout: 20_000 });
    await expect(page.getByRole('heading', { name: `Could not join ${ROOM}` })).toBeFocused();
    await expectNoAxeViolations(page);
    await saveScreenshot(page, testInfo, 'call-error-token-refused-1280x720-en');
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByRole('heading', { name: `Meeting ${ROOM}` })).toBeVisible({ timeout: 20_000 });
    await expect(page.locator('[data-tile][data-name="Bot 1"]')).toBeVisible();
    await page.getByRole('button', { name: 'Leave' }).click();
    await expect(page.getByRole('heading', { name: 'Join a meeting' })).toBeVisible();
    expect(unexpected(consoleErrors)).toEqual([]);
  });

  test('the media server cannot be reached, in English and Chinese at 800x600', async ({ page, webHost, tokenServer, consoleErrors }, testInfo) => {
    // The fake token server hands out tokens for 127.0.0.1:8080, where no media server listens.
    await useServer(webHost, tokenServer.url);
    await page.setViewportSize({ width: 800, height: 600 });
    await page.goto(webHost.url);
    await joinFromHome(page, 'Ada');
    await expect(page.getByRole('alert')).toContainText(`The media server ${ERIZO_CONTROLLER_HOST} could not be reached`, { timeout: 20_000 });
    await expectNoAxeViolations(page);
    await saveScreenshot(page, testInfo, 'call-error-unreachable-800x600-en');
    await page.getByLabel('Language').selectOption('zh-CN');
    await expect(page.getByRole('alert')).toContainText(`无法连接媒体服务器 ${ERIZO_CONTROLLER_HOST}`);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, testInfo, 'call-error-unreachable-800x600-zh-CN');
    await page.getByRole('button', { name: '返回首页' }).click();
    await expect(page.getByRole('heading', { name: '加入会议' })).toBeVisible();
    expect(unexpected(consoleErrors)).toEqual([]);
  });

  test('camera denied: the call still works without video and turning the camera on explains why it cannot', async ({
    page,
    webHost,
    licode,
    consoleErrors,
  }, testInfo) => {
    await useServer(webHost, licode.restUrl);
    await denyCamera(page);
    await page.goto(webHost.url);
    await page.getByLabel('Room name').fill(ROOM);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByText('Licode Desktop is not allowed to use your camera')).toBeVisible();
    await page.getByLabel('Your name').fill('Ada');
    await page.getByRole('button', { name: 'Join now' }).click();
    await expect(page.getByRole('heading', { name: `Meeting ${ROOM}` })).toBeVisible({ timeout: 20_000 });
    await expect(page.locator('[data-tile="local"] [data-indicator="camera-off"]')).toBeVisible();
    await page.getByRole('button', { name: 'Turn camera on' }).click();
    await expect(page.getByRole('alert').first()).toContainText('No camera could be started');
    await expect(page.getByRole('button', { name: 'Turn camera on' })).toBeVisible();
    await expectNoAxeViolations(page);
    await saveScreenshot(page, testInfo, 'call-camera-denied-1280x720-en');
    expect(unexpected(consoleErrors)).toEqual([]);
  });

  test('a dropped connection shows the reconnecting banner, which clears itself', async ({ page, webHost, licode, admin, consoleErrors }, testInfo) => {
    await useServer(webHost, licode.restUrl);
    await page.goto(webHost.url);
    await joinFromHome(page, 'Ada');
    await expect(page.getByRole('heading', { name: `Meeting ${ROOM}` })).toBeVisible({ timeout: 20_000 });
    // The only client that is not a synthetic participant is Ada.
    const ada = async () => (await admin.clients()).find((c) => !c.clientId.startsWith('bot-') && c.published.length > 0);
    await expect.poll(async () => (await ada())?.clientId, { timeout: 20_000, message: 'Ada is connected and publishing' }).toBeTruthy();
    await expectMovingVideo(page, 'Bot 1');
    await admin.dropClient((await ada())!.clientId, 6_000);
    const banner = page.locator('[data-banner="reconnecting"]');
    await expect(banner).toContainText('Connection lost. Reconnecting…', { timeout: 10_000 });
    // Only signalling is lost: the media connections stay up, so the video keeps playing under the banner.
    await expectMovingVideo(page, 'Bot 1', 5_000);
    await saveScreenshot(page, testInfo, 'call-reconnecting-1280x720-en');
    await expect(banner).toBeVisible();
    await expect(banner).toBeHidden({ timeout: 30_000 });
    await expect(page.locator('[data-tile][data-name="Bot 1"]')).toBeVisible();
    expect(unexpected(consoleErrors)).toEqual([]);
  });
});

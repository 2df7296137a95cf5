import type { Page } from '@playwright/test';
import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures';

/** Opens pre-join for `room` through the home screen, the way a user does. */
async function openPreJoin(page: Page, url: string, room = 'standup') {
  await page.goto(url);
  await page.getByLabel('Room name').fill(room);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Get ready to join' })).toBeVisible();
}

/** Makes getUserMedia fail for one kind of device with the given DOMException name, as the OS would. */
async function failDevice(page: Page, kind: 'video' | 'audio', errorName: string) {
  await page.addInitScript(
    ({ kind, errorName }) => {
      const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = async (constraints) => {
        if (constraints?.[kind]) throw new DOMException(`simulated ${errorName}`, errorName);
        return original(constraints);
      };
    },
    { kind, errorName },
  );
}

/** The highest level the microphone meter showed during `ms`. */
const peakMeterLevel = (page: Page, ms: number) =>
  page.getByRole('meter', { name: 'Microphone level' }).evaluate(
    (meter, duration) =>
      new Promise<number>((resolve) => {
        let peak = 0;
        const timer = setInterval(() => (peak = Math.max(peak, Number(meter.getAttribute('data-level')))), 20);
        setTimeout(() => {
          clearInterval(timer);
          resolve(peak);
        }, duration);
      }),
    ms,
  );

const videoIsPlaying = (page: Page) =>
  page
    .locator('video')
    .first()
    .evaluate((v: HTMLVideoElement) => v.videoWidth > 0 && !v.paused && v.readyState >= 2);

test.describe('pre-join', () => {
  test('previews camera and microphone and lists the devices', async ({ page, webHost, savedProfile, consoleErrors }, testInfo) => {
    await openPreJoin(page, webHost.url);
    await expect(page.getByText(`Room standup on ${savedProfile.name}`)).toBeVisible();
    await expect.poll(() => videoIsPlaying(page), { timeout: 15_000 }).toBe(true);
    // Chromium's fake microphone beeps briefly once a second; the meter must move. Sampled in the page every 20 ms,
    // because a poll from here every second can land between beeps.
    expect(await peakMeterLevel(page, 5_000)).toBeGreaterThan(0.05);
    await expect(page.getByLabel('Camera', { exact: true })).toBeEnabled();
    expect(await page.getByLabel('Camera', { exact: true }).locator('option').count()).toBeGreaterThan(0);
    expect(await page.getByLabel('Microphone', { exact: true }).locator('option').count()).toBeGreaterThan(0);
    await page.getByLabel('Your name').fill('Ada Lovelace');
    await expectNoAxeViolations(page);
    await saveScreenshot(page, testInfo, 'prejoin-1280x720-en');

    await page.getByRole('button', { name: 'Turn camera off' }).click();
    await expect(page.getByText('Your camera is off')).toBeVisible();
    await page.getByRole('button', { name: 'Mute microphone' }).click();
    await expect(page.getByRole('button', { name: 'Unmute microphone' })).toBeVisible();
    await expect(page.getByRole('meter', { name: 'Microphone level' })).toHaveAttribute('aria-valuenow', '0');
    await expectNoAxeViolations(page);
    await saveScreenshot(page, testInfo, 'prejoin-camera-off-1280x720-en');
    expect(consoleErrors).toEqual([]);
  });

  test('plays a test tone on the chosen speaker', async ({ page, webHost, savedProfile, consoleErrors }) => {
    expect(savedProfile.id).toBe('lab');
    await openPreJoin(page, webHost.url);
    await page.getByRole('button', { name: 'Play test sound' }).click();
    await expect(page.getByRole('button', { name: 'Playing…' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Play test sound' })).toBeVisible({ timeout: 10_000 });
    expect(consoleErrors).toEqual([]);
  });

  test('joins with the chosen name and devices and remembers them', async ({ page, webHost, tokenServer, savedProfile, consoleErrors }) => {
    await openPreJoin(page, webHost.url, 'weekly sync');
    await expect.poll(() => videoIsPlaying(page), { timeout: 15_000 }).toBe(true);
    await page.getByLabel('Your name').fill('Grace Hopper');
    await page.getByRole('button', { name: 'Mute microphone' }).click();
    expect(consoleErrors).toEqual([]);
    await page.getByRole('button', { name: 'Join now' }).click();

    // Pre-join hands over to the call view (which then talks to the Licode server named in the token).
    await expect(page.getByRole('heading', { name: 'Get ready to join' })).toBeHidden();
    expect(tokenServer.requests.at(-1)).toEqual({ username: 'Grace Hopper', role: savedProfile.defaultRole, room: 'weekly sync' });
    expect(webHost.config.get()).toMatchObject({
      displayName: 'Grace Hopper',
      joinWithCamera: true,
      joinWithMicrophone: false,
      // A token alone is no join: the room becomes a recent room once the call connects (e2e/app/home-demo.spec.ts).
      recentRooms: [],
    });
    expect(JSON.stringify(webHost.config.get())).not.toContain('signature');

    // Back through the home screen, pre-join offers the same name and devices.
    await openPreJoin(page, webHost.url, 'weekly sync');
    await expect(page.getByLabel('Your name')).toHaveValue('Grace Hopper');
    await expect(page.getByRole('button', { name: 'Unmute microphone' })).toBeVisible();
  });

  test('requires a display name', async ({ page, webHost, savedProfile, consoleErrors }) => {
    expect(savedProfile.name).toBe('Lab server');
    await openPreJoin(page, webHost.url);
    await page.getByRole('button', { name: 'Join now' }).click();
    await expect(page.getByText('Enter the name others will see.')).toBeVisible();
    await expect(page.getByLabel('Your name')).toBeFocused();
    expect(consoleErrors).toEqual([]);
  });

  const tokenFailures = [
    { mode: 'refuse' as const, text: 'The server refused to issue a token (HTTP 401)' },
    { mode: 'html' as const, text: 'it is not a Licode token server' },
    { mode: 'garbage' as const, text: 'it is not a Licode token server' },
    { mode: 'malformed' as const, text: 'The server sent a token that could not be read' },
  ];
  for (const failure of tokenFailures) {
    test(`explains a failed token request on join (${failure.mode})`, async ({ page, webHost, tokenServer, savedProfile, consoleErrors }, testInfo) => {
      expect(savedProfile.serverUrl).toBe(tokenServer.url);
      await openPreJoin(page, webHost.url);
      tokenServer.mode = failure.mode;
      await page.getByLabel('Your name').fill('Ada');
      await page.getByRole('button', { name: 'Join now' }).click();
      await expect(page.getByRole('alert')).toContainText(failure.text);
      await expect(page.getByRole('heading', { name: 'Get ready to join' })).toBeVisible();
      expect(webHost.config.get().recentRooms).toEqual([]);
      await expectNoAxeViolations(page);
      await saveScreenshot(page, testInfo, `prejoin-token-${failure.mode}-en`);
      expect(consoleErrors).toEqual([]);
    });
  }

  test('explains an unreachable server on join', async ({ page, webHost, tokenServer, savedProfile, consoleErrors }) => {
    expect(savedProfile.serverUrl).toBe(tokenServer.url);
    await openPreJoin(page, webHost.url);
    await tokenServer.close();
    await page.getByLabel('Your name').fill('Ada');
    await page.getByRole('button', { name: 'Join now' }).click();
    await expect(page.getByRole('alert')).toContainText('The server could not be reached');
    expect(consoleErrors).toEqual([]);
  });

  const deviceFailures = [
    { kind: 'video' as const, error: 'NotAllowedError', text: 'Licode Desktop is not allowed to use your camera', shot: 'camera-denied' },
    { kind: 'audio' as const, error: 'NotReadableError', text: 'Your microphone is being used by another application', shot: 'microphone-busy' },
    { kind: 'video' as const, error: 'NotFoundError', text: 'No camera was found', shot: 'camera-missing' },
  ];
  for (const failure of deviceFailures) {
    test(`explains ${failure.shot}`, async ({ page, webHost, savedProfile, consoleErrors }, testInfo) => {
      expect(savedProfile.id).toBe('lab');
      await failDevice(page, failure.kind, failure.error);
      await openPreJoin(page, webHost.url);
      await expect(page.getByText(failure.text)).toBeVisible();
      await expectNoAxeViolations(page);
      await saveScreenshot(page, testInfo, `prejoin-${failure.shot}-en`);
      expect(consoleErrors).toEqual([]);
      // The other device still works and the user can still join with what they have.
      await page.getByLabel('Your name').fill('Ada');
      await page.getByRole('button', { name: 'Join now' }).click();
      await expect(page.getByRole('heading', { name: 'Get ready to join' })).toBeHidden();
    });
  }

  test('camera denied, in Chinese, at 800x600', async ({ page, webHost, savedProfile, consoleErrors }, testInfo) => {
    expect(savedProfile.id).toBe('lab');
    await webHost.config.update((c) => ({ ...c, language: 'zh-CN' }));
    await failDevice(page, 'video', 'NotAllowedError');
    await page.setViewportSize({ width: 800, height: 600 });
    await page.goto(webHost.url);
    await page.getByLabel('房间名称').fill('站会');
    await page.getByRole('button', { name: '继续' }).click();
    await expect(page.getByText('Licode Desktop 无权使用您的摄像头')).toBeVisible();
    await expectNoAxeViolations(page);
    await saveScreenshot(page, testInfo, 'prejoin-camera-denied-800x600-zh-CN');
    expect(consoleErrors).toEqual([]);
  });

  test('fits 800x600 in both languages', async ({ page, webHost, savedProfile, consoleErrors }, testInfo) => {
    expect(savedProfile.id).toBe('lab');
    await page.setViewportSize({ width: 800, height: 600 });
    await openPreJoin(page, webHost.url);
    await expect.poll(() => videoIsPlaying(page), { timeout: 15_000 }).toBe(true);
    await page.getByLabel('Your name').fill('Ada Lovelace');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, testInfo, 'prejoin-800x600-en');
    await page.getByLabel('Language').selectOption('zh-CN');
    await expect(page.getByRole('heading', { name: '准备加入' })).toBeVisible();
    await expectNoAxeViolations(page);
    await saveScreenshot(page, testInfo, 'prejoin-800x600-zh-CN');
    await page.setViewportSize({ width: 1280, height: 720 });
    await saveScreenshot(page, testInfo, 'prejoin-1280x720-zh-CN');
    expect(consoleErrors).toEqual([]);
  });
});

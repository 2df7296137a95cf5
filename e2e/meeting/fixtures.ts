/**
 * Fixtures for the meeting (call view) specs: the app fixtures of e2e/app (web host, axe, screenshots) plus a
 * Licode test server with two synthetic participants and helpers to drive the app the way a user does.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { AdminClient } from '../server/admin-client';
import type { WebHostApp } from '../../main/web-host/app';
import type { DetectedGeneration, ServerProfile } from '../../common/api-contract';
import { startTestServer, type Dialect, type RunningTestServer } from '../server/index';
import type { AVersion } from '../server/signalling/dialect-a/a-controller';
import type { BVersion } from '../server/signalling/dialect-b/b-generations';
import type { CVersion } from '../server/signalling/dialect-c/c-generations';
import { test as appTest, expect } from '../app/fixtures';

export { expect };
export { expectNoAxeViolations, saveScreenshot } from '../app/fixtures';

export const ROOM = 'standup';

export interface MeetingFixtures {
  dialect: Dialect;
  /** Dialect A only: which Licode version the test server plays (default v4). */
  aVersion: AVersion;
  /** Dialect B only: which Licode version the test server plays (default v8). */
  bVersion: BVersion;
  /** Dialect C only: which Licode version the test server plays (default HEAD). */
  cVersion: CVersion;
  licode: RunningTestServer;
  admin: AdminClient;
  /** Opens another browser context (another person) with camera and microphone allowed. */
  secondContext: BrowserContext;
}

export const test = appTest.extend<MeetingFixtures>({
  dialect: ['C', { option: true }],
  aVersion: ['v4', { option: true }],
  bVersion: ['v8', { option: true }],
  cVersion: ['head', { option: true }],
  licode: async ({ dialect, aVersion, bVersion, cVersion }, use) => {
    const server = await startTestServer({ dialect, aVersion, bVersion, cVersion, bots: 2, botsRoom: ROOM });
    await use(server);
    await server.close();
  },
  admin: async ({ licode }, use) => {
    await use(new AdminClient(licode.adminUrl));
  },
  secondContext: async ({ browser }, use) => {
    const context = await newPerson(browser);
    await use(context);
    await context.close();
  },
});

export function newPerson(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ permissions: ['camera', 'microphone'], viewport: { width: 1280, height: 720 } });
}

/** First run: add a server through the form (tested live), landing on the home screen. */
export async function addServer(page: Page, url: string, name = 'Lab server'): Promise<void> {
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Server URL').fill(url);
  await page.getByRole('button', { name: 'Test and save' }).click();
  await expect(page.getByRole('heading', { name: 'Join a meeting' })).toBeVisible({ timeout: 15_000 });
}

/** From the home screen through pre-join into the call. */
export async function joinFromHome(page: Page, displayName: string, room = ROOM): Promise<void> {
  await page.getByLabel('Room name').fill(room);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Get ready to join' })).toBeVisible();
  await page.getByLabel('Your name').fill(displayName);
  // Like a person, look at the preview first (the app also copes with a camera still starting: see the call spec).
  await expect
    .poll(
      () =>
        page
          .locator('video')
          .first()
          .evaluate((v: HTMLVideoElement) => v.videoWidth > 0 && !v.paused),
      { timeout: 15_000 },
    )
    .toBe(true);
  await page.getByRole('button', { name: 'Join now' }).click();
}

/**
 * Saves a "Lab server" profile for the test server and makes it the active one, as the server form would; with
 * `detectedGeneration`, as if an earlier join had detected (and remembered) it.
 */
export async function useLabServer(webHost: Pick<WebHostApp, 'config'>, restUrl: string, detectedGeneration?: DetectedGeneration): Promise<void> {
  const profile: ServerProfile = {
    id: 'lab',
    name: 'Lab server',
    serverUrl: restUrl,
    generation: 'auto',
    defaultRole: 'presenter',
    allowSelfSigned: false,
    ...(detectedGeneration ? { detectedGeneration } : {}),
  };
  await webHost.config.update((config) => ({ ...config, profiles: [profile], activeProfileId: profile.id }));
}

/** Opens the app at `url` and joins the meeting as `displayName`, until the call view shows. */
export async function enterMeeting(page: Page, url: string, displayName: string): Promise<void> {
  await page.goto(url);
  await joinFromHome(page, displayName);
  await expect(page.getByRole('heading', { name: `Meeting ${ROOM}` })).toBeVisible({ timeout: 20_000 });
}

/** The id of the publication named `name` (its `name` attribute), once the server lists it. */
export async function streamIdOf(admin: AdminClient, name: string): Promise<number> {
  let id: number | undefined;
  await expect
    .poll(async () => {
      id = (await admin.streams()).find((s) => (s.attributes as { name?: string } | undefined)?.name === name)?.id as number | undefined;
      return id;
    })
    .toBeDefined();
  return id!;
}

export const tile = (page: Page, name: string) => page.locator(`[data-tile][data-name="${name}"]`).first();

/** Decoded frames of the video in the tile of `name` (0 when it has none). */
export function framesOf(page: Page, name: string): Promise<number> {
  return tile(page, name)
    .locator('video')
    .evaluate((video: HTMLVideoElement) => (video.srcObject && !video.paused ? video.getVideoPlaybackQuality().totalVideoFrames : 0));
}

/** Asserts the tile's video is really moving: decoded frames keep increasing, not just an element on screen. */
export async function expectMovingVideo(page: Page, name: string, timeout = 30_000): Promise<void> {
  let first = 0;
  await expect.poll(async () => (first = await framesOf(page, name)), { timeout, message: `video of ${name} starts` }).toBeGreaterThan(0);
  await expect.poll(() => framesOf(page, name), { timeout: 15_000, message: `video of ${name} advances` }).toBeGreaterThan(first + 5);
}

/**
 * Plugs a second camera into the page's view of the system. Chromium's second fake camera (device-count=2)
 * cannot be encoded after RTCRtpSender.replaceTrack (measured: framesEncoded stops), so the "second camera" is
 * backed by a fresh capture of the first fake device: the app really opens a new track and replaces it.
 * `window.unplugSecondCamera()` removes it again and fires `devicechange`, like pulling the USB cable.
 */
export async function installSecondCamera(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const devices = navigator.mediaDevices;
    const enumerate = devices.enumerateDevices.bind(devices);
    const getUserMedia = devices.getUserMedia.bind(devices);
    let plugged = true;
    const second = {
      deviceId: 'second-camera',
      groupId: 'second-camera-group',
      kind: 'videoinput',
      label: 'Second camera',
      toJSON: () => ({}),
    } as MediaDeviceInfo;
    devices.enumerateDevices = async () => [...(await enumerate()), ...(plugged ? [second] : [])];
    devices.getUserMedia = async (constraints) => {
      const video = constraints?.video;
      const wanted =
        typeof video === 'object' && video.deviceId && typeof video.deviceId === 'object' && 'exact' in video.deviceId ? video.deviceId.exact : undefined;
      if (wanted !== 'second-camera') return getUserMedia(constraints);
      if (!plugged) throw new DOMException('Requested device not found', 'NotFoundError');
      const stream = await getUserMedia({ ...constraints, video: { width: 640, height: 360 } });
      const track = stream.getVideoTracks()[0]!;
      const settings = track.getSettings.bind(track);
      track.getSettings = () => ({ ...settings(), deviceId: 'second-camera' });
      (window as unknown as { secondCameraTrack: MediaStreamTrack }).secondCameraTrack = track;
      return stream;
    };
    (window as unknown as { unplugSecondCamera: () => void }).unplugSecondCamera = () => {
      plugged = false;
      devices.dispatchEvent(new Event('devicechange'));
    };
  });
}

/** Records every message the polite live region shows, in order (old ones leave it after a while). */
export async function recordAnnouncements(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const said: string[] = [];
    const seen = new WeakSet<Element>();
    (window as unknown as { announcements: string[] }).announcements = said;
    new MutationObserver(() => {
      for (const item of document.querySelectorAll('[role="status"][aria-live="polite"] > *')) {
        if (seen.has(item)) continue;
        seen.add(item);
        const text = item.textContent?.trim() ?? '';
        if (text) said.push(text);
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

/** What the live region said since recordAnnouncements(page), in order. */
export const announcements = (page: Page) => page.evaluate(() => [...(window as unknown as { announcements: string[] }).announcements]);

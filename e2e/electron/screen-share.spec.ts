/**
 * Presenting in the real Electron app: getDisplayMedia opens our picker (screens and windows with thumbnails), the
 * source picked is the one captured, and while the share runs the sharing bar window floats above everything, never
 * takes focus, is excluded from capture and controls the share; the compact presenter view shrinks the meeting window
 * and gives it back. Skipped with the reason where Electron's binary (or a display) is missing, like electron-app.spec.ts.
 */
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinaryPath } from '../../scripts/electron-binary.mjs';
import type { SharingBarBridge } from '../../common/sharing-bar-api';
import { addServer, joinFromHome, ROOM } from '../meeting/fixtures';
import { startTestServer, type RunningTestServer } from '../server/index';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const binary = electronBinaryPath();
const skipReason = !binary
  ? "Electron's binary is not installed here (node_modules/electron/dist is missing; `node node_modules/electron/install.js` fetches it)"
  : process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']
    ? 'no display for Electron on Linux (DISPLAY and WAYLAND_DISPLAY are unset; run the tests under xvfb-run)'
    : null;

let app: ElectronApplication | undefined;
let userData: string | undefined;
let licode: RunningTestServer | undefined;

test.beforeEach(async () => {
  if (skipReason) {
    console.log(`[electron e2e] skipped: ${skipReason}`);
    test.skip(true, skipReason);
  }
  expect(existsSync(join(ROOT, 'out/preload/sharing-bar.cjs')), 'out/preload/sharing-bar.cjs is missing: run `npm run build` first').toBe(true);
  expect(existsSync(join(ROOT, 'out/renderer/sharing-bar.html')), 'out/renderer/sharing-bar.html is missing: run `npm run build` first').toBe(true);
  licode = await startTestServer({ dialect: 'C', bots: 1, botsRoom: ROOM });
  userData = await mkdtemp(join(tmpdir(), 'licode-electron-share-'));
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
  delete env['ELECTRON_RUN_AS_NODE'];
  app = await electron.launch({
    executablePath: binary!,
    // Chromium's fake camera and microphone, as in the web-host specs; the screens and windows are the display's own.
    args: [ROOT, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', ...(process.platform === 'linux' ? ['--no-sandbox'] : [])],
    cwd: ROOT,
    env: { ...env, LICODE_DESKTOP_USER_DATA: userData },
  });
});

test.afterEach(async () => {
  await app?.close();
  app = undefined;
  await licode?.close();
  licode = undefined;
  if (userData) await rm(userData, { recursive: true, force: true });
  userData = undefined;
});

async function joinCall(): Promise<Page> {
  const page = await app!.firstWindow();
  await addServer(page, licode!.restUrl);
  await joinFromHome(page, 'Ada');
  await expect(page.getByRole('heading', { name: `Meeting ${ROOM}` })).toBeVisible({ timeout: 20_000 });
  return page;
}

/** Opens the picker from the call and shares the second screen (the first window where the machine has one screen). */
async function shareSecondSource(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Share screen' }).click();
  const picker = page.getByRole('dialog', { name: 'Choose what to share' });
  const sources = picker.getByRole('radiogroup', { name: 'Screens and windows' }).getByRole('radio');
  await expect(sources.first()).toBeVisible({ timeout: 15_000 });
  const screens = picker.locator('[data-source-id^="screen:"]');
  const chosen = (await screens.count()) >= 2 ? screens.nth(1) : picker.locator('[data-source-id^="window:"]').first();
  if ((await screens.count()) < 2)
    test.info().annotations.push({ type: 'note', description: 'one screen here: a window was shared instead of a second screen' });
  await chosen.click();
  const name = (await chosen.locator('.name').textContent())!.trim();
  await picker.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(picker).toBeHidden();
  return name;
}

/** The sharing bar window's page, once main has opened it. */
async function sharingBarPage(): Promise<Page> {
  await expect.poll(() => app!.windows().some((page) => page.url().endsWith('/sharing-bar.html')), { timeout: 10_000 }).toBe(true);
  return app!.windows().find((page) => page.url().endsWith('/sharing-bar.html'))!;
}

function sharingBarWindow() {
  return app!.evaluate(({ BrowserWindow, screen }) => {
    const win = BrowserWindow.getAllWindows().find((w) => w.webContents.getURL().endsWith('/sharing-bar.html'));
    if (!win) return null;
    const bounds = win.getBounds();
    return {
      alwaysOnTop: win.isAlwaysOnTop(),
      focusable: win.isFocusable(),
      focused: win.isFocused(),
      contentProtected: win.isContentProtected(),
      visible: win.isVisible(),
      bounds,
      workArea: screen.getDisplayMatching(bounds).workArea,
    };
  });
}

test('getDisplayMedia opens our picker with thumbnails, and the source picked is the one shared', async () => {
  const page = await joinCall();
  await page.getByRole('button', { name: 'Share screen' }).click();
  const picker = page.getByRole('dialog', { name: 'Choose what to share' });
  const sources = picker.getByRole('radiogroup', { name: 'Screens and windows' }).getByRole('radio');
  await expect(sources.first()).toBeVisible({ timeout: 15_000 });
  expect(await sources.count()).toBeGreaterThanOrEqual(2);
  // Screens come first, each with a live thumbnail; our own windows are not offered.
  await expect(sources.first()).toHaveAttribute('data-source-id', /^screen:/);
  await expect(picker.locator('[data-source-id^="screen:"] .thumbnail img').first()).toBeVisible();
  await expect(sources.filter({ hasText: 'Licode Desktop' })).toHaveCount(0);
  // Cancelling shares nothing.
  await page.keyboard.press('Escape');
  await expect(picker).toBeHidden();
  await expect(page.locator('[data-share-preview]')).toHaveCount(0);

  const name = await shareSecondSource(page);
  await expect(page.getByRole('toolbar', { name: 'Screen sharing controls' })).toBeVisible();
  await expect.poll(() => page.locator('[data-share-preview] video').evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 15_000 }).toBeGreaterThan(0);
  // Main captured exactly what was picked: the bar names it.
  const bar = await sharingBarPage();
  await expect(bar.getByRole('status')).toHaveText(`You are sharing ${name}`);
});

test('the sharing bar window floats, never takes focus, is excluded from capture, and pauses and stops the share', async () => {
  const page = await joinCall();
  await shareSecondSource(page);
  const bar = await sharingBarPage();
  await expect(bar.getByRole('toolbar', { name: 'Screen sharing controls' })).toBeVisible();
  const shown = await sharingBarWindow();
  expect(shown).toMatchObject({ alwaysOnTop: true, focusable: false, focused: false, contentProtected: true, visible: true });
  // Top centre of its display.
  const { bounds, workArea } = shown!;
  expect(Math.abs(bounds.x + bounds.width / 2 - (workArea.x + workArea.width / 2))).toBeLessThanOrEqual(1);
  expect(bounds.y - workArea.y).toBeLessThanOrEqual(8);
  // Its page has the bar's two functions and nothing of the main window's API.
  expect(
    await bar.evaluate(() => ({
      bar: Object.keys((window as unknown as { licodeSharingBar: SharingBarBridge }).licodeSharingBar).sort(),
      mainApi: 'licodeDesktop' in window,
      node: ['require', 'process'].filter((name) => name in window),
    })),
  ).toEqual({ bar: ['control', 'onState'], mainApi: false, node: [] });

  await bar.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('toolbar', { name: 'Screen sharing controls' }).getByRole('status')).toHaveText('Sharing paused');
  await expect(bar.getByRole('status')).toHaveText('Sharing paused');
  await bar.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByRole('toolbar', { name: 'Screen sharing controls' }).getByRole('status')).toHaveText('You are sharing your screen');

  await bar.getByRole('button', { name: 'Stop sharing' }).click();
  await expect(page.getByRole('toolbar', { name: 'Screen sharing controls' })).toHaveCount(0);
  await expect.poll(() => sharingBarWindow(), { timeout: 5_000 }).toBeNull();
});

test('the compact presenter view shrinks the meeting window on top of the others, and gives it back', async () => {
  const page = await joinCall();
  const mainWindow = () =>
    app!.evaluate(({ BrowserWindow }) => {
      const win = BrowserWindow.getAllWindows().find((w) => w.webContents.getURL().endsWith('/index.html'))!;
      return { bounds: win.getBounds(), alwaysOnTop: win.isAlwaysOnTop() };
    });
  const before = await mainWindow();
  await shareSecondSource(page);
  await page.getByRole('toolbar', { name: 'Screen sharing controls' }).getByRole('button', { name: 'Compact view' }).click();
  await expect(page.getByRole('region', { name: 'Compact presenter view' })).toBeVisible();
  await expect.poll(async () => (await mainWindow()).bounds.width).toBe(360);
  expect(await mainWindow()).toMatchObject({ alwaysOnTop: true, bounds: { width: 360, height: 440 } });

  await page.getByRole('button', { name: 'Back to full view' }).click();
  await expect.poll(() => mainWindow()).toEqual(before);
  // Stopping the share from the compact view ends it too.
  await page.getByRole('toolbar', { name: 'Screen sharing controls' }).getByRole('button', { name: 'Compact view' }).click();
  await page.getByRole('region', { name: 'Compact presenter view' }).getByRole('button', { name: 'Stop sharing' }).click();
  await expect.poll(() => mainWindow()).toEqual(before);
  await expect.poll(() => sharingBarWindow(), { timeout: 5_000 }).toBeNull();
});

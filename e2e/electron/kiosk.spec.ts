/**
 * Kiosk mode in real Electron (`--kiosk`, main/electron/kiosk-mode.ts): the full-screen window with no menu that
 * refuses to close, the Electron watchdog reloading a crashed renderer (and the status endpoint saying so), the
 * configuration-error screen, and the PIN exit. The server named is one nobody listens on: the kiosk shows its
 * offline screen, which is enough for the window, the watchdog and the exit. Skipped with the reason where Electron
 * cannot run (desktop-app.ts).
 */
import { expect, test } from '@playwright/test';
import { hashPin } from '../../main/kiosk/pin';
import type { KioskStatusSnapshot } from '../../main/kiosk/status';
import { freePort } from '../kiosk/fixtures';
import { launchDesktopApp, skipWithoutElectron, windowCount, type DesktopApp } from './desktop-app';

const PIN = '2468';

let desktop: DesktopApp | undefined;
test.beforeEach(skipWithoutElectron);
test.afterEach(async () => {
  await desktop?.dispose();
  desktop = undefined;
});

/** Starts the app as a kiosk of room "boardroom" on a server that is down, with its status endpoint on a free port. */
async function launchKiosk(extraFlags: string[] = []): Promise<{ desktop: DesktopApp; statusUrl: string }> {
  const [serverPort, statusPort] = [await freePort(), await freePort()];
  const flags = ['--kiosk', '--kiosk-server', `http://127.0.0.1:${serverPort}`, '--kiosk-room', 'boardroom', '--kiosk-status-port', String(statusPort)];
  desktop = await launchDesktopApp([...flags, ...extraFlags]);
  return { desktop, statusUrl: `http://127.0.0.1:${statusPort}/status` };
}

async function readStatus(statusUrl: string): Promise<KioskStatusSnapshot> {
  const response = await fetch(statusUrl);
  expect(response.status).toBe(200);
  return (await response.json()) as KioskStatusSnapshot;
}

test('the kiosk window is full screen with no menu, and closing it is refused', async () => {
  const { desktop } = await launchKiosk();
  const { app } = desktop;
  await expect
    .poll(() =>
      app.evaluate(({ BrowserWindow, Menu }) => {
        const [window] = BrowserWindow.getAllWindows();
        return { kiosk: window?.isKiosk(), fullScreen: window?.isFullScreen(), menu: Menu.getApplicationMenu() };
      }),
    )
    .toEqual({ kiosk: true, fullScreen: true, menu: null });
  // What Alt+F4 or the window manager's close does.
  await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await windowCount(app)).toBe(1);
});

test('a crashed renderer is reloaded by the watchdog, and the status endpoint reports the transition', async () => {
  const { desktop, statusUrl } = await launchKiosk();
  // The page is up and talking to main: it has reported a state of its own after 'starting'.
  await expect.poll(async () => (await readStatus(statusUrl)).state, { timeout: 20_000 }).not.toBe('starting');
  await desktop.app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.webContents.forcefullyCrashRenderer());
  await expect
    .poll(async () => (await readStatus(statusUrl)).history.filter((entry) => entry.state === 'reloading').map((entry) => entry.reason), { timeout: 20_000 })
    .toEqual([expect.stringMatching(/^renderer crashed/)]);
  // The reloaded page reports again (joining, then offline: the server is down).
  await expect
    .poll(
      async () => {
        const status = await readStatus(statusUrl);
        return { reloadCount: status.reloadCount, state: status.state };
      },
      { timeout: 20_000 },
    )
    .toMatchObject({ reloadCount: 1, state: expect.stringMatching(/^(joining|offline)$/) });
  expect(await windowCount(desktop.app)).toBe(1);
});

test('a configuration error still opens the kiosk window, showing the error that names the key', async () => {
  // No server: the one required key that is missing.
  desktop = await launchDesktopApp(['--kiosk', '--kiosk-room', 'boardroom']);
  const error = desktop.page.locator('[role="alert"][data-config-key="server"]');
  await expect(error).toBeVisible();
  await expect(error).toContainText('Kiosk configuration: server');
  expect(await desktop.app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.isKiosk())).toBe(true);
});

test('a wrong PIN keeps the kiosk running; the right PIN quits the app', async () => {
  // A cheap hash (N=2^10) keeps the check fast; the format is the production one.
  const pinHash = await hashPin(PIN, { N: 2 ** 10, r: 8, p: 1 });
  const { desktop } = await launchKiosk(['--kiosk-pin-hash', pinHash]);
  const { app, page } = desktop;
  const exit = (pin: string) => page.evaluate((typed) => window.licodeDesktop!.invoke('kiosk:exit', { pin: typed }), pin);
  expect(await exit('1357')).toMatchObject({ ok: true, value: { outcome: 'refused' } });
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await windowCount(app)).toBe(1);
  const closed = new Promise<void>((resolve) => app.once('close', () => resolve()));
  expect(await exit(PIN)).toEqual({ ok: true, value: { outcome: 'accepted' } });
  await closed;
});

/**
 * Launching the real Electron app for the desktop-citizen specs (tray, meeting links, close confirmation,
 * notifications). Where Electron's binary or a display is missing, every test is skipped with the reason.
 * What the OS would show (tray menu, native dialog, notification) is read back, or answered, by replacing the
 * Electron method on its prototype or module from inside main (app.evaluate), before the app next calls it.
 */
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallStateReport } from '../../common/api-contract';
import { electronBinaryPath } from '../../scripts/electron-binary.mjs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const binary = electronBinaryPath();
const skipReason = !binary
  ? "Electron's binary is not installed here (node_modules/electron/dist is missing; `node node_modules/electron/install.js` fetches it)"
  : process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']
    ? 'no display for Electron on Linux (DISPLAY and WAYLAND_DISPLAY are unset; run the tests under xvfb-run)'
    : null;

/** In a spec's beforeEach: skip, saying why, where Electron cannot run. */
export function skipWithoutElectron(): void {
  if (!skipReason) return;
  // CI shows only the list reporter, which does not print skip reasons: say it on stdout too.
  console.log(`[electron e2e] skipped: ${skipReason}`);
  test.skip(true, skipReason);
}

export interface DesktopApp {
  app: ElectronApplication;
  page: Page;
  userData: string;
  /** Closes the app if it still runs and removes its user data. */
  dispose(): Promise<void>;
}

function electronEnv(userData: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
  delete env['ELECTRON_RUN_AS_NODE']; // set by some editors' terminals; Electron would then start as plain Node
  env['LICODE_DESKTOP_USER_DATA'] = userData;
  return env;
}

const platformArgs = () => (process.platform === 'linux' ? ['--no-sandbox'] : []);

/** Starts the built app (out/) with a fresh user-data directory; `extraArgs` follow the app path, as the OS passes a link. */
export async function launchDesktopApp(extraArgs: string[] = []): Promise<DesktopApp> {
  // npm test builds first; a missing build is a failure here, not a skip.
  expect(existsSync(join(ROOT, 'out/main/index.js')), 'out/main/index.js is missing: run `npm run build` first').toBe(true);
  const userData = await mkdtemp(join(tmpdir(), 'licode-electron-'));
  const app = await electron.launch({ executablePath: binary!, args: [ROOT, ...platformArgs(), ...extraArgs], cwd: ROOT, env: electronEnv(userData) });
  let running = true;
  app.on('close', () => (running = false));
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  return {
    app,
    page,
    userData,
    dispose: async () => {
      if (running) await app.close();
      await rm(userData, { recursive: true, force: true });
    },
  };
}

/** A second launch of the app with the same user data (the OS starting it again for a link); resolves when it exits. */
export function launchSecondInstance(desktop: DesktopApp, extraArgs: string[]): Promise<number | null> {
  const child = spawn(binary!, [ROOT, ...platformArgs(), ...extraArgs], { cwd: ROOT, env: electronEnv(desktop.userData), stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
}

/** The first-run screen is up: the page has reported "not in a call" and listens to main. */
export async function firstRunShown(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Add a Licode server' })).toBeVisible();
}

/** Tells main what the call screen would (call:state), without a Licode server. */
export async function reportCall(page: Page, state: CallStateReport): Promise<void> {
  const result = await page.evaluate((report) => window.licodeDesktop!.invoke('call:state', report), state);
  expect(result).toEqual({ ok: true, value: null });
}

/** How many windows main has open. */
export function windowCount(app: ElectronApplication): Promise<number> {
  return app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
}

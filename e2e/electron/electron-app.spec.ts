/**
 * The real Electron app. Electron's binary cannot be downloaded on every machine (see README); there these
 * tests are reported as skipped with the reason instead of silently missing.
 */
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { electronBinaryPath } from '../../scripts/electron-binary.mjs';

const binary = electronBinaryPath();
test.skip(!binary, "Electron's binary is not installed here (node_modules/electron/dist is missing; `node node_modules/electron/install.js` fetches it)");

let app: ElectronApplication;
let userData: string;

test.beforeEach(async () => {
  userData = await mkdtemp(join(tmpdir(), 'licode-electron-'));
  app = await electron.launch({
    executablePath: binary!,
    args: ['.', ...(process.platform === 'linux' ? ['--no-sandbox'] : [])],
    env: { ...process.env, LICODE_DESKTOP_USER_DATA: userData } as Record<string, string>,
  });
});

test.afterEach(async () => {
  await app?.close();
  await rm(userData, { recursive: true, force: true });
});

test('creates one secure window showing the first-run screen', async () => {
  const page = await app.firstWindow();
  await expect(page.getByRole('heading', { name: 'Add a Licode server' })).toBeVisible();
  const windows = await app.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows().map((win) => ({ url: win.webContents.getURL(), title: win.getTitle() })),
  );
  expect(windows).toEqual([{ url: 'app://licode/index.html', title: 'Licode Desktop' }]);
  // Sandboxed, isolated renderer: no Node globals leak into the page.
  expect(await page.evaluate(() => ['require', 'process', 'module', 'Buffer'].filter((name) => name in window))).toEqual([]);
});

test('exposes only the typed preload API, validating its arguments', async () => {
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  const probe = await page.evaluate(async () => {
    const api = window.licodeDesktop!;
    const info = await api.invoke('app:info', undefined);
    // Deliberately wrong arguments, as a compromised page might send them.
    const bad = await (api.invoke as (c: string, a: unknown) => Promise<unknown>)('config:update', { language: 'klingon' });
    return { host: api.host, info, bad, hasRequire: 'require' in window, hasProcess: 'process' in window };
  });
  expect(probe.host).toBe('electron');
  expect(probe.info).toMatchObject({ ok: true, value: { name: 'Licode Desktop', host: 'electron' } });
  expect(probe.bad).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
  expect(probe.hasRequire).toBe(false);
  expect(probe.hasProcess).toBe(false);
});
